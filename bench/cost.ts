/**
 * What the board costs to run: dollars per million of each operation, from what the bench measured
 * of it (DynamoDB capacity, the projector's capacity, log and response bytes, warm time), and a
 * month at three traffic levels. Prices: bench/prices.ts. Every assumption is here, by name, and
 * printed with the table.
 */
import { apiGatewayRestUsd, cloudFrontUsd, cloudWatchUsd, dynamoOnDemandUsd, lambdaUsd, pricesReadOn, wafUsd } from "./prices.js";
import { round } from "./stats.js";

/** What the deployed stack has that costs by the month (checked against the synthesized stack in tests/infra.test.ts). */
export const stackFacts = {
  webAcls: 1,
  /** The rate rule and two AWS managed rule groups (infra/web-acl.ts). */
  webAclRules: 3,
  alarms: 13,
  dashboards: 1,
  apiMemoryMb: 1024,
  projectorMemoryMb: 256,
  logRetentionDays: 14,
  pointInTimeRecovery: true,
};

/** Assumptions, each stated in the report. */
export const assumptions = {
  /** A page a person opens calls the API once: a thread (60%) or a board's list (40%). */
  viewMix: { thread: 0.6, list: 0.4 },
  /** Writes per view: a comment every 100 views, a post every 500. */
  writesPerView: { addComment: 1 / 100, createPost: 1 / 500 },
  /** Static files (HTML, JS, CSS) CloudFront serves per view, from its cache (the browser caches them across a visit's pages), and their average size. */
  staticRequestsPerView: 0.5,
  staticBytes: 15_000,
  /** Time on Lambda: this machine's warm p50 × the CPU Lambda gives 1,024 MB (1,024 / 1,769 of a vCPU), plus this much per DynamoDB round trip in-region. */
  lambdaCpuFactor: 1769 / 1024,
  dynamoRoundTripMs: 4,
  /** A cold start's init, billed since August 2025 (this machine's cold start × the CPU factor ≈ 270 ms), and the share of requests that meet one at each level. */
  coldStartMs: 270,
  /** The projector: one invocation per write at low traffic (a batch of one), this long, at its 256 MB. */
  projectorInvocationMs: 40,
  /** The API's access log line (infra/api.ts's format, filled with typical values). */
  accessLogBytes: 330,
  /** Response headers CloudFront sends on, beyond what the function returns. */
  edgeHeaderBytes: 300,
  /** Custom metrics the function's EMF lines create, when every procedure and outcome appears (docs/operating.md). */
  customMetrics: 50,
  /** Bytes a post and a comment add to the table (items, search entries, numbers). */
  storedBytes: { createPost: 4_000, addComment: 800 },
};

export const levels = [
  { name: "a small club board", viewsPerDay: 10_000, coldShare: 0.1, customMetrics: 20 },
  { name: "a busy community", viewsPerDay: 1_000_000, coldShare: 0.01, customMetrics: 50 },
  { name: "a viral month", viewsPerDay: 20_000_000, coldShare: 0.002, customMetrics: 50 },
] as const;

export interface OperationFacts {
  name: string;
  capacity: { read: number; write: number };
  projectorCapacity: { read: number; write: number };
  logBytes: number;
  responseBytes: number;
  /** Warm p50 here, ms (tRPC). */
  warmMs: number;
  dynamoRequests: number;
}

const gb = (bytes: number) => bytes / 1e9;

/** Dollars per million of one operation, line by line. */
export function perMillion(op: OperationFacts, isWrite: boolean) {
  const lambdaMs = Math.ceil(op.warmMs * assumptions.lambdaCpuFactor + op.dynamoRequests * assumptions.dynamoRoundTripMs);
  const logBytes = op.logBytes + assumptions.accessLogBytes;
  const lines = {
    "DynamoDB (request)": op.capacity.read * dynamoOnDemandUsd.perMillionReadRequestUnits + op.capacity.write * dynamoOnDemandUsd.perMillionWriteRequestUnits,
    "DynamoDB (projector)":
      op.projectorCapacity.read * dynamoOnDemandUsd.perMillionReadRequestUnits + op.projectorCapacity.write * dynamoOnDemandUsd.perMillionWriteRequestUnits,
    "Lambda requests": lambdaUsd.perMillionRequests,
    "Lambda duration": 1e6 * (lambdaMs / 1000) * (stackFacts.apiMemoryMb / 1024) * lambdaUsd.perGbSecondArm64,
    "Lambda (projector)": isWrite
      ? lambdaUsd.perMillionRequests + 1e6 * (assumptions.projectorInvocationMs / 1000) * (stackFacts.projectorMemoryMb / 1024) * lambdaUsd.perGbSecondArm64
      : 0,
    "API Gateway": apiGatewayRestUsd.perMillionRequests,
    "CloudFront requests": cloudFrontUsd.perMillionHttpsRequests,
    "CloudFront data out": 1e6 * gb(op.responseBytes + assumptions.edgeHeaderBytes) * cloudFrontUsd.perGbOut,
    WAF: wafUsd.perMillionRequests,
    "CloudWatch Logs": 1e6 * gb(logBytes) * (cloudWatchUsd.perGbLogsIngested + (cloudWatchUsd.perGbMonthLogsStored * stackFacts.logRetentionDays) / 30),
  };
  const total = Object.values(lines).reduce((sum, usd) => sum + usd, 0);
  return { lambdaMs, logBytes, lines: roundLines(lines), total: round(total, 2) };
}

