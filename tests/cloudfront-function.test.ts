/**
 * The site's CloudFront Function (infra/site.ts), which the deploy rehearsal cannot create in its
 * emulator: run here as CloudFront runs it — the cloudfront-js-2.0 runtime's rules (a `handler`
 * function, no modules, no Node globals, 10 KB of code at most) — on CloudFront's documented
 * viewer-request event, for every route the site has.
 */
import { describe, expect, it } from "vitest";
import { runInNewContext } from "node:vm";
import { spaRewrite } from "../infra/site.js";

type ViewerRequest = {
  method: string;
  uri: string;
  querystring: Record<string, { value: string }>;
  headers: Record<string, { value: string }>;
  cookies: Record<string, { value: string }>;
};

/** CloudFront's viewer-request event (its documented shape, version 1.0). */
const viewerRequest = (uri: string) => ({
  version: "1.0",
  context: {
    distributionDomainName: "d111111abcdef8.cloudfront.net",
    distributionId: "EDFDVBD6EXAMPLE",
    eventType: "viewer-request",
    requestId: "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==",
  },
  viewer: { ip: "198.51.100.11" },
  request: { method: "GET", uri, querystring: {}, headers: { host: { value: "d111111abcdef8.cloudfront.net" } }, cookies: {} } as ViewerRequest,
});

/** The function's code evaluated alone: a fresh context with no require, process, Buffer or module. */
function cloudFrontHandler(code: string): (event: ReturnType<typeof viewerRequest>) => ViewerRequest {
  return runInNewContext(`${code}\n;handler`, Object.create(null), { timeout: 100 }) as never;
}

describe("the site's CloudFront Function under cloudfront-js-2.0", () => {
  it("fits the runtime: one handler, no modules, within 10 KB", () => {
    expect(Buffer.byteLength(spaRewrite)).toBeLessThanOrEqual(10 * 1024);
    expect(spaRewrite).toMatch(/^function handler\(event\) \{/);
    expect(spaRewrite).not.toMatch(/\brequire\(|\bimport\b|\bprocess\.|\bBuffer\b|\bsetTimeout\b|\basync\b|\bawait\b/);
  });

  it.each([
    ["/", "/index.html"],
    ["/b/general", "/index.html"],
    ["/b/general/", "/index.html"],
    ["/p/01K6Z4N3W8M2Q1R0S9T8V7X6Y5", "/index.html"],
    ["/b/자유게시판", "/index.html"],
    ["/index.html", "/index.html"],
    ["/assets/index-BB_qiHZD.js", "/assets/index-BB_qiHZD.js"],
    ["/assets/index-D8Mt0F46.css", "/assets/index-D8Mt0F46.css"],
    ["/favicon.ico", "/favicon.ico"],
  ])("sends %s to %s, and changes nothing else of the request", (uri, expected) => {
    const event = viewerRequest(uri);
    const request = cloudFrontHandler(spaRewrite)(event);
    expect(request.uri).toBe(expected);
    expect({ ...request, uri }).toEqual(viewerRequest(uri).request);
  });
});
