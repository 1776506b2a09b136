import { Hono } from "hono";
import { cors } from "hono/cors";
import { bodyLimit } from "hono/body-limit";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { randomUUID } from "node:crypto";
import type { BoardOperations } from "../board/index.js";
import { limits } from "../limits.js";
import { appRouter } from "../router.js";
import { errorResponse } from "./errors.js";
import { describeFailure } from "./failure.js";
import type { RateDecision, WriteRateLimiter } from "../rate-limit.js";
import { clientKeyOf } from "./client-address.js";
import { contextFromHeaders } from "./procedure-context.js";
import { createOriginCheck, originVerifyHeader } from "./origin-check.js";
import { restBasePath, trpcBasePath } from "./paths.js";
import { requestLogLine } from "./request-metrics.js";
import { currentObservations, newObservations } from "../request-observations.js";
import type { RequestObservations } from "../request-observations.js";
import { defaultMetricsNamespace } from "../metric-names.js";
import { writeLogLine } from "../log-line.js";
import type { LambdaBindings } from "./lambda.js";
import type { Context as HonoContext } from "hono";

/**
 * A request's duration, rounded to 10 µs, from the monotonic clock `process` already has: the
 * global `performance` loads perf_hooks and 8 modules with it on its first use — on Lambda, inside
 * a cold start's first request (4.7 M instructions, measured; tests/bundle.test.ts).
 */
const millisecondsSince = (started: bigint) => Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100;

// The REST bridge and the API reference load on first use: tRPC traffic never pays for them.
const once = <T>(load: () => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
};
const loadRest = once(() => import("./rest.js"));
const loadDocs = once(() => import("./docs.js"));

export interface AppOptions {
  operations: BoardOperations;
  allowedOrigins: string[];
  /** Limits writes per client; without one, writes are not limited. */
  rateLimiter?: WriteRateLimiter | undefined;
  trustedProxyHops?: number;
  /**
   * Values of the X-Origin-Verify header CloudFront adds (current and previous, for rotation).
   * When given, requests without one are refused: the API can only be reached through CloudFront.
   */
  originSecrets?: string[];
  /** Where the one-line-per-request JSON log goes (stdout on Lambda). */
  log?: (entry: Record<string, unknown>) => void;
  /** CloudWatch namespace of the metrics in the log lines. */
  metricsNamespace?: string;
}

type Env = {
  Bindings: LambdaBindings;
  Variables: { requestId: string; responseHeaders: Headers; viaCloudFront: boolean; observations: RequestObservations };
};

/**
 * HEAD is GET without the body, wherever GET is served (monitors and CloudFront send it). Hono
 * routes HEAD to GET and drops the body; the request itself must say GET for tRPC and the REST bridge.
 */
const headAsGet = (request: Request) => (request.method === "HEAD" ? new Request(request, { method: "GET" }) : request);

const unlimited: () => Promise<RateDecision> = async () => ({ allowed: true });

/**
 * tRPC batches: at most `limits.batchSize` calls, and changes one at a time (the typed client sends
 * each alone; a plain httpBatchLink sends a batch of one), refused whole before any call runs.
 */
function batchRefusal(c: HonoContext<Env>): Response | undefined {
  if (c.req.query("batch") !== "1") return undefined;
  const calls = c.req.path.slice(trpcBasePath.length + 1).split(",").length;
  if (c.req.method !== "GET" && calls > 1) return errorResponse(c, 400, "BAD_REQUEST", "Changes cannot be batched: send each one in its own request.");
  if (calls > limits.batchSize) return errorResponse(c, 400, "BAD_REQUEST", `A batch may hold at most ${limits.batchSize} calls; this one has ${calls}.`);
  return undefined;
}

