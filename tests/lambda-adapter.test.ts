import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { createLambdaHandler, routingPath } from "../api/http/lambda.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";

/** An app that reports what request the adapter built from the event. */
const echo = new Hono().all("*", async (c) =>
  c.json({
    method: c.req.method,
    path: c.req.path,
    query: [...new URL(c.req.url).searchParams],
    authorization: c.req.header("authorization"),
    accept: c.req.header("accept"),
    idempotencyKey: c.req.header("idempotency-key"),
    contentLength: c.req.header("content-length"),
    body: await c.req.text(),
  }),
);
const handler = createLambdaHandler(echo);

/** An app that answers bytes and cookies, for the way back. */
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
const answering = createLambdaHandler(
  new Hono()
    .get("/image", () => new Response(png, { headers: { "content-type": "image/png" } }))
    .get("/cookies", () => {
      const headers = new Headers({ "content-type": "text/plain; charset=utf-8" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response("안녕", { headers });
    }),
);

async function seen(options: Parameters<typeof apiGatewayEvent>[0]) {
  const result = await handler(apiGatewayEvent(options), lambdaContext());
  return JSON.parse(result.body);
}

describe("API Gateway v1 event → request", () => {
  it("routes on the proxied path, not on the stage or a custom domain's base path", async () => {
    expect((await seen({ path: "/trpc/posts.list", stage: "prod" })).path).toBe("/trpc/posts.list");
    expect((await seen({ path: "/trpc/posts.list", basePath: "/v1" })).path).toBe("/trpc/posts.list");
    expect(routingPath({ ...apiGatewayEvent({ path: "/" }), path: "/v1" })).toBe("/");
    expect(routingPath({ ...apiGatewayEvent({ path: "/x" }), resource: "/api/{proxy+}", pathParameters: { proxy: "a/b" } })).toBe("/api/a/b");
  });

  it("keeps every value of multi-value query strings and headers", async () => {
    const request = await seen({ path: "/echo", query: { tag: ["a", "b"], single: "1" }, headers: { Accept: ["application/json", "text/plain"] } });
    expect(request.query).toEqual([
      ["tag", "a"],
      ["tag", "b"],
      ["single", "1"],
    ]);
    expect(request.accept).toBe("application/json, text/plain");
  });

  it("ignores a body on GET (API Gateway passes one; a Fetch Request may not have it)", async () => {
    expect(await seen({ method: "GET", path: "/echo", body: "{}" })).toMatchObject({ method: "GET", body: "" });
  });

  it("decodes base64 bodies, including non-ASCII text", async () => {
    const body = JSON.stringify({ title: "Grüße, 世界 🌍" });
    expect((await seen({ method: "POST", path: "/echo", body, base64: true })).body).toBe(body);
    expect((await seen({ method: "POST", path: "/echo", body })).body).toBe(body);
  });

  it("keeps a header value with non-ASCII text, percent-encoded (a Fetch header value is a byte string)", async () => {
    const request = await seen({ path: "/echo", headers: { "Idempotency-Key": "글-1" } });
    expect(request.idempotencyKey).toBe(encodeURIComponent("글-1"));
  });

  it("gives the body limit the length of what arrived, not what the client claimed", async () => {
    const body = JSON.stringify({ title: "글" });
    const request = await seen({ method: "POST", path: "/echo", body, headers: { "Content-Length": "3" } });
    expect(request).toMatchObject({ body, contentLength: String(Buffer.byteLength(body)) });
  });
});

describe("response → API Gateway v1 result", () => {
  it("sends bytes as base64 and text as text", async () => {
    const image = await answering(apiGatewayEvent({ path: "/image" }), lambdaContext());
    expect(image).toMatchObject({ statusCode: 200, isBase64Encoded: true });
    expect(new Uint8Array(Buffer.from(image.body, "base64"))).toEqual(png);
    const text = await answering(apiGatewayEvent({ path: "/cookies" }), lambdaContext());
    expect(text).toMatchObject({ isBase64Encoded: false, body: "안녕" });
  });

  it("keeps every Set-Cookie as its own value", async () => {
    const result = await answering(apiGatewayEvent({ path: "/cookies" }), lambdaContext());
    expect(result.multiValueHeaders?.["set-cookie"]).toEqual(["a=1", "b=2"]);
  });
});
