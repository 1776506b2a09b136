import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard/index.js";
import { metricDimensions, metricNames } from "../api/metric-names.js";
import type { MonitoredResources } from "./monitored-resources.js";

export interface BoardDashboardProps extends MonitoredResources {
  region: string;
}

type Metric = (string | Record<string, unknown>)[];

/**
 * One dashboard with the golden signals — traffic, errors, latency (p50/p99), saturation
 * (concurrency, throttles) — and the board's own activity, from AWS's metrics and the function's.
 */
export class BoardDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: BoardDashboardProps) {
    super(scope, id);
    const api = ["ApiName", props.apiName, "Stage", props.stageName];
    const fn = ["FunctionName", props.functionName];
    const table = ["TableName", props.tableName];
    const ours = (name: string, ...rest: (string | Record<string, unknown>)[]): Metric => [props.metricsNamespace, name, ...rest];
    const widget = (title: string, metrics: Metric[], extra: Record<string, unknown> = {}) => ({
      type: "metric",
      width: 12,
      height: 6,
      properties: { title, region: props.region, view: "timeSeries", stacked: false, period: 60, stat: "Sum", metrics, ...extra },
    });
    const widgets = [
      widget("Traffic: requests", [["AWS/ApiGateway", "Count", ...api, { label: "API Gateway" }], ours(metricNames.requests, { label: "function" })]),
      widget("Errors", [
        ["AWS/ApiGateway", "5XXError", ...api, { label: "API 5xx" }],
        ["AWS/ApiGateway", "4XXError", ...api, { label: "API 4xx" }],
        ["AWS/Lambda", "Errors", ...fn, { label: "function errors" }],
        ours(metricNames.storeUnavailable, { label: "store unavailable" }),
      ]),
      widget("Latency (ms)", [
        ["AWS/ApiGateway", "Latency", ...api, { stat: "p50", label: "API p50" }],
        ["AWS/ApiGateway", "Latency", ...api, { stat: "p99", label: "API p99" }],
        ours(metricNames.latency, { stat: "p99", label: "function p99" }),
      ]),
      widget("Saturation", [
        ["AWS/Lambda", "ConcurrentExecutions", ...fn, { stat: "Maximum", label: "concurrent executions" }],
        ["AWS/Lambda", "Throttles", ...fn, { label: "function throttles" }],
        ["AWS/DynamoDB", "ReadThrottleEvents", ...table, { label: "DynamoDB read throttles" }],
        ["AWS/DynamoDB", "WriteThrottleEvents", ...table, { label: "DynamoDB write throttles" }],
        ours(metricNames.dynamoRetries, { label: "DynamoDB retries" }),
        ours(metricNames.coldStarts, { label: "cold starts" }),
      ]),
      widget("Board activity", [
        ours(metricNames.postsCreated, { label: "posts" }),
        ours(metricNames.commentsCreated, { label: "comments" }),
        ours(metricNames.versionConflicts, { label: "version conflicts" }),
        ours(metricNames.writesRefused, { label: "writes refused (rate limit)" }),
      ]),
      widget("Images: the image function", [
        ["AWS/Lambda", "Invocations", "FunctionName", props.imageFunctionName, { label: "uploads processed" }],
        ["AWS/Lambda", "Errors", "FunctionName", props.imageFunctionName, { label: "errors" }],
        ["AWS/Lambda", "Duration", "FunctionName", props.imageFunctionName, { stat: "p99", label: "duration p99 (ms)", yAxis: "right" }],
      ]),
      widget("Stream projector: counts and clean-up", [
        ["AWS/Lambda", "IteratorAge", "FunctionName", props.projectorFunctionName, { stat: "Maximum", label: "iterator age (ms): how far counts lag" }],
        ["AWS/Lambda", "Errors", "FunctionName", props.projectorFunctionName, { label: "crashes", yAxis: "right" }],
        ours(metricNames.projectorRecordFailures, { label: "records not projected", yAxis: "right" }),
        ours(metricNames.orphanCommentsRemoved, { label: "orphan comments removed", yAxis: "right" }),
        [
          "AWS/SQS",
          "ApproximateNumberOfMessagesVisible",
          "QueueName",
          props.streamFailureQueueName,
          { stat: "Maximum", label: "failure queue", yAxis: "right" },
        ],
      ]),
      widget(
        "Requests by procedure and outcome",
        [
          [
            {
              expression: `SEARCH('{${props.metricsNamespace},${metricDimensions.procedure},${metricDimensions.outcome}} MetricName="${metricNames.requests}"', 'Sum', 300)`,
              label: "",
            },
          ],
        ],
        { period: 300 },
      ),
    ];
    this.dashboard = new CloudwatchDashboard(this, "dashboard", { dashboardName: props.name, dashboardBody: JSON.stringify({ widgets }) });
  }
}
