import type { APIGatewayProxyResult } from "aws-lambda";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";

export type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;

/** One call of a handler with a real API Gateway v1 event, in milliseconds; anything but success is an error. */
export async function timed(handler: Handler, event: EventOptions): Promise<number> {
  const built = apiGatewayEvent(event);
  const started = performance.now();
  const result = await handler(built, lambdaContext());
  const elapsed = performance.now() - started;
  if (result.statusCode >= 300) throw new Error(`${event.method ?? "GET"} ${event.path} answered ${result.statusCode}: ${result.body}`);
  return elapsed;
}
