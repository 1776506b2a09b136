import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import type { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter/index.js";
import type { BoardTable } from "./table.js";
import { mediaPrefix, uploadPrefix } from "../media/media-keys.js";
import { lambdaTrustPolicy } from "./lambda-trust.js";

/**
 * Exactly the DynamoDB actions the code sends (transactions need the item actions they contain;
 * post deletes batch-delete comments), logging to its own group only, and reading its own secrets.
 */
export const dynamoItemActions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"];
export const dynamoQueryActions = ["dynamodb:Query"];

export class FunctionRole extends Construct {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;

  constructor(
    scope: Construct,
    id: string,
    props: { name: string; table: BoardTable; logGroup: CloudwatchLogGroup; secrets: SsmParameter[]; tracingExpression: string; mediaBucketArn: string },
  ) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.name,
      assumeRolePolicy: lambdaTrustPolicy,
    });
    this.policy = new IamRolePolicy(this, "policy", {
      role: this.role.id,
      name: "least-privilege",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${props.logGroup.arn}:*`] },
          { Sid: "Items", Effect: "Allow", Action: dynamoItemActions, Resource: [props.table.table.arn] },
          { Sid: "Queries", Effect: "Allow", Action: dynamoQueryActions, Resource: props.table.queryableArns },
          { Sid: "Secrets", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: props.secrets.map((parameter) => parameter.arn) },
          // A presigned upload is signed with these credentials, so they must be allowed to put it.
          { Sid: "PresignUploads", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${props.mediaBucketArn}/${uploadPrefix}*`] },
          {
            Sid: "AttachAndDeleteMedia",
            Effect: "Allow",
            Action: ["s3:PutObjectTagging", "s3:DeleteObject"],
            Resource: [`${props.mediaBucketArn}/${mediaPrefix}*`],
          },
        ],
      }),
    });
    // Sending traces to X-Ray, only while tracing is on.
    new IamRolePolicyAttachment(this, "xray", {
      count: `\${${props.tracingExpression} ? 1 : 0}` as unknown as number,
      role: this.role.name,
      policyArn: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
    });
  }
}
