import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoreClient } from "../entities/dynamo-client.js";
import { createStoreClient } from "../entities/dynamo-client.js";
import type { APIGatewayProxyResult } from "aws-lambda";
import { createBoardOperations } from "../api/board/index.js";
import { createDynamoClient } from "../api/dynamo-client.js";
import { createApp } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { ensureTable } from "../local/bootstrap.js";
import { freePort, startDynamoDbLocal } from "../local/dynamodb-local.js";
import type { RunningDynamoDbLocal } from "../local/dynamodb-local.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { startFaultyDynamo, throttled, transactionConflict } from "./support/faults.js";
import type { Fault } from "./support/faults.js";
import { createTestStore, testSigningSecret } from "./support/store.js";

const json = { "content-type": "application/json" };
const headerOf = (result: APIGatewayProxyResult, name: string) =>
  Object.entries(result.multiValueHeaders ?? {})
    .find(([key]) => key.toLowerCase() === name)?.[1]?.[0]
    ?.toString();

/** The real app over a given client (the API's own, unless a test says otherwise). */
function handlerOver(client: StoreClient, table: string) {
  const lambda = createLambdaHandler(
    createApp({ operations: createBoardOperations({ client, table, signingSecret: testSigningSecret }), allowedOrigins: [], log: () => {} }),
  );
  return async (options: EventOptions) => {
    const result = await lambda(apiGatewayEvent(options), lambdaContext());
    return { status: result.statusCode, body: JSON.parse(result.body || "null"), retryAfter: headerOf(result, "retry-after") };
  };
}

describe("DynamoDB unreachable", () => {
  let dynamo: RunningDynamoDbLocal;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "board-faults-"));
    port = await freePort();
    dynamo = await startDynamoDbLocal({ port, dataDir });
  });
  afterAll(async () => {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers 503 with Retry-After, writes nothing, and recovers without a restart when it is back", async () => {
    const client = createDynamoClient({ region: "us-east-1", dynamoEndpoint: dynamo.endpoint });
    await ensureTable(createStoreClient({ region: "us-east-1", dynamoEndpoint: dynamo.endpoint }), "faults-table");
    const call = handlerOver(client, "faults-table");
    const first = await call({ method: "POST", path: "/trpc/posts.create", headers: json, body: { board: "faults", title: "Before", body: "b", author: "a" } });
    expect(first.status).toBe(200);

    await dynamo.stop();
    const write = await call({ method: "POST", path: "/trpc/posts.create", headers: json, body: { board: "faults", title: "During", body: "b", author: "a" } });
    expect(write.status).toBe(503);
    expect(write.retryAfter).toBe("1");
    expect(write.body.error.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", requestId: expect.any(String) });
    const read = await call({ path: "/api/boards/faults/posts" });
    expect(read.status).toBe(503);
    expect(read.body).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(JSON.stringify(read.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);

    dynamo = await startDynamoDbLocal({ port, dataDir });
    const after = await call({ path: "/trpc/posts.list", query: { input: JSON.stringify({ board: "faults" }) } });
    expect(after.status).toBe(200);
    expect(after.body.result.data.items.map((post: { title: string }) => post.title)).toEqual(["Before"]);
  });
});

