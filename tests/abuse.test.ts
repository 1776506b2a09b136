import { beforeAll, describe, expect, it, vi } from "vitest";
import { catchLogLines } from "./support/log-lines.js";
import type { APIGatewayProxyResult } from "aws-lambda";
import { createApp } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { createWriteRateLimiter } from "../api/rate-limit.js";
import { clientKeyOf } from "../api/http/client-address.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { createTestBoard, createTestStore, testModeratorToken, testSigningSecret } from "./support/store.js";
import type { TestStore } from "./support/store.js";

let store: TestStore;
let clock = Date.UTC(2026, 10, 26, 12, 0, 5);
let handler: (event: ReturnType<typeof apiGatewayEvent>) => Promise<APIGatewayProxyResult>;

beforeAll(async () => {
  store = await createTestStore();
  const rateLimiter = createWriteRateLimiter({ client: store.client, table: store.table, writesPerMinute: 5, now: () => clock });
  const lambda = createLambdaHandler(createApp({ operations: createTestBoard(store), rateLimiter, trustedProxyHops: 1, allowedOrigins: [], log: () => {} }));
  handler = (event) => lambda(event, lambdaContext());
});

const createFrom = (ip: string, title = "Hello") =>
  handler(
    apiGatewayEvent({
      method: "POST",
      path: "/trpc/posts.create",
      headers: { "content-type": "application/json", "X-Forwarded-For": ip },
      body: { board: "abuse", title, body: "b", author: "a" },
    }),
  );

describe("per-client write rate limit", () => {
  it("answers 429 with Retry-After past the limit, per client, and lets reads through", async () => {
    for (let i = 0; i < 5; i++) expect((await createFrom("198.51.100.1")).statusCode).toBe(200);
    const refused = await createFrom("198.51.100.1");
    expect(refused.statusCode).toBe(429);
    const headers = Object.fromEntries(Object.entries(refused.multiValueHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    expect(Number(headers["retry-after"])).toBe(55);
    expect(JSON.parse(refused.body).error).toMatchObject({
      message: "Too many writes: try again in 55 s.",
      data: { code: "TOO_MANY_REQUESTS", requestId: expect.any(String) },
    });

    expect((await createFrom("198.51.100.2")).statusCode).toBe(200);
    const read = await handler(
      apiGatewayEvent({ path: "/trpc/posts.list", query: { input: JSON.stringify({ board: "abuse" }) }, headers: { "X-Forwarded-For": "198.51.100.1" } }),
    );
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body).result.data.items).toHaveLength(6);

    clock += 60_000; // the next minute
    expect((await createFrom("198.51.100.1")).statusCode).toBe(200);
  });

  it("counts preparing an image upload as a write", async () => {
    const prepare = () =>
      handler(
        apiGatewayEvent({
          method: "POST",
          path: "/trpc/attachments.prepare",
          headers: { "content-type": "application/json", "X-Forwarded-For": "198.51.100.77" },
          body: { contentType: "image/png", size: 100 },
        }),
      );
    for (let i = 0; i < 5; i++) expect((await prepare()).statusCode).not.toBe(429);
    expect((await prepare()).statusCode).toBe(429);
  });

  it("a refused write changes nothing", async () => {
    for (let i = 0; i < 5; i++) await createFrom("198.51.100.9");
    const before = (await store.dump()).filter((item) => !item.pk?.S?.startsWith("rate#"));
    expect((await createFrom("198.51.100.9", "one too many")).statusCode).toBe(429);
    expect((await store.dump()).filter((item) => !item.pk?.S?.startsWith("rate#"))).toEqual(before);
  });

  it("counts windows in the table with a TTL", async () => {
    const windows = (await store.dump()).filter((item) => item.pk?.S?.startsWith("rate#"));
    expect(windows.length).toBeGreaterThan(0);
    for (const window of windows) expect(Number(window.expiresAt?.N)).toBeGreaterThan(clock / 1000);
  });

  it("finds the client behind the trusted proxies", () => {
    expect(clientKeyOf({ forwardedFor: "203.0.113.7, 130.176.1.1", sourceIp: "130.176.1.1", trustedProxyHops: 1 })).toBe("203.0.113.7");
    expect(clientKeyOf({ forwardedFor: "203.0.113.7", sourceIp: "203.0.113.7", trustedProxyHops: 1 })).toBe("203.0.113.7");
    expect(clientKeyOf({ sourceIp: "192.0.2.4", trustedProxyHops: 0 })).toBe("192.0.2.4");
    expect(clientKeyOf({ forwardedFor: "198.51.100.66, 192.0.2.4", sourceIp: "192.0.2.4", trustedProxyHops: 0 })).toBe("192.0.2.4");
  });
});

describe("nothing secret in the logs", () => {
  it("logs no edit token, moderator token, idempotency key, signing secret or cursor", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const spies = (["log", "info", "warn", "error"] as const).map((level) => vi.spyOn(console, level).mockImplementation(capture));
    const logLines = catchLogLines();
    try {
      Object.assign(process.env, {
        TABLE_NAME: store.table,
        DYNAMODB_ENDPOINT: store.endpoint,
        MODERATOR_TOKEN: testModeratorToken,
        SIGNING_SECRET: testSigningSecret,
      });
      const { handler: deployed } = await import("../api/handler.js");
      const call = async (options: EventOptions) => (await deployed(apiGatewayEvent(options), lambdaContext())).body;
      const json = { "content-type": "application/json" };
      const created = JSON.parse(
        await call({
          method: "POST",
          path: "/api/posts",
          headers: { ...json, "Idempotency-Key": "secret-idempotency-key-0000000001" },
          body: { board: "logs", title: "t", body: "b", author: "a" },
        }),
      );
      await call({ method: "POST", path: "/api/posts", headers: json, body: { board: "logs", title: "u", body: "b", author: "a" } });
      const page = JSON.parse(await call({ path: "/api/boards/logs/posts", query: { limit: "1" } }));
      await call({ path: "/api/boards/logs/posts", query: { limit: "1", cursor: page.nextCursor } });
      await call({ path: "/trpc/posts.list", query: { input: JSON.stringify({ board: "logs", limit: 1, cursor: `${page.nextCursor}x` }) } });
      await call({
        method: "PATCH",
        path: `/api/posts/${created.post.postId}`,
        headers: { ...json, authorization: `Bearer ${created.editToken}` },
        body: { title: "v", expectedVersion: 1 },
      });
      await call({
        method: "PATCH",
        path: `/api/posts/${created.post.postId}`,
        headers: { ...json, authorization: "Bearer wrong-token-that-is-secret" },
        body: { title: "w", expectedVersion: 2 },
      });
      await call({ method: "DELETE", path: `/api/posts/${created.post.postId}`, headers: { authorization: `Bearer ${testModeratorToken}` } });
      lines.push(...logLines.lines);
      expect(lines.length).toBeGreaterThanOrEqual(8);
      const text = lines.join("\n");
      for (const secret of [
        created.editToken,
        testModeratorToken,
        "wrong-token-that-is-secret",
        "secret-idempotency-key-0000000001",
        testSigningSecret,
        page.nextCursor,
      ]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
      logLines.restore();
    }
  });
});
