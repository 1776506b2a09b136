/**
 * The REST face of the API (`/api/*`): the same procedures through trpc-to-openapi. Loaded on the
 * first REST request only, so tRPC-only containers never pay for it at cold start.
 */
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import type { OpenAPIObject } from "trpc-to-openapi";
import type { TRPCError } from "@trpc/server";
import { createAppRouter } from "../router.js";
import type { ApiMeta, Context, ErrorBody, RestConventions } from "../trpc.js";
import { allowedMethods, buildOpenApiDocument } from "./openapi-document.js";
import { restBasePath } from "./paths.js";

// trpc-to-openapi switches coercion on in place in the schemas it serves: give it its own router.
const restRouter = createAppRouter();
let document: OpenAPIObject | undefined;

export function openApiDocument(): OpenAPIObject {
  document ??= buildOpenApiDocument(restRouter);
  return document;
}

const restConventionsOf = (procedurePath: string): RestConventions | undefined =>
  (restRouter._def.procedures as unknown as Record<string, { _def: { meta?: ApiMeta } } | undefined>)[procedurePath]?._def.meta?.rest;

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** Answers one REST request; `path` is below `/api` (e.g. `/posts/01K…`). */
export async function handleRest(
  req: Request,
  path: string,
  ctx: Context,
  onError?: (error: TRPCError, procedure: string | undefined) => void,
): Promise<Response> {
  if (path === "/openapi.json" && req.method === "GET") return json(openApiDocument(), 200, { "cache-control": "public, max-age=300" });

  const allowed = allowedMethods(openApiDocument(), path);
  if (allowed.length === 0)
    return json({ code: "NOT_FOUND", message: `No route for ${req.method} ${restBasePath}${path}.`, requestId: ctx.requestId } satisfies ErrorBody, 404);
  if (!allowed.includes(req.method)) {
    return json(
      { code: "METHOD_NOT_SUPPORTED", message: `${req.method} is not allowed here; use ${allowed.join(", ")}.`, requestId: ctx.requestId } satisfies ErrorBody,
      405,
      { allow: allowed.join(", ") },
    );
  }

  // trpc-to-openapi collects query parameters into a plain object: a key that names one of
  // Object.prototype's members (__proto__, valueOf, toString, …) would reach the prototype.
  const unsafe = [...new URL(req.url).searchParams.keys()].find((key) => key in Object.prototype);
  if (unsafe !== undefined) {
    const message = `Query parameter "${unsafe}" is not allowed.`;
    return json({ code: "BAD_REQUEST", message, requestId: ctx.requestId, issues: [{ path: unsafe, message }] } satisfies ErrorBody, 400);
  }

  const response = await createOpenApiFetchHandler({
    endpoint: restBasePath,
    req,
    router: restRouter,
    createContext: () => ctx,
    onError: ({ error, path: procedure }: { error: TRPCError; path?: string | undefined }) => onError?.(error, procedure),
    // The procedure's REST conventions (ApiMeta.rest): its success status and its ETag.
    responseMeta({ paths, data, errors }) {
      const rest = paths?.[0] && errors.length === 0 ? restConventionsOf(paths[0]) : undefined;
      if (!rest) return {};
      return {
        ...(rest.successStatus ? { status: rest.successStatus } : {}),
        ...(rest.etag ? { headers: { etag: `"${rest.etag(data[0] as never)}"` } } : {}),
      };
    },
  });
  return response.ok ? response : json(await toErrorBody(response, req, ctx.requestId), response.status);
}

/** trpc-to-openapi's error body carries our formatted shape; REST clients get it flat, in our words. */
async function toErrorBody(response: Response, req: Request, requestId: string): Promise<ErrorBody> {
  const body = (await response.json()) as { code?: string; message?: string; data?: { issues?: ErrorBody["issues"] } };
  const issues = body.data?.issues;
  const code = body.code ?? "INTERNAL_SERVER_ERROR";
  const message = issues ? "The request is not valid." : code === "UNSUPPORTED_MEDIA_TYPE" ? unsupportedMediaType(req) : (body.message ?? "Request failed.");
  return { code, message, requestId, ...(issues ? { issues } : {}) };
}

function unsupportedMediaType(req: Request): string {
  const given = req.headers.get("content-type");
  return `Send the body as JSON with content-type application/json${given ? ` (this request said ${JSON.stringify(given)})` : ""}.`;
}