describe("throttling", () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore();
  });
  type TestStore = Awaited<ReturnType<typeof createTestStore>>;
  /** The API's client, through a proxy that answers as DynamoDB does when `fail` says so. */
  async function faultyClient(fail: (operation: string, attempt: number) => Fault | undefined) {
    const faulty = await startFaultyDynamo(store.endpoint, fail);
    closers.push(faulty.close);
    return { client: createDynamoClient({ region: "us-east-1", dynamoEndpoint: faulty.endpoint }), attempts: faulty.attempts };
  }
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it("is retried by the client and invisible when a retry succeeds", async () => {
    const { client, attempts } = await faultyClient((operation, attempt) => (operation === "Query" && attempt <= 2 ? throttled() : undefined));
    const response = await handlerOver(client, store.table)({ path: "/api/boards/throttled/posts" });
    expect(response.status).toBe(200);
    expect(attempts.get("Query")).toBe(3);
  });

  it("surfaces as 503 with Retry-After once the client's attempts are spent", async () => {
    const { client, attempts } = await faultyClient((operation) => (operation === "PutItem" ? throttled() : undefined));
    const before = await store.dump();
    const response = await handlerOver(
      client,
      store.table,
    )({ method: "POST", path: "/api/posts", headers: json, body: { board: "throttled", title: "t", body: "b", author: "a" } });
    expect(response.status).toBe(503);
    expect(response.retryAfter).toBe("1");
    expect(attempts.get("PutItem")).toBe(3);
    expect(await store.dump()).toEqual(before);
  });

  it("a comment whose transaction (with its idempotency record) keeps losing to concurrent ones is retried, then answered 503, and writes nothing", async () => {
    let conflicts = false;
    const { client, attempts } = await faultyClient((operation) => (conflicts && operation === "TransactWriteItems" ? transactionConflict() : undefined));
    const call = handlerOver(client, store.table);
    const { post } = (await call({ method: "POST", path: "/api/posts", headers: json, body: { board: "conflicts", title: "t", body: "b", author: "a" } })).body;
    conflicts = true;
    attempts.clear();
    const before = await store.dump();
    const response = await call({
      method: "POST",
      path: `/api/posts/${post.postId}/comments`,
      headers: { ...json, "idempotency-key": "conflicted-comment-000000000000000000" },
      body: { body: "never", author: "a" },
    });
    expect(response.status).toBe(503);
    expect(response.retryAfter).toBe("1");
    expect(response.body).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(attempts.get("TransactWriteItems")).toBe(8);
    expect(await store.dump()).toEqual(before);
  });

  it("a post delete that fails half-way is finished by repeating it, leaving no orphan", async () => {
    let failBatches = true;
    const { client } = await faultyClient((operation) => (failBatches && operation === "BatchWriteItem" ? throttled() : undefined));
    const call = handlerOver(client, store.table);
    const { post, editToken } = (await call({ method: "POST", path: "/api/posts", headers: json, body: { board: "half", title: "t", body: "b", author: "a" } }))
      .body;
    for (let i = 0; i < 30; i++)
      await call({ method: "POST", path: `/api/posts/${post.postId}/comments`, headers: json, body: { body: `c${i}`, author: "a" } });

    const auth = { authorization: `Bearer ${editToken}` };
    const failed = await call({ method: "DELETE", path: `/api/posts/${post.postId}`, headers: auth });
    expect(failed.status).toBe(503);
    expect((await call({ path: `/api/posts/${post.postId}` })).status).toBe(404); // already gone for readers
    expect((await call({ path: "/api/boards/half/posts" })).body.items).toEqual([]);
    expect((await call({ method: "POST", path: `/api/posts/${post.postId}/comments`, headers: json, body: { body: "late", author: "a" } })).status).toBe(404);

    failBatches = false;
    expect((await call({ method: "DELETE", path: `/api/posts/${post.postId}`, headers: auth })).status).toBe(204);
    expect((await store.dump()).filter((item) => item.pk?.S === `post#${post.postId}`)).toEqual([]);
  });
});

describe("an unexpected store failure (the table gone, as when .data is deleted under npm start)", () => {
  it("answers 500 without details, and its log line names the cause: class, message, AWS error code", async () => {
    const store = await createTestStore();
    const lines: Record<string, unknown>[] = [];
    const lambda = createLambdaHandler(
      createApp({
        operations: createBoardOperations({ client: store.client, table: "no-such-table", signingSecret: testSigningSecret }),
        allowedOrigins: [],
        log: (line) => lines.push(line),
      }),
    );
    for (const [path, label] of [
      ["/trpc/posts.create", "tRPC"],
      ["/api/posts", "REST"],
    ] as const) {
      lines.length = 0;
      const result = await lambda(
        apiGatewayEvent({ method: "POST", path, headers: json, body: { board: "gone", title: "t", body: "b", author: "a" } }),
        lambdaContext(),
      );
      expect(result.statusCode, label).toBe(500);
      expect(result.body, label).not.toMatch(/ResourceNotFound|no-such-table/);
      const failure = lines.find((line) => line.level === "error");
      expect(failure, `${label}: ${JSON.stringify(lines)}`).toMatchObject({
        requestId: expect.any(String),
        errorName: "ResourceNotFoundException",
        awsCode: "ResourceNotFoundException",
        errorMessage: expect.stringMatching(/non-existent table|not found/i),
      });
    }
  });
});
