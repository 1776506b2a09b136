import { handle } from "hono/aws-lambda";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import type { Env, Hono } from "hono";
import { requestProblemKey } from "./request-problem.js";

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Characters that change a URL's meaning when a decoded segment is pasted back into a path. */
const reservedInSegment = /[%?#\\]/g;
const encodeSegment = (segment: string) => segment.replace(reservedInSegment, (character) => encodeURIComponent(character));

/**
 * The path the app routes on. `event.path` carries a custom domain's base path (`/v1/trpc/…`), so
 * it is rebuilt from the matched resource and its `{proxy+}` parameter, which never do. API Gateway
 * hands that parameter over decoded, so each segment is re-encoded: an id with `?` in it stays one
 * (invalid) id instead of becoming a query string. SAM's generated events start it with a slash.
 */
export function routingPath(event: APIGatewayProxyEvent): string {
  const proxy = event.pathParameters?.proxy;
  if (event.resource?.includes("{proxy+}") && proxy !== undefined) {
    const segments = proxy.replace(/^\/+/, "").split("/").map(encodeSegment).join("/");
    return event.resource.replace("{proxy+}", segments);
  }
  if (event.resource === "/") return "/";
  return event.path;
}

// What a Fetch `Headers` accepts: RFC 9110 token names, values without NUL, CR or LF.
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const unsafeInValue = /[\0\r\n]/;

/** Headers a Fetch request can carry; the rest (an empty name, as in AWS's own sample) are dropped, not fatal. */
function carriableHeaders<T extends string | string[] | undefined>(map: Record<string, T> | null | undefined): Record<string, T> {
  const kept: Record<string, T> = Object.create(null);
  for (const [name, value] of Object.entries(map ?? {})) {
    if (!headerName.test(name) || value === undefined) continue;
    const values = [value].flat() as string[];
    if (values.some((entry) => unsafeInValue.test(entry))) continue;
    kept[name] = value;
  }
  return kept;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Our API takes text (JSON) only: a base64 body is decoded here, strictly, so bytes that are not
 * UTF-8 become a 400 rather than text with replacement characters in it. API Gateway passes bodies
 * on GET and HEAD too, which a Fetch Request refuses: they are dropped.
 */
function decodedBody(event: APIGatewayProxyEvent): { body: string | null; problem?: string } {
  if (event.httpMethod === "GET" || event.httpMethod === "HEAD") return { body: null };
  if (!event.isBase64Encoded || event.body === null) return { body: event.body };
  try {
    return { body: strictUtf8.decode(Buffer.from(event.body, "base64")) };
  } catch {
    return { body: null, problem: "The request body is not UTF-8 text: send JSON encoded as UTF-8." };
  }
}

/** Adapts API Gateway REST (v1) proxy events to the app with Hono's Lambda adapter. */
export function createLambdaHandler<E extends Env>(app: Hono<E>): LambdaHandler {
  const handleEvent = handle(app);
  return async (event, context) => {
    const { body, problem } = decodedBody(event);
    const normalized = {
      ...event,
      path: routingPath(event),
      headers: carriableHeaders(event.headers),
      multiValueHeaders: carriableHeaders(event.multiValueHeaders),
      body,
      isBase64Encoded: false,
      // The app answers it (with its JSON error, request id and CORS headers); a client cannot set it.
      [requestProblemKey]: problem,
    };
    return (await handleEvent(normalized as never, context as never)) as APIGatewayProxyResult;
  };
}
