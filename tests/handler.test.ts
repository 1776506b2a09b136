import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { catchLogLines } from "./support/log-lines.js";
import type { APIGatewayProxyResult } from "aws-lambda";
import { limits } from "../api/limits.js";
import type { LambdaHandler } from "../api/http/lambda.js";
import { createTestStore, testModeratorToken } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { apiGatewayEvent, lambdaContext, trpcQuery } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";

const allowedOrigin = "https://board.example.com";
let store: TestStore;
let handler: LambdaHandler;
let logLines: string[] = [];

beforeAll(async () => {
  store = await createTestStore();
  Object.assign(process.env, {
    TABLE_NAME: store.table,
    DYNAMODB_ENDPOINT: store.endpoint,
    ALLOWED_ORIGINS: `${allowedOrigin}, http://localhost:5173`,
    MODERATOR_TOKEN: testModeratorToken,
  });
  ({ handler } = await import("../api/handler.js"));
});

afterEach(() => {
  logLines = [];
});

async function invoke(options: EventOptions) {
  const log = catchLogLines();
  try {
    const result: APIGatewayProxyResult = await handler(apiGatewayEvent(options), lambdaContext());
    const headers = Object.fromEntries(
      Object.entries(result.multiValueHeaders ?? result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : String(v)]),
    );
    return { status: result.statusCode, headers, text: result.body, json: () => JSON.parse(result.body) };
  } finally {
    log.restore();
    logLines.push(...log.lines);
  }
}

const createPost = (fields: Record<string, unknown> = {}, extra: Partial<EventOptions> = {}) =>
  invoke({
    method: "POST",
    path: "/trpc/posts.create",
    headers: { "Content-Type": "application/json" },
    body: { board: "handler", title: "Hello", body: "World", author: "ann", ...fields },
    ...extra,
  });

function expectErrorShape(body: { error?: { message?: string; data?: Record<string, unknown> } } | Record<string, unknown>, code: string) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stack|\.ts:\d|node_modules|\/work\//);
  const error = "error" in body && body.error ? { ...(body.error as { data: object }).data, message: (body.error as { message: string }).message } : body;
  expect(error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  return error as { code: string; message: string; requestId: string; issues?: { path: string; message: string }[] };
}

