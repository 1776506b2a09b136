import type { APIGatewayEventRequestContext, APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { headerToken, unsafeHeaderValue } from "./fetch-classes.js";

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** What the app learns about a request beyond the Fetch `Request`: from Lambda and from the adapter. */
export interface LambdaBindings {
  lambdaContext?: Context | undefined;
  requestContext?: APIGatewayEventRequestContext | undefined;
  /** A problem the adapter found in the event (a body that is not UTF-8), for the app to answer in its own shape. */
  requestProblem?: string | undefined;
}

/** Anything that answers Fetch requests (the Hono app). */
export interface FetchApp {
  fetch(request: Request, bindings: LambdaBindings): Response | Promise<Response>;
}

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

/** API Gateway hands the query over decoded; every value of a repeated parameter is kept. */
function queryString(event: APIGatewayProxyEvent): string {
  const parts: string[] = [];
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    for (const name in multi) for (const value of multi[name] ?? []) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  } else {
    const single = event.queryStringParameters ?? {};
    for (const name in single) if (single[name] !== undefined) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(single[name] ?? "")}`);
  }
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

const nonAscii = /[\u0080-\uffff]/;

/**
 * The event's headers as Fetch headers. Headers a Fetch request cannot carry (an empty name, as in
 * AWS's own sample; CR, LF or NUL in a value) are dropped, not fatal. A Fetch header value is a
 * byte string, so a value with non-ASCII text in it is percent-encoded: it stays distinct and
 * visible to the check that refuses it, instead of failing the whole request.
 */
function requestHeaders(event: APIGatewayProxyEvent): Headers {
  const headers = new Headers();
  const add = (name: string, value: string, append: boolean) => {
    if (!headerToken.test(name) || unsafeHeaderValue.test(value)) return;
    const carried = nonAscii.test(value) ? encodeURIComponent(value) : value;
    if (append) headers.append(name, carried);
    else if (!headers.has(name)) headers.set(name, carried);
  };
  const multi = event.multiValueHeaders ?? {};
  for (const name in multi) for (const value of multi[name] ?? []) add(name, value, true);
  const single = event.headers ?? {};
  for (const name in single) {
    const value = single[name];
    if (value !== undefined) add(name, value, false);
  }
  return headers;
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

const hostOf = (event: APIGatewayProxyEvent) => event.requestContext?.domainName ?? event.headers?.Host ?? event.headers?.host ?? "localhost";

function toRequest(event: APIGatewayProxyEvent, body: string | null, headers: Headers): Request {
  // The length of what arrived, whatever the client claimed: the body limit reads it.
  if (body) headers.set("content-length", String(Buffer.byteLength(body)));
  return new Request(`https://${hostOf(event)}${routingPath(event)}${queryString(event)}`, {
    method: event.httpMethod,
    headers,
    ...(body ? { body } : {}),
  });
}

// Text goes back as it is; anything else (or anything compressed) as base64, which API Gateway decodes.
const textType = /^text\/|[/+](json|xml|javascript)\s*(;|$)/i;

async function toResult(response: Response): Promise<APIGatewayProxyResult> {
  const type = response.headers.get("content-type");
  const encoding = response.headers.get("content-encoding");
  const isBase64Encoded = (type !== null && !textType.test(type)) || (encoding !== null && !/^identity$/i.test(encoding));
  const body = isBase64Encoded ? Buffer.from(await response.arrayBuffer()).toString("base64") : await response.text();
  const multiValueHeaders: Record<string, string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") multiValueHeaders[name] = [value];
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) multiValueHeaders["set-cookie"] = cookies;
  return { statusCode: response.status, multiValueHeaders, body, isBase64Encoded };
}

/**
 * Adapts API Gateway REST (v1) proxy events to a Fetch app: the event straight to a `Request`, the
 * `Response` straight to a proxy result. (Hono's own adapter handles every kind of Lambda event,
 * builds the headers twice and re-encodes the body; this one does what a v1 event needs.)
 */
export function createLambdaHandler(app: FetchApp): LambdaHandler {
  return async (event, context) => {
    const decoded = decodedBody(event);
    const headers = requestHeaders(event);
    let request: Request;
    let problem = decoded.problem;
    try {
      request = toRequest(event, decoded.body, headers);
    } catch (error) {
      // A method Fetch forbids (TRACE, CONNECT) or a URL it cannot parse: the app still answers, with its JSON 400.
      if (!(error instanceof TypeError)) throw error;
      headers.delete("content-length");
      request = new Request(`https://${hostOf(event)}/`, { headers });
      problem = `This request cannot be read: ${error.message}`;
    }
    const response = await app.fetch(request, { lambdaContext: context, requestContext: event.requestContext, requestProblem: problem });
    return toResult(response);
  };
}
