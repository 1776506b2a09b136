import { Hono } from "hono";
import { cors } from "hono/cors";
import { bodyLimit } from "hono/body-limit";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { randomUUID } from "node:crypto";
import type { LambdaContext, ApiGatewayRequestContext } from "hono/aws-lambda";
import type { Board } from "../board/index.js";
import { limits } from "../limits.js";
import { appRouter } from "../router.js";
import { errorResponse } from "./errors.js";
import { clientKeyOf } from "../rate-limit.js";
import type { WriteRateLimiter } from "../rate-limit.js";
import { contextFromHeaders } from "./context.js";
import { restBasePath, trpcBasePath } from "./paths.js";

// The REST bridge and the API reference load on first use: tRPC traffic never pays for them.
const once = <T>(load: () => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
};
const loadRest = once(() => import("./rest.js"));
const loadDocs = once(() => import("./docs.js"));

export interface AppOptions {
  board: Board;
  allowedOrigins: string[];
  /** Limits writes per client; without one, writes are not limited. */
  rateLimiter?: WriteRateLimiter | undefined;
  trustedProxyHops?: number;
  /** Where the one-line-per-request JSON log goes (stdout on Lambda). */
  log?: (entry: Record<string, unknown>) => void;
}

type Env = {
  Bindings: { lambdaContext?: LambdaContext; requestContext?: ApiGatewayRequestContext };
  Variables: { requestId: string };
};

export const writeJsonLine = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

/** The board's HTTP surface: middleware for cross-cutting concerns, then tRPC under /trpc. */
const readMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export function createApp({ board, allowedOrigins, rateLimiter, trustedProxyHops = 0, log = writeJsonLine }: AppOptions) {
  const app = new Hono<Env>();

  app.use(async (c, next) => {
    const requestId = c.env?.lambdaContext?.awsRequestId ?? c.env?.requestContext?.requestId ?? randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    await next();
    c.header("x-request-id", requestId);
    // Clients back off on these; tell them when to come back.
    if ((c.res.status === 503 || c.res.status === 429) && !c.res.headers.has("retry-after")) c.header("retry-after", "1");
    log({
      level: c.res.status >= 500 ? "error" : "info",
      msg: "request",
      requestId,
      method: c.req.method,
      route: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  });

  app.use(
    cors({
      origin: (origin) => (allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["content-type", "authorization", "idempotency-key", "if-match", "trpc-accept", "x-trpc-source"],
      exposeHeaders: ["x-request-id", "retry-after", "etag"],
      maxAge: 600,
    }),
  );

  app.use(
    bodyLimit({
      maxSize: limits.requestBodyBytes,
      onError: (c) => errorResponse(c, 413, "PAYLOAD_TOO_LARGE", `Request bodies are limited to ${limits.requestBodyBytes} bytes.`),
    }),
  );

  if (rateLimiter?.enabled) {
    app.use(async (c, next) => {
      if (readMethods.has(c.req.method)) return next();
      const client = clientKeyOf(c.req.header("x-forwarded-for"), c.env?.requestContext?.identity?.sourceIp, trustedProxyHops);
      const decision = await rateLimiter.take(client);
      if (decision.allowed) return next();
      c.header("retry-after", String(decision.retryAfterSeconds));
      return errorResponse(c, 429, "TOO_MANY_REQUESTS", `Too many writes: try again in ${decision.retryAfterSeconds} s.`);
    });
  }

  app.all(`${trpcBasePath}/*`, (c) =>
    fetchRequestHandler({
      endpoint: trpcBasePath,
      req: c.req.raw,
      router: appRouter,
      createContext: () => contextFromHeaders(board, c.req.raw.headers, c.get("requestId")),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          log({ level: "error", msg: "procedure failed", requestId: c.get("requestId"), path, error: String(error.cause ?? error) });
        }
      },
    }),
  );

  app.all(`${restBasePath}/*`, async (c) => {
    const path = c.req.path.slice(restBasePath.length);
    const docs = path.startsWith("/docs") ? await (await loadDocs()).serveDocs(path) : undefined;
    if (docs) return docs;
    const rest = await loadRest();
    return rest.handleRest(c.req.raw, path, contextFromHeaders(board, c.req.raw.headers, c.get("requestId")));
  });

  app.notFound((c) => errorResponse(c, 404, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => {
    log({ level: "error", msg: "unhandled", requestId: c.get("requestId"), error: String(error) });
    return errorResponse(c, 500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side.");
  });

  return app;
}

export type BoardApp = ReturnType<typeof createApp>;
