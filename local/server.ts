/**
 * `npm start`: the real Lambda handler behind an API Gateway v1 emulation, on DynamoDB Local
 * persisted to ./.data (or on any DynamoDB named by DYNAMODB_ENDPOINT), with a local S3 (s3rver,
 * also under ./.data) for images that runs the real image function on every upload, and the
 * table's stream feeding the real stream projector as Lambda's event source mapping would.
 */
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import type { Server } from "node:http";
import { join } from "node:path";
import { ensureTable, useLocalCredentials } from "./bootstrap.js";
import { openSeedBoards } from "./seed-boards.js";
import { createEmulator } from "./apigw-emulator.js";
import { LocalStartError, startDynamoDbLocal } from "./dynamodb-local.js";
import type { RunningDynamoDbLocal } from "./dynamodb-local.js";
import { serveWebBoard } from "./static-files.js";
import { ensureWebBuilt } from "./web-build.js";
import { loadConfig } from "../api/config.js";
import type { LambdaHandler } from "../api/http/lambda.js";
import { createAttachmentEntity } from "../entities/attachment.js";
import { createImageFunction } from "../images/image-function.js";
import { startLocalS3 } from "./local-s3.js";
import type { LocalS3 } from "./local-s3.js";
import { localS3Prefix, mediaRoutes } from "./media-routes.js";
import { createStreamPoller } from "./stream-poller.js";
import type { StreamPoller } from "./stream-poller.js";
import { createProjector, projectorDeps } from "../projector/projector-function.js";

const host = process.env.HOST ?? "127.0.0.1";
/** Where the local DynamoDB and S3 keep their data (so posts survive a restart). */
const dataDir = process.env.DATA_DIR || ".data";
process.env.TABLE_NAME ||= "serverless-board";

/** A port from the environment, or a one-line error before anything starts. */
function portFrom(variable: string, fallback?: number): number | undefined {
  const value = process.env[variable];
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new LocalStartError(`${variable} must be a port number (0–65535), not ${JSON.stringify(value)}.`);
  return port;
}

let dynamo: RunningDynamoDbLocal | undefined;
let server: Server | undefined;
let s3: LocalS3 | undefined;
let streamPoller: StreamPoller | undefined;
const mediaBucket = "serverless-board-media";

async function main(): Promise<void> {
  // Every setting is checked before anything starts, so a typo costs one line and no waiting.
  const port = portFrom("PORT", 3000)!;
  const dynamoPort = portFrom("DYNAMODB_PORT");
  loadConfig({ ...process.env, AWS_REGION: process.env.AWS_REGION || "us-east-1" });
  if (await ensureWebBuilt()) console.log("Built the web board (web/dist).");
  if (!process.env.DYNAMODB_ENDPOINT) {
    useLocalCredentials();
    dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, "dynamodb"), ...(dynamoPort !== undefined ? { port: dynamoPort } : {}) });
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  } else if (/^http:\/\/(localhost|127\.0\.0\.1)/.test(process.env.DYNAMODB_ENDPOINT)) {
    useLocalCredentials();
  }
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 5000 },
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
  } catch (error) {
    throw new LocalStartError(
      `DynamoDB at ${endpoint} is not reachable (${describeFailure(error)}): start it, or unset DYNAMODB_ENDPOINT to use the embedded DynamoDB Local.`,
    );
  }
  const created = await ensureTable(client, process.env.TABLE_NAME!);
  if (created) await openSeedBoards(client, process.env.TABLE_NAME!);

  // The image function, on the local S3's notifications, as the deployed bucket invokes it.
  let imageFunction: ReturnType<typeof createImageFunction> | undefined;
  s3 = await startLocalS3({ directory: join(dataDir, "s3"), buckets: [mediaBucket], onObjectCreated: (event) => imageFunction!(event) });
  imageFunction = createImageFunction({ s3: s3.client, bucket: mediaBucket, attachments: createAttachmentEntity({ client, table: process.env.TABLE_NAME! }) });
  const media = mediaRoutes(s3, mediaBucket);

  // The stream projector (comment counts, orphan clean-up) on the table's stream. A batch that
  // cannot be projected ends, after its retries, on the "failure queue": here, the console.
  const projector = createProjector(
    projectorDeps(
      {
        tableName: process.env.TABLE_NAME!,
        mediaBucket,
        region: process.env.AWS_REGION ?? "us-east-1",
        dynamoEndpoint: endpoint,
        metricsNamespace: "serverless-board",
      },
      client,
    ),
  );
  streamPoller = createStreamPoller({
    dynamo: client,
    tableName: process.env.TABLE_NAME!,
    invoke: projector,
    onFailure: (failure) => console.error(JSON.stringify({ level: "error", msg: "stream batch sent to the failure destination", ...failure })),
  });
  streamPoller.start((error) => console.error(`The stream poller failed (it tries again): ${error.message}`));

  const handler: { current?: LambdaHandler } = {};
  server = createEmulator({ handler, serveStatic: async (req, res) => (await media(req, res)) || serveWebBoard(req, res) });
  await new Promise<void>((resolve, reject) => {
    server!.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new LocalStartError(`Port ${port} is in use: stop what uses it or set PORT to another port.`) : error),
    );
    server!.listen(port, host, resolve);
  });
  const address = server.address();
  const base = `http://${host}:${typeof address === "object" && address ? address.port : port}`;
  // Imported only now: the handler reads its configuration from the environment set here.
  Object.assign(process.env, { MEDIA_BUCKET: mediaBucket, AWS_ENDPOINT_URL_S3: s3.endpoint, MEDIA_UPLOAD_URL: `${base}${localS3Prefix}` });
  handler.current = (await import("../api/handler.js")).handler;
  console.log(
    [
      `serverless-board is running (table ${process.env.TABLE_NAME}${created ? ", created" : ""} on ${endpoint})`,
      `  web board   ${base}/`,
      `  tRPC        ${base}/trpc`,
      `  REST        ${base}/api   (reference: ${base}/api/docs)`,
      "Press Ctrl-C to stop.",
    ].join("\n"),
  );
}

/** What failed, in words: the network error's code (ECONNREFUSED, ENOTFOUND…) or the SDK's message. */
function describeFailure(error: unknown): string {
  const failure = error as { code?: string; message?: string; cause?: { code?: string } };
  return failure.code ?? failure.cause?.code ?? failure.message ?? String(error);
}

let stopping: Promise<never> | undefined;
function shutdown(code: number): Promise<never> {
  stopping ??= stop(code);
  return stopping;
}

async function stop(code: number): Promise<never> {
  streamPoller?.stop();
  await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  await s3?.close();
  await dynamo?.stop();
  process.exit(code);
}

process.once("SIGINT", () => void shutdown(0));
process.once("SIGTERM", () => void shutdown(0));
// `npm start` execs this process, so its parent is npm (or whatever started it): when that parent
// dies without passing a signal on (SIGKILL, a crashed process manager), stop with it.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void shutdown(0), 1000).unref();

main().catch(async (error: unknown) => {
  console.error(error instanceof LocalStartError || (error as Error).name === "ConfigError" ? (error as Error).message : error);
  await shutdown(1);
});
