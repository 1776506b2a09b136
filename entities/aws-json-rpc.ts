import http from "node:http";
import https from "node:https";
import { isStoreUnavailable, isThrottle } from "./store-errors.js";
import { signRequest } from "./sigv4.js";

/**
 * One AWS JSON-protocol service (DynamoDB, SSM) called the way the board needs and nothing more:
 * a signed POST per operation (entities/sigv4.ts), kept-alive sockets, bounded time
 * and bounded retries. Why not the AWS SDK: its client costs the function's cold start more than
 * the rest of the board together (docs/performance.md#levers). Why not @aws-lite itself: it has
 * no timeouts and drops a network error's code (ECONNREFUSED becomes a message), and both are
 * what tells "DynamoDB is down, answer 503 now" from a bug.
 */
export interface AwsJsonRpcOptions {
  service: "dynamodb" | "ssm";
  region: string;
  /** Overrides AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL, as the SDK's endpoint setting does. */
  endpoint?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Attempts per call, counting the first: throttles, 5xx answers, timeouts and network errors are retried. */
  maxAttempts?: number;
  connectTimeoutMs?: number;
  /** From the request being sent to its whole answer read. */
  requestTimeoutMs?: number;
  hooks?: RpcHooks;
}

/**
 * The bounds every function's AWS calls share unless told otherwise (the SDK client of the other
 * functions takes them too, entities/dynamo-client.ts): 3 attempts with back-off, 1 s to connect,
 * 3 s to an answer — an unreachable DynamoDB fails fast instead of holding the request until the
 * Lambda times out.
 */
export const callBounds = { maxAttempts: 3, connectTimeoutMs: 1000, requestTimeoutMs: 3000 } as const;

/** What a caller may watch: metrics count with these, tests record with them, X-Ray traces with them. */
export interface RpcHooks {
  /** Before the first attempt; throwing refuses the call (tests refuse a Scan this way). */
  call?(operation: string, input: Record<string, unknown>): CallWatcher | undefined;
}
export interface CallWatcher {
  /** Headers every attempt carries (X-Ray's trace header). */
  headers?(): Record<string, string>;
  /** After every attempt that failed: whether it will be tried again. */
  attemptFailed?(error: unknown, willRetry: boolean): void;
  /** Once, when the call is answered or given up. */
  done?(outcome: { error?: unknown; attempts: number; statusCode?: number; requestId?: string }): void;
}

/** An error DynamoDB or SSM answered: named as the SDK names it, so one set of predicates reads both. */
export class AwsServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string | undefined; attempts: number };
  readonly $fault: "client" | "server";
  constructor(name: string, message: string, statusCode: number, requestId: string | undefined, body: Record<string, unknown>) {
    super(message);
    Object.assign(this, body); // CancellationReasons, Item… as the service sent them
    this.name = name;
    this.$fault = statusCode >= 500 ? "server" : "client";
    this.$metadata = { httpStatusCode: statusCode, requestId, attempts: 1 };
  }
}

const targets = {
  dynamodb: { prefix: "DynamoDB_20120810", contentType: "application/x-amz-json-1.0" },
  ssm: { prefix: "AmazonSSM", contentType: "application/x-amz-json-1.1" },
};
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

