import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one request did, counted as it happens: by the tRPC layer (procedures and their outcomes)
 * and by the DynamoDB client (requests, retries, throttles). The HTTP layer turns it into the
 * request's log line and metrics (api/http/request-metrics.ts).
 */
export interface RequestObservations {
  procedures: string[];
  versionConflicts: number;
  writesRefused: number;
  storeUnavailable: number;
  postsCreated: number;
  commentsCreated: number;
  /** Reports (신고) counted: a flood of them is its own alarm. */
  reportsFiled: number;
  dynamoRequests: number;
  dynamoRetries: number;
  dynamoThrottles: number;
}

export const newObservations = (): RequestObservations => ({
  procedures: [],
  versionConflicts: 0,
  writesRefused: 0,
  storeUnavailable: 0,
  postsCreated: 0,
  commentsCreated: 0,
  reportsFiled: 0,
  dynamoRequests: 0,
  dynamoRetries: 0,
  dynamoThrottles: 0,
});

/** The current request's observations, for code that has no request context (the SDK's middleware). */
export const currentObservations = new AsyncLocalStorage<RequestObservations>();
