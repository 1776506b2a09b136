import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import type { CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription/index.js";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { metricNames } from "../api/metric-names.js";
import type { MonitoredResources } from "./monitored-resources.js";

/** Every alarm's threshold, each from a stack variable (see infra/variables.ts for the defaults). */
export interface AlarmThresholds {
  api5xxPercent: number;
  functionErrors: number;
  imageFunctionErrors: number;
  functionThrottles: number;
  dynamoThrottles: number;
  dynamoSystemErrors: number;
  p99LatencyMs: number;
  writesRefused: number;
  reportsFiled: number;
  wafBlocked: number;
  projectorIteratorAgeMs: number;
  projectorErrors: number;
  streamFailures: number;
}

export interface BoardAlarmsProps extends MonitoredResources {
  thresholds: AlarmThresholds;
  /** Terraform expression: an email address to notify, or "" for none. */
  emailExpression: string;
  /** CloudFront's WAF reports in us-east-1, so its alarm and topic live there. */
  waf: { usEast1: AwsProvider; webAclName: string; enabledExpression: string };
}

/** The DynamoDB operations the function sends (SystemErrors is reported per operation). */
const dynamoOperations = ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchWriteItem", "TransactWriteItems"];

/**
 * Alarms on what an operator must hear about within minutes: failing (API 5xx rate, function
 * errors, DynamoDB system errors), slow (p99 latency), saturated (function and DynamoDB
 * throttles), under attack (refused writes spiking, WAF blocks). All notify one SNS topic (WAF's,
 * in us-east-1, its own). No data means no traffic or nothing wrong for all of them except the
 * API's 5xx rate, where no data is "missing": a rate without requests says nothing.
 */
export class BoardAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: BoardAlarmsProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, "topic", { name: `${props.name}-alarms` });
    subscribe(this, "email", this.topic, props.emailExpression);

    const { thresholds: t } = props;
    const api = { ApiName: props.apiName, Stage: props.stageName };
    const fn = { FunctionName: props.functionName };
    const sum = (namespace: string, metricName: string, dimensions: Record<string, string>) => ({
      namespace,
      metricName,
      dimensions,
      statistic: "Sum",
      period: 300,
    });
    const query = (queryId: string, namespace: string, metricName: string, dimensions: Record<string, string>) => ({
      id: queryId,
      metric: { namespace, metricName, dimensions, period: 300, stat: "Sum" },
    });
    const alarm = (alarmId: string, description: string, config: Partial<CloudwatchMetricAlarmConfig>, provider?: AwsProvider, topic = this.topic) =>
      this.alarms.push(
        new CloudwatchMetricAlarm(this, alarmId, {
          alarmName: `${props.name}-${alarmId}`,
          alarmDescription: description,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          evaluationPeriods: 1,
          treatMissingData: "notBreaching",
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          ...(provider ? { provider } : {}),
          ...config,
        } as CloudwatchMetricAlarmConfig),
      );

    alarm("api-5xx-rate", "More than the allowed share of API requests failed with 5xx.", {
      threshold: t.api5xxPercent,
      treatMissingData: "missing",
      metricQuery: [
        query("errors", "AWS/ApiGateway", "5XXError", api),
        query("requests", "AWS/ApiGateway", "Count", api),
        { id: "rate", expression: "100 * errors / MAX([requests, 1])", label: "5xx %", returnData: true },
      ],
    });
    alarm("function-errors", "The API function failed (crashed or timed out).", { ...sum("AWS/Lambda", "Errors", fn), threshold: t.functionErrors });
    // A refused image is an outcome, not an error: this counts crashes and timeouts (Lambda retries those events twice).
    alarm("image-function-errors", "The image function failed (crashed or timed out) on uploads.", {
      ...sum("AWS/Lambda", "Errors", { FunctionName: props.imageFunctionName }),
      threshold: t.imageFunctionErrors,
    });
    // The projector: behind (counts lag), failing (crashes, or records it reports as failed), or giving up (the failure queue).
    alarm("projector-iterator-age", "The stream projector is behind: the oldest record it has not finished is this old; counts lag by as much.", {
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: props.projectorFunctionName },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 5,
      threshold: t.projectorIteratorAgeMs,
    });
    alarm("projector-errors", "The stream projector failed: crashed or timed out, or reported records it could not project (Lambda retries them).", {
      threshold: t.projectorErrors,
      metricQuery: [
        query("crashes", "AWS/Lambda", "Errors", { FunctionName: props.projectorFunctionName }),
        query("records", props.metricsNamespace, metricNames.projectorRecordFailures, {}),
        { id: "failures", expression: "crashes + records", label: "projector failures", returnData: true },
      ],
    });
    alarm("stream-failures", "Stream records were given up on after their retries: their description is on the failure queue (see docs/operating.md).", {
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: props.streamFailureQueueName },
      statistic: "Maximum",
      period: 300,
      threshold: t.streamFailures,
    });
    alarm("function-throttles", "Lambda refused to run the API function (reserved concurrency reached).", {
      ...sum("AWS/Lambda", "Throttles", fn),
      threshold: t.functionThrottles,
    });
    alarm("dynamodb-throttles", "DynamoDB throttled the table's reads or writes.", {
      threshold: t.dynamoThrottles,
      metricQuery: [
        query("reads", "AWS/DynamoDB", "ReadThrottleEvents", { TableName: props.tableName }),
        query("writes", "AWS/DynamoDB", "WriteThrottleEvents", { TableName: props.tableName }),
        { id: "throttles", expression: "reads + writes", label: "throttle events", returnData: true },
      ],
    });
    alarm("dynamodb-system-errors", "DynamoDB answered with server errors.", {
      threshold: t.dynamoSystemErrors,
      metricQuery: [
        ...dynamoOperations.map((operation) =>
          query(operation.toLowerCase(), "AWS/DynamoDB", "SystemErrors", { TableName: props.tableName, Operation: operation }),
        ),
        {
          id: "systemerrors",
          expression: `SUM([${dynamoOperations.map((operation) => operation.toLowerCase()).join(", ")}])`,
          label: "system errors",
          returnData: true,
        },
      ],
    });
    alarm("p99-latency", "The slowest 1% of API requests took too long, three minutes running.", {
      namespace: "AWS/ApiGateway",
      metricName: "Latency",
      dimensions: api,
      extendedStatistic: "p99",
      period: 60,
      evaluationPeriods: 3,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.p99LatencyMs,
    });
    alarm("writes-refused", "Many writes refused by the per-client limit: someone may be flooding the board.", {
      ...sum(props.metricsNamespace, metricNames.writesRefused, {}),
      threshold: t.writesRefused,
    });

    alarm("reports-filed", "Many reports (신고) in a few minutes: a report flood, or something on the board the moderator must look at now.", {
      ...sum(props.metricsNamespace, metricNames.reportsFiled, {}),
      threshold: t.reportsFiled,
    });

    const wafTopic = new SnsTopic(this, "waf-topic", {
      provider: props.waf.usEast1,
      name: `${props.name}-waf-alarms`,
      count: `\${${props.waf.enabledExpression} ? 1 : 0}` as unknown as number,
    });
    subscribe(this, "waf-email", wafTopic, props.emailExpression, props.waf.usEast1, props.waf.enabledExpression);
    const wafTopicArn = `\${${wafTopic.terraformResourceType}.${wafTopic.friendlyUniqueId}[0].arn}`;
    const wafAlarm = new CloudwatchMetricAlarm(this, "waf-blocked", {
      provider: props.waf.usEast1,
      count: `\${${props.waf.enabledExpression} ? 1 : 0}` as unknown as number,
      alarmName: `${props.name}-waf-blocked`,
      alarmDescription: "WAF blocked many requests: an attack, or a rule refusing real users.",
      namespace: "AWS/WAFV2",
      metricName: "BlockedRequests",
      dimensions: { WebACL: props.waf.webAclName, Rule: "ALL" },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: t.wafBlocked,
      treatMissingData: "notBreaching",
      alarmActions: [wafTopicArn],
      okActions: [wafTopicArn],
    });
    this.alarms.push(wafAlarm);
  }
}

function subscribe(scope: Construct, id: string, topic: SnsTopic, emailExpression: string, provider?: AwsProvider, enabledExpression = "true"): void {
  const topicArn = enabledExpression === "true" ? topic.arn : `\${${topic.terraformResourceType}.${topic.friendlyUniqueId}[0].arn}`;
  new SnsTopicSubscription(scope, id, {
    ...(provider ? { provider } : {}),
    count: `\${${enabledExpression} && ${emailExpression} != "" ? 1 : 0}` as unknown as number,
    topicArn,
    protocol: "email",
    endpoint: `\${${emailExpression}}`,
  });
}
