/**
 * `npm run build:code-cache -- [--memory 1024] [--architecture arm64] [--out dist/lambda-code-cache]`
 *
 * Builds the function for the trained code cache and trains it, on the Node that runs this
 * command, under the flags Lambda passes for that memory size, against a throwaway DynamoDB Local.
 * The cache is only valid for that exact Node build and architecture: run this where the function
 * will run — AWS's Lambda base image for nodejs22.x on arm64 (see the README) — then deploy with
 * FUNCTION_CODE_CACHE=<out> and the runtime version pinned.
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createBoardOperations } from "../../api/board/index.js";
import { ensureTable, useLocalCredentials } from "../../local/bootstrap.js";
import { startDynamoDbLocal } from "../../local/dynamodb-local.js";
import { apiGatewayEvent } from "../../local/proxy-events.js";
import type { EventOptions } from "../../local/proxy-events.js";
import { lambdaNodeFlags } from "../../infra/lambda-runtime.js";
import { bundleForCodeCache, trainCodeCache } from "./build.js";
import { arm64Node } from "../arm64-node.js";

/** A usage problem: one line, no stack trace. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const root = fileURLToPath(new URL("../..", import.meta.url));
const { values } = parseArgs({
  options: {
    memory: { type: "string", default: "1024" },
    architecture: { type: "string", default: "arm64" },
    out: { type: "string", default: join(root, "dist", "lambda-code-cache") },
  },
});
const memoryMb = Number(values.memory);
if (!Number.isInteger(memoryMb) || memoryMb < 128) fail(`--memory must be the function's memory in MB (the stack's lambda_memory_mb), not ${values.memory}`);
const nodeArch = values.architecture === "arm64" ? "arm64" : values.architecture === "x86_64" ? "x64" : undefined;
if (!nodeArch) fail(`--architecture is arm64 or x86_64, not ${values.architecture}`);
// An arm64 cache is trained by the official Node 22 for linux-arm64, under qemu-user on another
// machine (a cache from this machine's own Node would always be set aside at start).
const trainingNode =
  process.arch === nodeArch ? { command: process.execPath, prefix: [] as string[], version: process.version } : nodeArch === "arm64" ? arm64Node() : undefined;
if (!trainingNode) fail(`This machine is ${process.arch}; a cache for ${values.architecture} must be trained on ${values.architecture}.`);

const out = values.out;
const table = "code-cache-training";
const signingSecret = "training-only-signing-secret-training-only";
useLocalCredentials();
console.log(`building ${out} …`);
await bundleForCodeCache(join(root, "api", "handler-for-code-cache.ts"), out);

console.log("training against a throwaway DynamoDB Local …");
const dynamo = await startDynamoDbLocal();
try {
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1" });
  await ensureTable(client, table);
  const board = createBoardOperations({ client, table, signingSecret });
  const { post } = await board.posts.create({ board: "training", title: "Training", body: "A post to read while training.", author: "build" });
  await board.comments.create({ postId: post.postId, body: "A comment to read while training.", author: "build" });
  const json = { "content-type": "application/json" };
  // What real traffic does: read boards and threads, write posts and comments, over tRPC and REST.
  const requests: EventOptions[] = [
    { path: "/trpc/health" },
    { path: "/trpc/posts.list", query: { input: JSON.stringify({ board: "training" }) } },
    { path: "/trpc/posts.get", query: { input: JSON.stringify({ postId: post.postId }) } },
    { path: "/trpc/comments.list", query: { input: JSON.stringify({ postId: post.postId }) } },
    { method: "POST", path: "/trpc/posts.create", headers: json, body: { board: "training", title: "Trained", body: "b", author: "build" } },
    { method: "POST", path: "/trpc/comments.create", headers: json, body: { postId: post.postId, body: "c", author: "build" } },
    { path: "/api/boards/training/posts" },
    { path: `/api/posts/${post.postId}` },
    { method: "POST", path: "/api/posts", headers: json, body: { board: "training", title: "Trained", body: "b", author: "build" } },
    { method: "POST", path: `/api/posts/${post.postId}/comments`, headers: json, body: { body: "c", author: "build" } },
  ];
  const flags = lambdaNodeFlags(memoryMb);
  await trainCodeCache({
    outdir: out,
    node: trainingNode.command,
    nodePrefix: trainingNode.prefix,
    flags,
    env: {
      ...process.env,
      TABLE_NAME: table,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SIGNING_SECRET: signingSecret,
      NODE_ENV: "production",
      WRITE_RATE_LIMIT: "0",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    },
    events: requests.map((request) => apiGatewayEvent(request)),
  });
  console.log(`trained on Node ${trainingNode.version} (${nodeArch}${trainingNode.prefix.length > 0 ? ", under qemu-user" : ""}) with ${flags.join(" ")}`);
  console.log(`deploy it with: FUNCTION_CODE_CACHE=${out} npm run deploy -- --var lambda_runtime_version_arn=<the runtime version ARN this Node belongs to>`);
} finally {
  await dynamo.stop();
}
