/**
 * The request log line is also the request's metrics, in CloudWatch's Embedded Metric Format:
 * checked here against the format's rules, and for what each scenario must count.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Json } from "./support/json.js";
import { createApp } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { createDynamoClient } from "../api/dynamo-client.js";
import { createBoardOperations } from "../api/board/index.js";
import { createWriteRateLimiter } from "../api/rate-limit.js";
import { metricNames } from "../api/metric-names.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { createTestStore, testSigningSecret } from "./support/store.js";
import { startFaultyDynamo, throttled } from "./support/faults.js";
import type { TestStore } from "./support/store.js";

type Line = Record<string, unknown> & {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[] };
};

// The units CloudWatch accepts (Embedded Metric Format specification, MetricDefinition.Unit).
const units = new Set([
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
]);

/** Every rule of the EMF specification a log line can break, as readable problems. */
function emfProblems(line: Line): string[] {
  const problems: string[] = [];
  const aws = line._aws;
  if (!aws || typeof aws !== "object") return ["no _aws member"];
  if (!Number.isInteger(aws.Timestamp) || aws.Timestamp < 0) problems.push("Timestamp must be epoch milliseconds");
  if (!Array.isArray(aws.CloudWatchMetrics) || aws.CloudWatchMetrics.length === 0) problems.push("CloudWatchMetrics must be a non-empty array");
  for (const directive of aws.CloudWatchMetrics ?? []) {
    if (typeof directive.Namespace !== "string" || directive.Namespace.length < 1 || directive.Namespace.length > 255)
      problems.push("Namespace must be 1–255 characters");
    if (!Array.isArray(directive.Dimensions)) problems.push("Dimensions must be an array of dimension sets");
    for (const set of directive.Dimensions ?? []) {
      if (!Array.isArray(set) || set.length > 30) problems.push("a dimension set must be an array of at most 30 names");
      for (const name of set) if (typeof line[name] !== "string") problems.push(`dimension ${name} must be a string member of the line`);
    }
    if (!Array.isArray(directive.Metrics) || directive.Metrics.length > 100) problems.push("Metrics must be an array of at most 100");
    for (const metric of directive.Metrics ?? []) {
      if (typeof metric.Name !== "string" || metric.Name.length < 1 || metric.Name.length > 1024) problems.push("a metric needs a Name of 1–1024 characters");
      if (metric.Unit !== undefined && !units.has(metric.Unit)) problems.push(`unit ${metric.Unit} is not a CloudWatch unit`);
      const value = line[metric.Name];
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0 || values.length > 100 || !values.every((entry) => typeof entry === "number" && Number.isFinite(entry)))
        problems.push(`metric ${metric.Name} must be a number member of the line`);
    }
  }
  return problems;
}

let store: TestStore;
let resetAttempts = () => {};
const lines: Line[] = [];
let invoke: (options: EventOptions) => Promise<number>;
let call: (options: EventOptions) => Promise<{ status: number; body: Json }>;
/** Decides, per operation and attempt, whether DynamoDB "throttles" it (each HTTP request the client sends is an attempt). */
let fault: (command: string, attempt: number) => boolean = () => false;

beforeAll(async () => {
  store = await createTestStore();
  // The API's client (with its observing hooks) over the test table, through a proxy that can throttle, and a tight write limit.
  const faulty = await startFaultyDynamo(store.endpoint, (operation, attempt) => (fault(operation, attempt) ? throttled() : undefined));
  const client = createDynamoClient({ region: "us-east-1", dynamoEndpoint: faulty.endpoint });
  resetAttempts = () => faulty.attempts.clear();
  const rateLimiter = createWriteRateLimiter({ client, table: store.table, writesPerMinute: 3 });
  const app = createApp({
    operations: createBoardOperations({ client, table: store.table, signingSecret: testSigningSecret }),
    rateLimiter,
    trustedProxyHops: 1,
    allowedOrigins: [],
    log: (line) => void lines.push(line as Line),
    metricsNamespace: "board-test",
  });
  const lambda = createLambdaHandler(app);
  call = async (options) => {
    const result = await lambda(apiGatewayEvent(options), lambdaContext());
    return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
  };
  invoke = async (options) => (await call(options)).status;
});

const json = { "content-type": "application/json" };
const lastLine = () => lines[lines.length - 1]!;