describe("Lambda handler with API Gateway REST v1 events", () => {
  it("answers under any stage and behind a custom domain's base path", async () => {
    for (const options of [{ stage: "prod" }, { stage: "v2-beta" }, { basePath: "/board-api" }]) {
      const response = await invoke({ path: "/trpc/health", ...options });
      expect(response.status).toBe(200);
      expect(response.json()).toEqual({ result: { data: { ok: true } } });
    }
  });

  it("creates from a base64-encoded body and reads back through query strings and a batch", async () => {
    const created = await createPost({ title: "Encoded" }, { base64: true });
    expect(created.status).toBe(200);
    const { post } = created.json().result.data;
    const listed = await invoke({ path: "/trpc/posts.list", query: trpcQuery({ board: "handler" }) });
    expect(listed.json().result.data.items.map((p: { postId: string }) => p.postId)).toContain(post.postId);

    const batch = await invoke({ path: "/trpc/posts.get,health", query: { batch: "1", input: JSON.stringify({ 0: { postId: post.postId } }) } });
    expect(batch.status).toBe(200);
    const [thread, health] = batch.json();
    expect(thread.result.data.post.title).toBe("Encoded");
    expect(health.result.data).toEqual({ ok: true });
  });

  it("enforces edit tokens: 401 without, 403 with a wrong one, 200 with the owner's or the moderator's", async () => {
    const { post, editToken } = (await createPost()).json().result.data;
    const other = (await createPost()).json().result.data.editToken;
    const update = (expectedVersion: number, authorization?: string | string[]) =>
      invoke({
        method: "POST",
        path: "/trpc/posts.update",
        headers: { "content-type": "application/json", ...(authorization ? { Authorization: authorization } : {}) },
        body: { postId: post.postId, title: "Edited", expectedVersion },
      });
    const missing = await update(1);
    expect(missing.status).toBe(401);
    expectErrorShape(missing.json(), "UNAUTHORIZED");
    expect((await update(1, `Bearer ${other}`)).status).toBe(403);
    expect((await update(1, `Basic ${editToken}`)).status).toBe(401);
    expect((await update(1, `Bearer ${editToken}`)).status).toBe(200);
    expect((await update(2, `bearer ${testModeratorToken}`)).status).toBe(200);
    const stale = await update(2, `Bearer ${editToken}`);
    expect(stale.status).toBe(409);
    expectErrorShape(stale.json(), "CONFLICT");
    const deleted = await invoke({
      method: "POST",
      path: "/trpc/posts.delete",
      headers: { "content-type": "application/json", authorization: `Bearer ${editToken}` },
      body: { postId: post.postId },
    });
    expect(deleted.status).toBe(200);
    expect((await invoke({ path: "/trpc/posts.get", query: trpcQuery({ postId: post.postId }) })).status).toBe(404);
  });

  it("answers invalid input with 400 and the field issues", async () => {
    const response = await createPost({ title: "", board: "Not A Slug" });
    expect(response.status).toBe(400);
    const error = expectErrorShape(response.json(), "BAD_REQUEST");
    expect(error.issues?.map((issue) => issue.path).sort()).toEqual(["board", "title"]);
  });

  it("refuses bodies over 64 KiB with 413 before parsing, and writes nothing", async () => {
    const before = await store.dump();
    const response = await createPost({ body: "x".repeat(limits.requestBodyBytes) });
    expect(response.status).toBe(413);
    expectErrorShape(response.json(), "PAYLOAD_TOO_LARGE");
    const notJson = await invoke({
      method: "POST",
      path: "/trpc/posts.create",
      headers: { "content-type": "application/json" },
      body: "{".repeat(limits.requestBodyBytes + 1),
    });
    expect(notJson.status).toBe(413);
    expect(await store.dump()).toEqual(before);
  });

  it("maps malformed requests to their 4xx with the error body, never a stack trace", async () => {
    const malformed = await invoke({ method: "POST", path: "/trpc/posts.create", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(malformed.status).toBe(400);
    expectErrorShape(malformed.json(), "BAD_REQUEST");

    const wrongMethod = await invoke({ method: "GET", path: "/trpc/posts.create", query: trpcQuery({}) });
    expect(wrongMethod.status).toBe(405);
    expectErrorShape(wrongMethod.json(), "METHOD_NOT_SUPPORTED");

    const unknownProcedure = await invoke({ path: "/trpc/posts.nothing" });
    expect(unknownProcedure.status).toBe(404);
    expectErrorShape(unknownProcedure.json(), "NOT_FOUND");

    for (const path of ["/", "/nowhere", "/trpc"]) {
      const unknownRoute = await invoke({ path });
      expect(unknownRoute.status).toBe(404);
      expectErrorShape(unknownRoute.json(), "NOT_FOUND");
    }

    // A body flagged base64 that is not: its decoded bytes are not UTF-8 text.
    const invalidBase64 = await handler(
      {
        ...apiGatewayEvent({ method: "POST", path: "/trpc/posts.create", headers: { "content-type": "application/json" } }),
        body: "%%%not base64%%%",
        isBase64Encoded: true,
      },
      lambdaContext(),
    );
    expect(invalidBase64.statusCode).toBe(400);
    expectErrorShape(JSON.parse(invalidBase64.body), "BAD_REQUEST");
  });

  it("answers CORS preflights for allowed origins only", async () => {
    const preflight = (origin: string) =>
      invoke({
        method: "OPTIONS",
        path: "/trpc/posts.create",
        headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,authorization" },
      });
    const allowed = await preflight(allowedOrigin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers["access-control-allow-origin"]).toBe(allowedOrigin);
    expect(allowed.headers["access-control-allow-headers"]).toMatch(/authorization/);
    expect(allowed.headers["access-control-allow-methods"]).toMatch(/PATCH/);
    const refused = await preflight("https://evil.example.net");
    expect(refused.headers["access-control-allow-origin"]).toBeUndefined();

    const simple = await invoke({ path: "/trpc/health", headers: { Origin: allowedOrigin } });
    expect(simple.headers["access-control-allow-origin"]).toBe(allowedOrigin);
    expect(simple.headers["access-control-expose-headers"]).toMatch(/x-request-id/);
  });

  it("logs one JSON line per request with the request id, and never a token", async () => {
    const created = await createPost();
    const { post, editToken } = created.json().result.data;
    logLines = [];
    await invoke({
      method: "POST",
      path: "/trpc/posts.update",
      headers: { "content-type": "application/json", authorization: `Bearer ${editToken}` },
      body: { postId: post.postId, body: "new", expectedVersion: 1 },
    });
    expect(logLines).toHaveLength(1);
    const entry = JSON.parse(logLines[0]!);
    expect(entry).toMatchObject({
      msg: "request",
      method: "POST",
      route: "/trpc/posts.update",
      status: 200,
      requestId: expect.any(String),
      durationMs: expect.any(Number),
    });
    expect(logLines.join("\n")).not.toContain(editToken);
    expect(created.headers["x-request-id"]).toEqual(expect.any(String));
  });
});
