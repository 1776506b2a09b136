import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createBoardOperations } from "../api/board/index.js";
import { createApp } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import { startConflictFaithfulDynamoDb } from "../local/conflict-faithful-dynamodb.js";
import type { ConflictFaithfulDynamoDb } from "../local/conflict-faithful-dynamodb.js";
import { runViralThread } from "../bench/viral-thread.js";
import type { ProxyHandler } from "../bench/viral-thread.js";
import { createTestStore, testModeratorToken, testSigningSecret } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { testProjector } from "./support/projector.js";

// 200 people commenting on one post at once, through the real handler, on a DynamoDB that refuses
// what real DynamoDB refuses while a transaction is ongoing (25 ms, about a real one's length).
let store: TestStore;
let proxy: ConflictFaithfulDynamoDb;
let handler: ProxyHandler;
const failures: Record<string, unknown>[] = [];

beforeAll(async () => {
  store = await createTestStore();
  proxy = await startConflictFaithfulDynamoDb({ target: store.endpoint, transactionMs: 25 });
  // The function's client, but with time to wait: this machine's DynamoDB Local serves a few hundred
  // requests a second to every test file at once, and a timeout here would be its queue, not the design.
  const client = new DynamoDBClient({ region: "us-east-1", endpoint: proxy.endpoint, maxAttempts: 3, requestHandler: { requestTimeout: 20_000 } });
  const operations = createBoardOperations({ client, table: store.table, signingSecret: testSigningSecret, moderatorToken: testModeratorToken });
  handler = createLambdaHandler(
    createApp({ operations, allowedOrigins: [], log: (line) => (line.level === "error" && line.msg !== "request" ? failures.push(line) : undefined) }),
  ) as ProxyHandler;
});
afterAll(() => proxy.stop());

const call = async (path: string, options: { method?: string; body?: object; query?: Record<string, string> } = {}) => {
  const result = await handler(apiGatewayEvent({ path, headers: { "content-type": "application/json" }, ...options }), lambdaContext());
  return JSON.parse(result.body) as unknown;
};

async function allCommentIds(postId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = (await call(`/api/posts/${postId}/comments`, { query: { limit: "100", ...(cursor ? { cursor } : {}) } })) as {
      items: { commentId: string }[];
      nextCursor: string | null;
    };
    ids.push(...page.items.map((item) => item.commentId));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
}

describe("a viral thread", () => {
  it("200 concurrent commenters on one post for 4 s: none refused, every acknowledged comment present, the count exact once the stream drains", async () => {
    const { post } = (await call("/api/posts", { method: "POST", body: { board: "viral", title: "t", body: "b", author: "a" } })) as {
      post: { postId: string };
    };
    const result = await runViralThread({ handler, postId: post.postId, commenters: 200, durationMs: 4000, thinkMs: 1000 });
    console.info(
      `viral thread: ${result.accepted.length} accepted, ${result.refusedTotal} refused ${JSON.stringify(result.refused)}, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
    );
    expect(failures).toEqual([]);
    expect(proxy.counts).toEqual({ writeConflicts: 0, writeTransactionsCancelled: 0, readTransactionsCancelled: 0 });
    expect(result.refused).toEqual({});
    expect(result.accepted.length).toBeGreaterThanOrEqual(200);
    expect((await allCommentIds(post.postId)).sort()).toEqual([...result.accepted].sort());
    // The count is the stream projector's: exact once it has read everything.
    await testProjector(store).drain();
    const thread = (await call(`/api/posts/${post.postId}`)) as { post: { commentCount: number } };
    expect(thread.post.commentCount).toBe(result.accepted.length);
  });
});
