/**
 * The shipped function's log lines as CloudWatch receives them from Lambda with the stack's JSON
 * log format: Lambda's Node runtime wraps whatever goes through `console` into its own JSON object
 * (tools/rehearse/lambda-console.mjs does what it does), so a request line — which carries the
 * request's metrics in the Embedded Metric Format — must reach stdout as the log event itself, or
 * CloudWatch extracts no metric from it and every alarm on those metrics stays silent.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { bundleForCodeCache } from "../tools/code-cache/build.js";
import { apiGatewayEvent } from "../local/proxy-events.js";
import { repoRoot } from "./support/processes.js";
import { createTestBoard, createTestStore, testSigningSecret } from "./support/store.js";

const run = promisify(execFile);
const shipped = mkdtempSync(join(tmpdir(), "lambda-logs-"));
let env: NodeJS.ProcessEnv;
let postId: string;

beforeAll(async () => {
  const store = await createTestStore();
  postId = (await createTestBoard(store).posts.create({ board: "logs", title: "Logged", body: "b", author: "a" })).post.postId;
  env = { ...process.env, TABLE_NAME: store.table, DYNAMODB_ENDPOINT: store.endpoint, SIGNING_SECRET: testSigningSecret, NODE_ENV: "production" };
  await bundleForCodeCache(join(repoRoot, "api", "handler-for-code-cache.ts"), shipped);
}, 120_000);

/** Starts the shipped function in a fresh Node with the console Lambda gives it, answers `events`, and returns its stdout's lines. */
async function logLinesOf(events: ReturnType<typeof apiGatewayEvent>[], logFormat = "JSON") {
  const script = `
    import { patchConsoleAsLambda } from ${JSON.stringify(pathToFileURL(join(repoRoot, "tools", "rehearse", "lambda-console.mjs")).href)};
    patchConsoleAsLambda(${JSON.stringify(logFormat)}, "INFO", () => "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    const { handler } = await import(${JSON.stringify(pathToFileURL(join(shipped, "index.mjs")).href)});
    for (const event of ${JSON.stringify(events)}) await handler(event, { awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", getRemainingTimeInMillis: () => 10000 });
  `;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { env, maxBuffer: 16 * 1024 * 1024 });
  return stdout.split("\n").filter((line) => line.length > 0);
}

describe("the function's log lines under Lambda's JSON log format", () => {
  it("are each one JSON object, and a request's line carries its metrics at the top level, where CloudWatch looks", async () => {
    const lines = await logLinesOf([
      apiGatewayEvent({ path: "/trpc/posts.get", query: { input: JSON.stringify({ postId }) } }),
      apiGatewayEvent({ path: "/api/boards/logs/posts" }),
    ]);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((entry) => entry.route !== undefined || (typeof entry.message === "string" && entry.message.includes('"route"')));
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(request).toHaveProperty("_aws.CloudWatchMetrics");
      // Each read is one Query, counted into its own request (on Lambda, one request at a time: api/request-observations.ts).
      expect(request).toMatchObject({ status: 200, DynamoDBRequests: 1 });
    }
    // The start line says how the function started, readable by field too.
    expect(entries.find((entry) => "codeCache" in entry)).toMatchObject({ message: "function started" });
  });
});