function roundLines(lines: Record<string, number>) {
  return Object.fromEntries(Object.entries(lines).map(([name, usd]) => [name, round(usd, 3)]));
}

/** A month (30 days) at each level: line by line, the total, the biggest line. */
export function months(ops: Record<"thread" | "list" | "createPost" | "addComment", OperationFacts>) {
  const unit = {
    thread: perMillion(ops.thread, false),
    list: perMillion(ops.list, false),
    createPost: perMillion(ops.createPost, true),
    addComment: perMillion(ops.addComment, true),
  };
  return levels.map((level) => {
    const views = level.viewsPerDay * 30;
    const millions = {
      thread: (views * assumptions.viewMix.thread) / 1e6,
      list: (views * assumptions.viewMix.list) / 1e6,
      createPost: (views * assumptions.writesPerView.createPost) / 1e6,
      addComment: (views * assumptions.writesPerView.addComment) / 1e6,
    };
    const lines: Record<string, number> = {};
    for (const [key, count] of Object.entries(millions) as [keyof typeof unit, number][])
      for (const [name, usd] of Object.entries(unit[key].lines)) lines[name] = (lines[name] ?? 0) + usd * count;
    const apiRequests = Object.values(millions).reduce((sum, count) => sum + count, 0) * 1e6;
    const staticRequests = views * assumptions.staticRequestsPerView;
    lines["CloudFront requests"]! += (staticRequests / 1e6) * cloudFrontUsd.perMillionHttpsRequests;
    lines["CloudFront data out"]! += gb(staticRequests * assumptions.staticBytes) * cloudFrontUsd.perGbOut;
    lines.WAF! +=
      (staticRequests / 1e6) * wafUsd.perMillionRequests + stackFacts.webAcls * wafUsd.perWebAclMonth + stackFacts.webAclRules * wafUsd.perRuleMonth;
    lines["Lambda duration"]! +=
      apiRequests * level.coldShare * (assumptions.coldStartMs / 1000) * (stackFacts.apiMemoryMb / 1024) * lambdaUsd.perGbSecondArm64;
    lines["CloudWatch metrics, alarms, dashboard"] =
      level.customMetrics * cloudWatchUsd.perMetricMonth +
      stackFacts.alarms * cloudWatchUsd.perStandardAlarmMonth +
      stackFacts.dashboards * cloudWatchUsd.perDashboardMonth;
    const storedGb = gb(millions.createPost * 1e6 * assumptions.storedBytes.createPost + millions.addComment * 1e6 * assumptions.storedBytes.addComment);
    lines["DynamoDB storage + PITR (the month's new data)"] =
      storedGb * (dynamoOnDemandUsd.perGbMonthStored + (stackFacts.pointInTimeRecovery ? dynamoOnDemandUsd.perGbMonthPointInTimeRecovery : 0));
    const total = Object.values(lines).reduce((sum, usd) => sum + usd, 0);
    const biggest = Object.entries(lines).sort((a, b) => b[1] - a[1])[0]!;
    return {
      level: level.name,
      viewsPerDay: level.viewsPerDay,
      apiRequestsPerMonth: Math.round(apiRequests),
      lines: roundLines(lines),
      total: round(total, 2),
      biggest: { line: biggest[0], usd: round(biggest[1], 2), share: round(biggest[1] / total, 2) },
    };
  });
}

export function costTable(ops: Record<"thread" | "list" | "createPost" | "addComment", OperationFacts>) {
  return {
    pricesReadOn,
    perMillion: {
      thread: perMillion(ops.thread, false),
      list: perMillion(ops.list, false),
      createPost: perMillion(ops.createPost, true),
      addComment: perMillion(ops.addComment, true),
    },
    months: months(ops),
    assumptions,
    levels,
    stackFacts,
  };
}
