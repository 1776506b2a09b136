/**
 * API Gateway fidelity: AWS's own sample events (tests/fixtures/apigateway, sources in its README)
 * and the cases where the handler once disagreed with API Gateway, all on the BUILT bundle (what
 * Lambda runs), through the one event builder and through the local emulation alike.
 */
import { catchLogLines } from "./support/log-lines.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { bundleHandler } from "../tools/bundle.js";
import { createEmulator } from "../local/apigw-emulator.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { createTestStore, testSigningSecret } from "./support/store.js";
import type { TestStore } from "./support/store.js";

const origin = "https://board.example.com";
let store: TestStore;
let handler: (event: APIGatewayProxyEvent, context: unknown) => Promise<APIGatewayProxyResult>;
let emulator: Server;
let emulatorUrl: string;

beforeAll(async () => {
  store = await createTestStore();
  const { outdir } = await bundleHandler(mkdtempSync(join(tmpdir(), "board-conformance-")));
  Object.assign(process.env, {
    TABLE_NAME: store.table,
    DYNAMODB_ENDPOINT: store.endpoint,
    SIGNING_SECRET: testSigningSecret,
    NODE_ENV: "production",
    ALLOWED_ORIGINS: origin,
  });
  catchLogLines();
  ({ handler } = await import(pathToFileURL(join(outdir, "index.mjs")).href));
  emulator = createEmulator({ handler: handler as never });
  await new Promise<void>((resolve) => emulator.listen(0, "127.0.0.1", resolve));
  emulatorUrl = `http://127.0.0.1:${(emulator.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((resolve) => emulator.close(() => resolve())));

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function invoke(event: APIGatewayProxyEvent): Promise<Answer> {
  const result = await handler(event, lambdaContext());
  const headers = Object.fromEntries(
    Object.entries(result.multiValueHeaders ?? result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : String(v)]),
  );
  return { status: result.statusCode, headers, body: result.body };
}

function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/** The same request through the local emulation, over HTTP. */
async function viaEmulator(options: EventOptions): Promise<Answer> {
  const query = new URLSearchParams(Object.entries(options.query ?? {}).flatMap(([key, values]) => [values].flat().map((value) => [key, value]))).toString();
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === "string"
        ? options.body
        : Buffer.isBuffer(options.body)
          ? new Uint8Array(options.body)
          : JSON.stringify(options.body);
  const response = await fetch(`${emulatorUrl}${options.path}${query ? `?${query}` : ""}`, {
    method: options.method ?? "GET",
    headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name, [value].flat().join(", ")])),
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, headers: headersOf(response), body: await response.text() };
}

const ways = {
  "the event builder": (options: EventOptions) => invoke(apiGatewayEvent(options)),
  "the local emulation": viaEmulator,
};

/** Every answer: the project's JSON (never a bare text reply), a request id, and CORS for an allowed origin. */
function expectWellFormed(answer: Answer, { withBody = true } = {}) {
  expect(answer.headers["x-request-id"]).toEqual(expect.any(String));
  expect(answer.headers["access-control-allow-origin"]).toBe(origin);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  if (!withBody) return;
  const body = JSON.parse(answer.body);
  if (answer.status >= 400) {
    const error = body.error ? { ...body.error.data, message: body.error.message } : body;
    expect(error).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: answer.headers["x-request-id"] });
  }
}

const fixture = (name: string): APIGatewayProxyEvent => JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "apigateway", `${name}.json`), "utf8"));

/** What every sample needs to reach this API from a browser on an allowed origin: a JSON content type and the Origin. */
function fromAllowedOrigin(event: APIGatewayProxyEvent): APIGatewayProxyEvent {
  const extra = { "Content-Type": "application/json", Origin: origin };
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).filter(([name]) => name.toLowerCase() !== "content-type"));
  const multiValueHeaders = Object.fromEntries(Object.entries(event.multiValueHeaders ?? {}).filter(([name]) => name.toLowerCase() !== "content-type"));
  return {
    ...event,
    headers: { ...headers, ...extra },
    multiValueHeaders: { ...multiValueHeaders, ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, [value]])) },
  };
}

describe("AWS's published sample events, on the built bundle", () => {
  it.each([
    ["developer-guide", 201, "From the developer guide"],
    ["aws-lambda-go", 200, "From aws-lambda-go"],
    ["sam-aws-proxy", 201, "From sam local generate-event"],
  ])("%s creates its post", async (name, status, title) => {
    const answer = await invoke(fromAllowedOrigin(fixture(name)));
    expect(answer.status, answer.body).toBe(status);
    expectWellFormed(answer);
    const created = JSON.parse(answer.body);
    expect((created.result?.data ?? created).post.title).toBe(title);
    const stored = (await store.dump()).filter((item) => item.title?.S === title);
    expect(stored).toHaveLength(1);
  });
});

describe.each(Object.entries(ways))("where the handler once disagreed with API Gateway, through %s", (_, send) => {
  const json = { "content-type": "application/json", origin };
  let postId: string;

  beforeAll(async () => {
    const created = await send({ method: "POST", path: "/api/posts", headers: json, body: { board: "fidelity", title: "Target", body: "b", author: "a" } });
    postId = JSON.parse(created.body).post.postId;
  });

  it("keeps an encoded ?, # or / inside a segment in that segment", async () => {
    expect((await send({ path: `/api/posts/${postId}`, headers: { origin } })).status).toBe(200);
    for (const suffix of ["%3Fx", "%23x", "%3F", "%2F"]) {
      const answer = await send({ path: `/api/posts/${postId}${suffix}`, headers: { origin } });
      expect([400, 404], `${suffix}: ${answer.body}`).toContain(answer.status);
      expectWellFormed(answer);
    }
    // API Gateway decodes %2F before the function sees it: a/b is two segments, and no route has them.
    const split = await send({ path: "/api/posts/a%2Fb", headers: { origin } });
    expect(split.status).toBe(404);
  });

  it("answers HEAD wherever GET is served, with GET's status and headers and no body", async () => {
    for (const path of ["/api/health", `/api/posts/${postId}`, "/trpc/health", "/api/openapi.json"]) {
      const get = await send({ path, headers: { origin } });
      const head = await send({ method: "HEAD", path, headers: { origin } });
      expect(head.status, path).toBe(get.status);
      expect(head.body).toBe("");
      for (const name of ["content-type", "etag", "cache-control", "access-control-allow-origin"])
        expect(head.headers[name], `${path} ${name}`).toBe(get.headers[name]);
      expectWellFormed(head, { withBody: false });
    }
  });

  it("says which content type it wants, in a whole sentence", async () => {
    const answer = await send({ method: "POST", path: "/api/posts", headers: { "content-type": "text/plain", origin }, body: "hello" });
    expect(answer.status).toBe(415);
    expectWellFormed(answer);
    const { message } = JSON.parse(answer.body);
    expect(message.split('"').length % 2, message).toBe(1);
    expect(message).toContain("application/json");
  });
});

describe("what only an event can carry", () => {
  it("collapses the leading slash SAM puts in pathParameters.proxy", async () => {
    const event = apiGatewayEvent({ path: "/api/health", headers: { origin } });
    const answer = await invoke({ ...event, pathParameters: { proxy: "/api/health" } });
    expect(answer.status).toBe(200);
  });

  it("refuses a base64 body that is not UTF-8 with a JSON 400 and stores nothing", async () => {
    const before = await store.dump();
    const latin1 = Buffer.from(JSON.stringify({ board: "fidelity", title: "caf\u00E9", body: "b", author: "a" }), "latin1");
    const answer = await invoke(apiGatewayEvent({ method: "POST", path: "/api/posts", headers: { "content-type": "application/json", origin }, body: latin1 }));
    expect(answer.status).toBe(400);
    expectWellFormed(answer);
    expect(JSON.parse(answer.body).message).toMatch(/UTF-8/);
    expect(await store.dump()).toEqual(before);
  });

  it("answers a method a Fetch request cannot have (TRACE) with its JSON 400, not a bare text one", async () => {
    const answer = await invoke(apiGatewayEvent({ method: "TRACE", path: "/api/health", headers: { origin } }));
    expect(answer.status).toBe(400);
    expectWellFormed(answer);
    expect(JSON.parse(answer.body).message).toMatch(/cannot be read/);
  });

  it("drops headers a Fetch request cannot carry instead of answering a bare text 400", async () => {
    const event = apiGatewayEvent({ path: "/api/health", headers: { origin } });
    event.multiValueHeaders[""] = [""];
    event.multiValueHeaders["bad name"] = ["x"];
    event.multiValueHeaders["X-Broken"] = ["line\r\nbreak"];
    event.headers["X-Nul"] = "a\u0000b";
    const answer = await invoke(event);
    expect(answer.status).toBe(200);
    expectWellFormed(answer);
  });
});
