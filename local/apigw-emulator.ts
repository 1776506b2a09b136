import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import type { LambdaHandler } from "../api/http/lambda.js";

/** API Gateway's own payload cap. */
const maxPayloadBytes = 10 * 1024 * 1024;

export interface EmulatorOptions {
  handler: LambdaHandler;
  stage?: string;
  /** Answers requests the API does not own (the static web board); return false to pass. */
  serveStatic?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/** Decodes each path segment as API Gateway does; a segment that is not valid percent-encoding stays as sent. */
function decodedPath(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}

/** Builds the event API Gateway REST (v1) sends for a `/{proxy+}` (or root `/`) proxy resource. */
export function toProxyEvent(req: IncomingMessage, body: Buffer, stage: string): APIGatewayProxyEvent {
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname;
  const resource = path === "/" ? "/" : "/{proxy+}";
  // Null prototypes: a query key like "__proto__" must be a key, not the object's prototype.
  const multiValueHeaders: Record<string, string[]> = Object.create(null);
  for (const [name, values] of Object.entries(req.headersDistinct)) if (values) multiValueHeaders[name] = values;
  const sourceIp = req.socket.remoteAddress ?? "127.0.0.1";
  // API Gateway appends the address it saw to X-Forwarded-For (whatever the client wrote before it).
  const forwardedFor = multiValueHeaders["x-forwarded-for"]?.join(", ");
  multiValueHeaders["x-forwarded-for"] = [forwardedFor ? `${forwardedFor}, ${sourceIp}` : sourceIp];
  const multiValueQuery: Record<string, string[]> = Object.create(null);
  for (const [key, value] of url.searchParams) (multiValueQuery[key] ??= []).push(value);
  const lastOf = (map: Record<string, string[]>) => Object.fromEntries(Object.entries(map).map(([key, values]) => [key, values[values.length - 1] ?? ""]));
  const hasQuery = Object.keys(multiValueQuery).length > 0;
  return {
    resource,
    path,
    httpMethod: req.method ?? "GET",
    headers: lastOf(multiValueHeaders),
    multiValueHeaders,
    queryStringParameters: hasQuery ? lastOf(multiValueQuery) : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
    pathParameters: resource === "/" ? null : { proxy: decodedPath(path.slice(1)) },
    stageVariables: null,
    body: body.length > 0 ? body.toString("utf8") : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authorizer: null,
      protocol: `HTTP/${req.httpVersion}`,
      httpMethod: req.method ?? "GET",
      identity: {
        sourceIp,
        userAgent: req.headers["user-agent"] ?? null,
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
        cognitoIdentityPoolId: null, principalOrgId: null, user: null, userArn: null,
      },
      path: `/${stage}${path}`,
      stage,
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: "local",
      resourcePath: resource,
      domainName: req.headers.host ?? "localhost",
    },
  };
}

function lambdaContext(functionName: string): Context {
  const awsRequestId = randomUUID();
  return {
    awsRequestId,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function writeResult(res: ServerResponse, result: APIGatewayProxyResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) res.setHeader(name, values.map(String));
  res.statusCode = result.statusCode;
  res.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxPayloadBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** An HTTP server that behaves like API Gateway REST in front of the Lambda handler. */
export function createEmulator({ handler, stage = "local", serveStatic }: EmulatorOptions): Server {
  return createServer(async (req, res) => {
    try {
      if (serveStatic && (await serveStatic(req, res))) return;
      const body = await readBody(req);
      if (body === null) {
        res.writeHead(413, { "content-type": "application/json" }).end(JSON.stringify({ message: "Request Too Long" }));
        return;
      }
      writeResult(res, await handler(toProxyEvent(req, body, stage), lambdaContext("serverless-board-local")));
    } catch (error) {
      // API Gateway's answer when the integration fails.
      console.error(JSON.stringify({ level: "error", msg: "handler failed", error: String(error) }));
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ message: "Internal server error" }));
    }
  });
}
