import { initTRPC, TRPCError } from "@trpc/server";
import type { Actor, BoardOperations } from "./board/index.js";
import type { RateDecision } from "./rate-limit.js";
import type { RequestObservations } from "./request-observations.js";
import { BoardError, isStoreUnavailable, storeUnavailable } from "./board/errors.js";
import type { FieldIssue } from "./board/errors.js";

export interface Context {
  /** The board's operations (the domain; no HTTP in it). */
  operations: BoardOperations;
  actor: Actor;
  requestId: string;
  /** The `Idempotency-Key` header, for creates. */
  idempotencyKey: string | undefined;
  /** The version in an `If-Match` header, for updates that give no `expectedVersion`. */
  ifMatchVersion: number | undefined;
  /** Who is asking, as the write limit counts them (an address or its /64): never stored as is. */
  clientKey: string;
  /** Counts one write against the caller's allowance. */
  takeWrite: () => Promise<RateDecision>;
  /** Headers the HTTP layer adds to this request's response (e.g. Retry-After). */
  responseHeaders: Headers;
  /** What this request did, for its log line and metrics. */
  observations: RequestObservations;
}

/**
 * Per-procedure metadata: what trpc-to-openapi reads (structurally its `OpenApiMeta`), declared
 * here so that the router's type, which the client imports, needs nothing of trpc-to-openapi.
 */
export type ApiMeta = {
  openapi?: {
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
    path: `/${string}`;
    summary?: string;
    description?: string;
    tags?: string[];
    protect?: boolean;
    successDescription?: string;
    errorResponses?: Record<number, string>;
  };
  /** What a successful call creates, for the request's metrics (PostsCreated, CommentsCreated). */
  creates?: "post" | "comment";
  /**
   * How the REST face answers beyond trpc-to-openapi's defaults. The REST bridge (api/http/rest.ts)
   * acts on it and the OpenAPI document (api/http/openapi-document.ts) describes it: one home.
   */
  rest?: RestConventions;
};

export interface RestConventions {
  /** The success status when it is not 200: creates 201, deletes 204 (no body). */
  successStatus?: 201 | 204;
  /** The item's version, sent as the ETag (`"3"`) that If-Match takes back. */
  etag?: (output: never) => number;
  /** Takes an Idempotency-Key header. */
  idempotencyKey?: boolean;
  /** Takes an If-Match header instead of `expectedVersion` in the body. */
  ifMatch?: boolean;
  /** Body fields of which at least one must be given (a PATCH with none is a 400). */
  requireOneOf?: string[];
}

/** The error body every API path shares: `{code, message, requestId, issues?}`. */
export interface ErrorBody {
  code: string;
  message: string;
  requestId: string;
  issues?: FieldIssue[];
}

const publicMessages: Partial<Record<TRPCError["code"], string>> = {
  INTERNAL_SERVER_ERROR: "Something went wrong on our side.",
  BAD_REQUEST: "The request is not valid.",
};

/** Validation failures carry their issues (zod or any standard schema) as the error's cause. */
function fieldIssues(error: TRPCError): FieldIssue[] | undefined {
  const cause = error.cause as { issues?: unknown } | undefined;
  if (cause instanceof BoardError) return cause.issues;
  if (!cause || !Array.isArray(cause.issues)) return undefined;
  return cause.issues.map((issue: { path?: PropertyKey[]; message?: string }) => ({
    path: (issue.path ?? []).map((segment) => (typeof segment === "object" ? String((segment as { key?: unknown }).key) : String(segment))).join("."),
    message: issue.message ?? "Invalid value.",
  }));
}

export function toErrorBody(error: TRPCError, requestId: string): ErrorBody {
  const issues = fieldIssues(error);
  const exposeMessage = error.cause instanceof BoardError || (error.code !== "INTERNAL_SERVER_ERROR" && !issues);
  return {
    code: error.code,
    message: exposeMessage ? error.message : (publicMessages[error.code] ?? error.message),
    requestId,
    ...(issues ? { issues } : {}),
  };
}

/**
 * The context the router's *type* declares is opaque on purpose: that type is what the client
 * package inlines into its declaration file, and it must carry nothing of the server (operations,
 * limiter, observations). Every request's context is a full Context (api/http/procedure-context.ts
 * builds it); the first middleware of every procedure gives it that type.
 */
type RootContext = object;

const t = initTRPC
  .context<RootContext>()
  .meta<ApiMeta>()
  .create({
    // Lambda does not set NODE_ENV: never let tRPC decide to include stack traces.
    isDev: false,
    errorFormatter({ shape, error, ctx }) {
      const { code: _code, message, ...data } = toErrorBody(error, (ctx as Partial<Context> | undefined)?.requestId ?? "unknown");
      return { code: shape.code, message, data: { ...data, code: error.code, httpStatus: shape.data.httpStatus } };
    },
  });

export const router = t.router;

/** Every procedure: the typed context, then observation, domain errors and the write allowance, in that order. */
export const publicProcedure = t.procedure
  .use(({ ctx, next }) => next({ ctx: ctx as Context }))
  // Which procedures ran and how they ended, for the request's log line and metrics.
  .use(async ({ ctx, path, meta, next }) => {
    const observed = ctx.observations;
    observed.procedures.push(path);
    const result = await next();
    if (result.ok) {
      if (meta?.creates === "post") observed.postsCreated++;
      if (meta?.creates === "comment") observed.commentsCreated++;
    } else {
      const code = result.error.code;
      // A stale version, not a reused idempotency key: only versioned edits (they take If-Match) conflict so.
      if (code === "CONFLICT" && meta?.rest?.ifMatch) observed.versionConflicts++;
      if (code === "TOO_MANY_REQUESTS") observed.writesRefused++;
      if (code === "SERVICE_UNAVAILABLE") observed.storeUnavailable++;
    }
    return result;
  })
  // Domain errors become their tRPC codes; an unreachable store is a 503, not a 500.
  .use(async ({ ctx, next }) => {
    const result = await next();
    if (!result.ok) {
      const cause = result.error.cause;
      if (cause instanceof BoardError) {
        if (cause.retryAfterSeconds !== undefined) ctx.responseHeaders.set("retry-after", String(cause.retryAfterSeconds));
        throw new TRPCError({ code: cause.kind, message: cause.message, cause });
      }
      if (isStoreUnavailable(cause)) {
        const unavailable = storeUnavailable();
        throw new TRPCError({ code: unavailable.kind, message: unavailable.message, cause: unavailable });
      }
    }
    return result;
  })
  // Every mutation call counts against the caller's write allowance, whichever way it arrived, and
  // before its input is even parsed: a refused write costs one conditional update, nothing more.
  .use(async ({ ctx, type, next }) => {
    if (type !== "mutation") return next();
    const decision = await ctx.takeWrite();
    if (decision.allowed) return next();
    ctx.responseHeaders.set("retry-after", String(decision.retryAfterSeconds));
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many writes: try again in ${decision.retryAfterSeconds} s.` });
  });