describe("request metrics (Embedded Metric Format)", () => {
  it("makes every request one log line that is valid EMF, with cold start, procedure and DynamoDB request count", async () => {
    expect(
      await invoke({
        method: "POST",
        path: "/api/posts",
        headers: { ...json, "X-Forwarded-For": "198.51.100.1" },
        body: { board: "metrics", title: "t", body: "b", author: "a" },
      }),
    ).toBe(201);
    expect(await invoke({ path: "/trpc/posts.list", query: { input: JSON.stringify({ board: "metrics" }) } })).toBe(200);
    expect(await invoke({ path: "/nowhere" })).toBe(404);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(emfProblems(line)).toEqual([]);
    const [created, listed, missing] = lines;
    expect(created).toMatchObject({
      msg: "request",
      coldStart: true,
      procedure: "posts.create",
      Procedure: "posts.create",
      Outcome: "2xx",
      [metricNames.coldStarts]: 1,
      [metricNames.postsCreated]: 1,
      status: 201,
    });
    expect(created!.dynamoRequests).toBeGreaterThanOrEqual(2); // the write limit's update, then the put
    expect(listed).toMatchObject({ coldStart: false, procedure: "posts.list", Outcome: "2xx", dynamoRequests: 1 });
    expect(listed![metricNames.coldStarts]).toBeUndefined(); // zero counters are left out of the line
    expect(missing).toMatchObject({ procedure: "none", Outcome: "4xx", dynamoRequests: 0 });
    expect(created!._aws.CloudWatchMetrics.every((directive) => directive.Namespace === "board-test")).toBe(true);
  });

  it("counts version conflicts, refused writes, store failures, retries and throttles", async () => {
    const from = { "X-Forwarded-For": "198.51.100.2" };
    const created = await invoke({
      method: "POST",
      path: "/trpc/comments.create",
      headers: { ...json, ...from },
      body: { postId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", body: "x", author: "a" },
    });
    expect(created).toBe(404);
    expect(lastLine()).toMatchObject({ procedure: "comments.create", Outcome: "4xx" });
    expect(lastLine()[metricNames.commentsCreated]).toBeUndefined();

    const { body: created2 } = await call({
      method: "POST",
      path: "/api/posts",
      headers: { ...json, ...from },
      body: { board: "metrics", title: "t", body: "b", author: "a" },
    });
    const postId: string = created2.post.postId;

    // Third write from this client is allowed, the fourth refused.
    expect(
      await invoke({ method: "POST", path: "/api/posts", headers: { ...json, ...from }, body: { board: "metrics", title: "t", body: "b", author: "a" } }),
    ).toBe(201);
    expect(
      await invoke({ method: "POST", path: "/api/posts", headers: { ...json, ...from }, body: { board: "metrics", title: "t", body: "b", author: "a" } }),
    ).toBe(429);
    expect(lastLine()).toMatchObject({ Outcome: "4xx", [metricNames.writesRefused]: 1 });
    expect(lastLine()[metricNames.postsCreated]).toBeUndefined();

    const auth = { authorization: `Bearer ${created2.editToken}` };
    expect(
      await invoke({
        method: "PATCH",
        path: `/api/posts/${postId}`,
        headers: { ...json, ...auth, "X-Forwarded-For": "198.51.100.3" },
        body: { title: "stale", expectedVersion: 7 },
      }),
    ).toBe(409);
    expect(lastLine()).toMatchObject({ procedure: "posts.update", [metricNames.versionConflicts]: 1 });

    // Throttled twice, then served: two retries, both counted.
    resetAttempts();
    fault = (operation, attempt) => operation === "Query" && attempt <= 2;
    expect(await invoke({ path: `/api/posts/${postId}` })).toBe(200);
    expect(lastLine()).toMatchObject({ dynamoRequests: 1, [metricNames.dynamoRetries]: 2, [metricNames.dynamoThrottles]: 2 });
    expect(lastLine()[metricNames.storeUnavailable]).toBeUndefined();

    // Throttled on every attempt: the client gives up and the answer is a 503.
    resetAttempts();
    fault = (operation) => operation === "Query";
    expect(await invoke({ path: `/api/posts/${postId}` })).toBe(503);
    expect(lastLine()).toMatchObject({ Outcome: "5xx", [metricNames.storeUnavailable]: 1, [metricNames.dynamoRetries]: 2, [metricNames.dynamoThrottles]: 3 });
    fault = () => false;
    for (const line of lines) expect(emfProblems(line)).toEqual([]);
  });

  it("fails its own rules when a line breaks the format", () => {
    const broken = structuredClone(lines[0]!);
    broken._aws.CloudWatchMetrics[0]!.Metrics.push({ Name: "Missing", Unit: "Parsecs" });
    delete broken.Procedure;
    expect(emfProblems(broken)).toEqual(
      expect.arrayContaining([
        "unit Parsecs is not a CloudWatch unit",
        "metric Missing must be a number member of the line",
        "dimension Procedure must be a string member of the line",
      ]),
    );
  });
});
