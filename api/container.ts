import { loadConfig } from "./config.js";
import { createDynamoClient } from "./dynamo-client.js";
import { withSecretsFromParameters } from "./secrets.js";
import { createBoardHandler } from "./board-handler.js";
import type { LambdaHandler } from "./board-handler.js";
import { observeOneRequestAtATime } from "./request-observations.js";

export type { LambdaHandler } from "./board-handler.js";

/**
 * Everything a container builds once (during Lambda's init phase) and reuses for every warm
 * invocation: configuration (secrets from SSM when so configured), the DynamoDB client, the
 * board's operations, the write limiter and the HTTP app.
 */
export async function createContainerHandler(env: NodeJS.ProcessEnv = process.env): Promise<LambdaHandler> {
  observeOneRequestAtATime();
  const config = loadConfig(await withSecretsFromParameters(env));
  // Only when tracing is on does the X-Ray SDK load (a separate chunk), so it costs nothing otherwise.
  const tracing = config.tracingEnabled ? [(await import("./tracing.js")).traceDynamoCalls(config.region)] : [];
  return createBoardHandler(config, createDynamoClient(config, ...tracing));
}
