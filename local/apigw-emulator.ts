import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { LambdaHandler } from "../api/http/lambda.js";
import { apiGatewayEvent, lambdaContext } from "./proxy-events.js";
import { readBody } from "./read-body.js";

/** API Gateway's own payload cap. */
const maxPayloadBytes = 10 * 1024 * 1024;

export interface EmulatorOptions {
  /** The function, or where it will be once loaded (until then requests get a 503 to retry). */
  handler: LambdaHandler | { current?: LambdaHandler | undefined };
  stage?: string;
  /** Answers requests the API does not own (the static web board); return false to pass. */
  serveStatic?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/** The event API Gateway REST (v1) would send for this request to a `/{proxy+}` (or root `/`) proxy resource. */
export function toProxyEvent(req: IncomingMessage, body: Buffer, stage: string): APIGatewayProxyEvent {
  const url = new URL(req.url ?? "/", "http://localhost");
  const query: Record<string, string[]> = Object.create(null);
  for (const [key, value] of url.searchParams) {
    query[key] ??= [];
    query[key].push(value);
  }
  const headers: Record<string, string[]> = Object.create(null);
  for (const [name, values] of Object.entries(req.headersDistinct)) if (values) headers[name] = values;
  return apiGatewayEvent({
    method: req.method ?? "GET",
    path: url.pathname,
    query,
    headers,
    // No binary media types are configured: API Gateway hands bodies over as text.
    ...(body.length > 0 ? { body: body.toString("utf8") } : {}),
    stage,
    sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
    viaCloudFront: false,
  });
}

function writeResult(res: ServerResponse, result: APIGatewayProxyResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) res.setHeader(name, values.map(String));
  res.statusCode = result.statusCode;
  res.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
}

/** An HTTP server that behaves like API Gateway REST in front of the Lambda handler. */
export function createEmulator({ handler, stage = "local", serveStatic }: EmulatorOptions): Server {
  return createServer(async (req, res) => {
    try {
      if (serveStatic && (await serveStatic(req, res))) return;
      const body = await readBody(req, maxPayloadBytes);
      if (body === undefined) {
        res.writeHead(413, { "content-type": "application/json" }).end(JSON.stringify({ message: "Request Too Long" }));
        return;
      }
      const ready = typeof handler === "function" ? handler : handler.current;
      if (!ready) {
        // Still starting: what a client retries (the server listens before the handler is loaded, as it needs its own address).
        res
          .writeHead(503, { "content-type": "application/json", "retry-after": "1" })
          .end(JSON.stringify({ code: "SERVICE_UNAVAILABLE", message: "The board is starting: try again in a moment." }));
        return;
      }
      writeResult(res, await ready(toProxyEvent(req, body, stage), lambdaContext("serverless-board-local")));
    } catch (error) {
      // API Gateway's answer when the integration fails.
      console.error(JSON.stringify({ level: "error", msg: "handler failed", error: String(error) }));
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ message: "Internal server error" }));
    }
  });
}
