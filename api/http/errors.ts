import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorBody } from "../trpc.js";

/** Error responses made outside tRPC (routing, limits, CORS) share tRPC's `{code, message, requestId}` body. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  const body: ErrorBody = { code, message, requestId: c.get("requestId") ?? "unknown" };
  return c.json(body, status);
}
