import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission/index.js";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification/index.js";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { mediaPrefix, uploadPrefix } from "../media/media-keys.js";
import { imageFunctionTimeoutSeconds } from "../images/function-settings.js";
import type { BoardTable } from "./table.js";
import { lambdaTrustPolicy } from "./lambda-trust.js";
import { lambdaPackage } from "./lambda-package.js";

/** What the image function may do: read and delete uploads, write media, record outcomes on the table. Nothing else. */
export const imageFunctionTableActions = ["dynamodb:GetItem", "dynamodb:UpdateItem"];

/**
 * The second function: run by the media bucket's `s3:ObjectCreated` events on `uploads/`, it
 * processes each image with sharp (images/handler.ts, its own bundle with sharp's linux-arm64
 * build beside it) into `media/`.
 */
export class ImageFunction extends Construct {
  readonly lambda: LambdaFunction;

  constructor(scope: Construct, id: string, props: { name: string; codeDir: string; bucket: S3Bucket; table: BoardTable; logGroup: CloudwatchLogGroup }) {
    super(scope, id);
    const role = new IamRole(this, "role", {
      name: props.name,
      assumeRolePolicy: lambdaTrustPolicy,
    });
    const policy = new IamRolePolicy(this, "policy", {
      role: role.id,
      name: "image-function",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${props.logGroup.arn}:*`] },
          { Sid: "ReadAndDeleteUploads", Effect: "Allow", Action: ["s3:GetObject", "s3:DeleteObject"], Resource: [`${props.bucket.arn}/${uploadPrefix}*`] },
          { Sid: "WriteMedia", Effect: "Allow", Action: ["s3:PutObject", "s3:PutObjectTagging"], Resource: [`${props.bucket.arn}/${mediaPrefix}*`] },
          // Only the attachment items (their partition keys all start attachment#), nothing else in the table.
          {
            Sid: "RecordOutcomes",
            Effect: "Allow",
            Action: imageFunctionTableActions,
            Resource: [props.table.table.arn],
            Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["attachment#*"] } },
          },
        ],
      }),
    });
    this.lambda = new LambdaFunction(this, "function", {
      functionName: props.name,
      role: role.arn,
      ...lambdaPackage(this, props.codeDir, props.logGroup),
      // sharp's decoding of a 12-megapixel photo takes about half a second and a few hundred MB.
      memorySize: 1536,
      timeout: imageFunctionTimeoutSeconds,
      environment: { variables: { NODE_ENV: "production", TABLE_NAME: props.table.table.name, MEDIA_BUCKET: props.bucket.id } },
      dependsOn: [props.logGroup, policy],
    });
    const invoke = new LambdaPermission(this, "s3-invokes", {
      action: "lambda:InvokeFunction",
      functionName: this.lambda.functionName,
      principal: "s3.amazonaws.com",
      sourceArn: props.bucket.arn,
    });
    new S3BucketNotification(this, "on-upload", {
      bucket: props.bucket.id,
      lambdaFunction: [{ lambdaFunctionArn: this.lambda.arn, events: ["s3:ObjectCreated:*"], filterPrefix: uploadPrefix }],
      dependsOn: [invoke],
    });
  }
}
