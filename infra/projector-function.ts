import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue/index.js";
import { mediaPrefix } from "../media/media-keys.js";
import { projectorEventSource, projectorTimeoutSeconds } from "../projector/event-source.js";
import type { BoardTable } from "./table.js";
import { lambdaTrustPolicy } from "./lambda-trust.js";
import { lambdaPackage } from "./lambda-package.js";

/** Reading the table's stream: exactly these four, on the stream's ARN (the event source mapping reads with the function's role). */
export const streamReadActions = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"];
/**
 * What the projector sends to the table: recount (GetItem, Query, UpdateItem), remove orphans
 * (GetItem, DeleteItem, BatchWriteItem of their images' records), number posts and count them out
 * (transactions of UpdateItem, PutItem and DeleteItem), keep notices (PutItem, DeleteItem).
 */
export const projectorTableActions = [
  "dynamodb:BatchWriteItem",
  "dynamodb:DeleteItem",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:UpdateItem",
];

/**
 * The third function: the stream projector (projector/handler.ts, its own bundle), fed by the
 * table's stream through an event source mapping configured from projector/event-source.ts, with
 * partial batch responses, bisecting, bounded retries and record age, and failures described on
 * an SQS queue.
 */
export class ProjectorFunction extends Construct {
  readonly lambda: LambdaFunction;
  readonly mapping: LambdaEventSourceMapping;

  constructor(
    scope: Construct,
    id: string,
    props: {
      name: string;
      codeDir: string;
      table: BoardTable;
      logGroup: CloudwatchLogGroup;
      failureQueue: SqsQueue;
      mediaBucketArn: string;
      mediaBucket: string;
      metricsNamespace: string;
      /** Reports since the moderator's last decision that hide an item pending review (a Terraform expression or number). */
      reportHideThreshold: string;
    },
  ) {
    super(scope, id);
    const role = new IamRole(this, "role", {
      name: props.name,
      assumeRolePolicy: lambdaTrustPolicy,
    });
    const policy = new IamRolePolicy(this, "policy", {
      role: role.id,
      name: "stream-projector",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${props.logGroup.arn}:*`] },
          { Sid: "ReadStream", Effect: "Allow", Action: streamReadActions, Resource: [props.table.table.streamArn] },
          { Sid: "ProjectIntoTable", Effect: "Allow", Action: projectorTableActions, Resource: [props.table.table.arn] },
          { Sid: "DescribeFailures", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [props.failureQueue.arn] },
          { Sid: "DeleteOrphansImages", Effect: "Allow", Action: ["s3:DeleteObject"], Resource: [`${props.mediaBucketArn}/${mediaPrefix}*`] },
        ],
      }),
    });
    this.lambda = new LambdaFunction(this, "function", {
      functionName: props.name,
      role: role.arn,
      ...lambdaPackage(this, props.codeDir, props.logGroup),
      // It waits on DynamoDB, it does not compute: the smallest size that keeps a cold start short.
      memorySize: 256,
      timeout: projectorTimeoutSeconds,
      environment: {
        variables: {
          NODE_ENV: "production",
          TABLE_NAME: props.table.table.name,
          MEDIA_BUCKET: props.mediaBucket,
          METRICS_NAMESPACE: props.metricsNamespace,
          REPORT_HIDE_THRESHOLD: props.reportHideThreshold,
        },
      },
      dependsOn: [props.logGroup, policy],
    });
    const source = projectorEventSource;
    this.mapping = new LambdaEventSourceMapping(this, "stream", {
      eventSourceArn: props.table.table.streamArn,
      functionName: this.lambda.arn,
      startingPosition: source.startingPosition,
      batchSize: source.batchSize,
      maximumBatchingWindowInSeconds: source.maximumBatchingWindowInSeconds,
      functionResponseTypes: ["ReportBatchItemFailures"],
      bisectBatchOnFunctionError: source.bisectBatchOnFunctionError,
      maximumRetryAttempts: source.maximumRetryAttempts,
      maximumRecordAgeInSeconds: source.maximumRecordAgeInSeconds,
      destinationConfig: { onFailure: { destinationArn: props.failureQueue.arn } },
      dependsOn: [policy],
    });
  }
}
