import { handle } from "hono/aws-lambda";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import type { Hono } from "hono";

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * The path the app routes on. `event.path` carries a custom domain's base path (`/v1/trpc/…`),
 * so it is rebuilt from the matched resource and its `{proxy+}` parameter, which never do.
 */
export function routingPath(event: APIGatewayProxyEvent): string {
  const proxy = event.pathParameters?.proxy;
  if (event.resource?.includes("{proxy+}") && proxy !== undefined) return event.resource.replace("{proxy+}", proxy);
  if (event.resource === "/") return "/";
  return event.path;
}

/**
 * Our API takes text (JSON) only; decoding here keeps malformed base64 a 4xx instead of a crash in
 * the adapter. API Gateway passes bodies on GET and HEAD too, which a Fetch Request refuses: drop them.
 */
function decodedBody(event: APIGatewayProxyEvent): Pick<APIGatewayProxyEvent, "body" | "isBase64Encoded"> {
  if (event.httpMethod === "GET" || event.httpMethod === "HEAD") return { body: null, isBase64Encoded: false };
  if (!event.isBase64Encoded || event.body === null) return { body: event.body, isBase64Encoded: false };
  return { body: Buffer.from(event.body, "base64").toString("utf8"), isBase64Encoded: false };
}

/** Adapts API Gateway REST (v1) proxy events to the app with Hono's Lambda adapter. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Hono app, whatever its bindings
export function createLambdaHandler(app: Hono<any>): LambdaHandler {
  const handleEvent = handle(app);
  return async (event, context) => {
    const normalized = { ...event, path: routingPath(event), ...decodedBody(event) };
    return (await handleEvent(normalized as never, context as never)) as APIGatewayProxyResult;
  };
}