/** The board's HTTP surface: middleware for cross-cutting concerns, then tRPC under /trpc and REST under /api. */
export function createApp({
  operations,
  allowedOrigins,
  rateLimiter,
  trustedProxyHops = 0,
  originSecrets = [],
  log = writeLogLine,
  metricsNamespace = defaultMetricsNamespace,
}: AppOptions) {
  const app = new Hono<Env>();
  let coldStart = true;
  const cameThroughCloudFront = createOriginCheck(originSecrets);

  app.use(async (c, next) => {
    const requestId = c.env?.lambdaContext?.awsRequestId ?? c.env?.requestContext?.requestId ?? randomUUID();
    c.set("requestId", requestId);
    c.set("responseHeaders", new Headers());
    const observations = newObservations();
    c.set("observations", observations);
    const started = process.hrtime.bigint();
    await currentObservations.run(observations, next);
    c.get("responseHeaders").forEach((value, name) => {
      c.header(name, value);
    });
    c.header("x-request-id", requestId);
    // API answers are per-user and never to be cached or sniffed, whoever calls (even bypassing CloudFront).
    if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
    c.header("x-content-type-options", "nosniff");
    if (c.res.status === 401) c.header("www-authenticate", 'Bearer realm="serverless-board"');
    // Clients back off on these; tell them when to come back.
    if ((c.res.status === 503 || c.res.status === 429) && !c.res.headers.has("retry-after")) c.header("retry-after", "1");
    const facts = {
      requestId,
      method: c.req.method,
      route: c.req.path,
      status: c.res.status,
      durationMs: millisecondsSince(started),
      coldStart,
    };
    coldStart = false;
    log(requestLogLine(facts, observations, metricsNamespace));
  });

  if (originSecrets.length > 0) {
    app.use(async (c, next) => {
      if (!cameThroughCloudFront(c.req.header(originVerifyHeader)))
        return errorResponse(c, 403, "FORBIDDEN", "This API is only served through the board's site.");
      c.set("viaCloudFront", true);
      return next();
    });
  }

  app.use(
    cors({
      origin: (origin) => (allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["content-type", "authorization", "idempotency-key", "if-match", "trpc-accept", "x-trpc-source"],
      exposeHeaders: ["x-request-id", "retry-after", "etag"],
      maxAge: 600,
    }),
  );

  app.use(async (c, next) => {
    const problem = c.env?.requestProblem;
    return problem ? errorResponse(c, 400, "BAD_REQUEST", problem) : next();
  });

  app.use(
    bodyLimit({
      maxSize: limits.requestBodyBytes,
      onError: (c) => errorResponse(c, 413, "PAYLOAD_TOO_LARGE", `Request bodies are limited to ${limits.requestBodyBytes} bytes.`),
    }),
  );

  /** The procedure context: who is asking, and what their writes count against. */
  const contextFor = (c: HonoContext<Env>) => {
    const clientKey = clientKeyOf({
      // CloudFront overwrites this header, so it can be believed only when the request provably came through it.
      viewerAddress: c.get("viaCloudFront") ? c.req.header("cloudfront-viewer-address") : undefined,
      forwardedFor: c.req.header("x-forwarded-for"),
      sourceIp: c.env?.requestContext?.identity?.sourceIp,
      trustedProxyHops,
    });
    const takeWrite = rateLimiter?.enabled ? () => rateLimiter.take(clientKey) : unlimited;
    return contextFromHeaders(operations, c.req.raw.headers, {
      requestId: c.get("requestId"),
      clientKey,
      takeWrite,
      responseHeaders: c.get("responseHeaders"),
      observations: c.get("observations"),
    });
  };

  app.all(
    `${trpcBasePath}/*`,
    (c) =>
      batchRefusal(c) ??
      fetchRequestHandler({
        endpoint: trpcBasePath,
        req: headAsGet(c.req.raw),
        router: appRouter,
        createContext: () => contextFor(c),
        onError: ({ error, path }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") {
            log({ level: "error", msg: "procedure failed", requestId: c.get("requestId"), path, ...describeFailure(error) });
          }
        },
      }),
  );

  app.all(`${restBasePath}/*`, async (c) => {
    const path = c.req.path.slice(restBasePath.length);
    const docs = path === "/docs" ? (await loadDocs()).serveDocs(path) : undefined;
    if (docs) return docs;
    const rest = await loadRest();
    return rest.handleRest(headAsGet(c.req.raw), path, contextFor(c), (error, procedure) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        log({ level: "error", msg: "procedure failed", requestId: c.get("requestId"), path: procedure, ...describeFailure(error) });
    });
  });

  app.notFound((c) => errorResponse(c, 404, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => {
    log({ level: "error", msg: "unhandled", requestId: c.get("requestId"), ...describeFailure(error) });
    return errorResponse(c, 500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side.");
  });

  return app;
}

export type BoardApp = ReturnType<typeof createApp>;