export type AwsJsonRpc = (operation: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

export function createAwsJsonRpc(options: AwsJsonRpcOptions): AwsJsonRpc {
  const env = options.env ?? process.env;
  const { service, region, hooks } = options;
  const { maxAttempts, connectTimeoutMs, requestTimeoutMs } = { ...callBounds, ...options };
  const url = new URL(
    options.endpoint ?? env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] ?? env.AWS_ENDPOINT_URL ?? `https://${service}.${region}.amazonaws.com`,
  );
  const { prefix, contentType } = targets[service];
  const send = sender(url, connectTimeoutMs, requestTimeoutMs);

  return async (operation, input) => {
    const watcher = hooks?.call?.(operation, input);
    const body = JSON.stringify(input);
    for (let attempt = 1; ; attempt++) {
      try {
        // Signed per attempt: a signature carries its time, and Lambda's credentials are read as they are now.
        const headers = signRequest(
          {
            service,
            region,
            host: url.host,
            path: url.pathname,
            headers: { "content-type": contentType, "x-amz-target": `${prefix}.${operation}`, ...watcher?.headers?.() },
            body,
          },
          credentialsFrom(env),
        );
        const answer = await send(headers, body);
        if (answer.statusCode >= 200 && answer.statusCode < 300) {
          watcher?.done?.({ attempts: attempt, statusCode: answer.statusCode, requestId: answer.requestId });
          return answer.body;
        }
        throw serviceError(answer);
      } catch (error) {
        const willRetry = attempt < maxAttempts && isRetryable(error);
        watcher?.attemptFailed?.(error, willRetry);
        if (!willRetry) {
          if (error instanceof AwsServiceError) error.$metadata.attempts = attempt;
          watcher?.done?.({ error, attempts: attempt, ...(error instanceof AwsServiceError ? { statusCode: error.$metadata.httpStatusCode } : {}) });
          throw error;
        }
        await backOff(attempt, isThrottle(error));
      }
    }
  };
}

/** Lambda gives a function its role's credentials in these three variables (and renews them there). */
function credentialsFrom(env: NodeJS.ProcessEnv) {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error("No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

interface Answer {
  statusCode: number;
  requestId: string | undefined;
  body: Record<string, unknown>;
}

function sender(url: URL, connectTimeoutMs: number, requestTimeoutMs: number) {
  const transport = url.protocol === "https:" ? https : http;
  const agent = agents[url.protocol === "https:" ? "https:" : "http:"];
  const port = url.port || undefined;
  const path = url.pathname || "/";
  return (headers: Record<string, string>, body: string) =>
    new Promise<Answer>((resolve, reject) => {
      const request = transport.request(
        { method: "POST", hostname: url.hostname, port, path, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (error) => {
            clearTimeout(requestTimer);
            reject(error);
          });
          response.on("end", () => {
            clearTimeout(requestTimer);
            const text = Buffer.concat(chunks).toString("utf8");
            let body: Record<string, unknown> = {};
            try {
              body = text ? JSON.parse(text) : {};
            } catch {
              body = { message: text.slice(0, 200) };
            }
            resolve({ statusCode: response.statusCode ?? 0, requestId: header(response.headers["x-amzn-requestid"]), body });
          });
        },
      );
      const fail = (name: string, message: string) => request.destroy(Object.assign(new Error(message), { name }));
      const requestTimer = setTimeout(() => fail("TimeoutError", `No answer within ${requestTimeoutMs} ms`), requestTimeoutMs);
      request.on("socket", (socket) => {
        if (!socket.connecting) return;
        const connectTimer = setTimeout(() => fail("TimeoutError", `No connection within ${connectTimeoutMs} ms`), connectTimeoutMs);
        socket.once("connect", () => clearTimeout(connectTimer));
        socket.once("close", () => clearTimeout(connectTimer));
      });
      request.on("error", (error) => {
        clearTimeout(requestTimer);
        reject(error);
      });
      request.end(body);
    });
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function serviceError(answer: Answer): AwsServiceError {
  const { __type, message, Message, ...rest } = answer.body as { __type?: string; message?: string; Message?: string };
  // "com.amazonaws.dynamodb.v20120810#ThrottlingException" → "ThrottlingException", as the SDK names it.
  const name = __type?.split("#").pop() || (answer.statusCode >= 500 ? "InternalServerError" : "UnknownError");
  return new AwsServiceError(name, message ?? Message ?? `HTTP ${answer.statusCode}`, answer.statusCode, answer.requestId, rest);
}

function isRetryable(error: unknown): boolean {
  if (error instanceof AwsServiceError) return error.$fault === "server" || isThrottle(error) || error.name === "TransactionInProgressException";
  return isStoreUnavailable(error); // timeouts and network errors
}

/** Full jitter over 100 ms × 2ⁿ (the SDK's), 500 ms × 2ⁿ after a throttle (the SDK's throttling base). */
function backOff(attempt: number, throttled: boolean) {
  const ceiling = Math.min((throttled ? 500 : 100) * 2 ** (attempt - 1), 20_000);
  return new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * ceiling)));
}
