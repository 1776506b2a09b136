import { metricDimensions as dims, metricNames as names } from "../metric-names.js";
import type { RequestObservations } from "../request-observations.js";

export interface RequestFacts {
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  coldStart: boolean;
}

const outcomeOf = (status: number) => `${Math.floor(status / 100)}xx`;
/** A tRPC batch is counted as one "batch" request; a request no procedure answered as "none". */
const procedureOf = (procedures: string[]) => (procedures.length === 0 ? "none" : procedures.length === 1 ? procedures[0]! : "batch");

/**
 * The request's one JSON log line, which is also its metrics in CloudWatch's Embedded Metric
 * Format: CloudWatch Logs extracts them, no API call is made. Requests by procedure and outcome
 * class, latency by procedure; everything else without dimensions, to keep the number of custom
 * metrics (each billed) small.
 */
export function requestLogLine(facts: RequestFacts, observed: RequestObservations, namespace: string, now = Date.now()): Record<string, unknown> {
  const procedure = procedureOf(observed.procedures);
  const outcome = outcomeOf(facts.status);
  const counters = {
    [names.writesRefused]: observed.writesRefused,
    [names.versionConflicts]: observed.versionConflicts,
    [names.storeUnavailable]: observed.storeUnavailable,
    [names.dynamoRequests]: observed.dynamoRequests,
    [names.dynamoRetries]: observed.dynamoRetries,
    [names.dynamoThrottles]: observed.dynamoThrottles,
    [names.postsCreated]: observed.postsCreated,
    [names.commentsCreated]: observed.commentsCreated,
    [names.reportsFiled]: observed.reportsFiled,
    [names.coldStarts]: facts.coldStart ? 1 : 0,
  };
  // Only counters that happened are written: a zero adds bytes to every line and nothing to a Sum.
  const happened = Object.fromEntries(Object.entries(counters).filter(([, value]) => value > 0));
  const count = (name: string) => ({ Name: name, Unit: "Count" });
  const milliseconds = { Name: names.latency, Unit: "Milliseconds" };
  return {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        { Namespace: namespace, Dimensions: [[dims.procedure, dims.outcome]], Metrics: [count(names.requests)] },
        { Namespace: namespace, Dimensions: [[dims.procedure]], Metrics: [milliseconds] },
        { Namespace: namespace, Dimensions: [[]], Metrics: [count(names.requests), milliseconds, ...Object.keys(happened).map(count)] },
      ],
    },
    [dims.procedure]: procedure,
    [dims.outcome]: outcome,
    [names.requests]: 1,
    [names.latency]: facts.durationMs,
    ...happened,
    level: facts.status >= 500 ? "error" : "info",
    msg: "request",
    requestId: facts.requestId,
    method: facts.method,
    route: facts.route,
    status: facts.status,
    durationMs: facts.durationMs,
    coldStart: facts.coldStart,
    procedure,
    dynamoRequests: observed.dynamoRequests,
  };
}
