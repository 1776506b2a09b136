/**
 * The function's CloudWatch metrics (Embedded Metric Format): their namespace's default and their
 * names, in one place for the function that emits them and the alarms and dashboard that read them.
 */
export const metricNames = {
  requests: "Requests",
  latency: "Latency",
  coldStarts: "ColdStarts",
  writesRefused: "WritesRefused",
  versionConflicts: "VersionConflicts",
  storeUnavailable: "StoreUnavailable",
  dynamoRequests: "DynamoDBRequests",
  dynamoRetries: "DynamoDBRetries",
  dynamoThrottles: "DynamoDBThrottles",
  postsCreated: "PostsCreated",
  commentsCreated: "CommentsCreated",
  /** Reports (신고) counted: one per reader per item. */
  reportsFiled: "ReportsFiled",
  /** The stream projector's: records it could not project (retried by Lambda, then sent to the failure queue). */
  projectorRecordFailures: "ProjectorRecordFailures",
  /** The stream projector's: comments that landed on a post being deleted, removed after it. */
  orphanCommentsRemoved: "OrphanCommentsRemoved",
} as const;

export const metricDimensions = { procedure: "Procedure", outcome: "Outcome" } as const;
export const defaultMetricsNamespace = "serverless-board";
