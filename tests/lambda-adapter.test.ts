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
    body: await c.req.text(),
  }),
);
const handler = createLambdaHandler(echo);

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
});
