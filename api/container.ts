import { loadConfig } from "./config.js";
import { createDynamoClient } from "./dynamo-client.js";
import { createWriteRateLimiter } from "./rate-limit.js";
import { withSecretsFromParameters } from "./secrets.js";
import { createBoardOperations } from "./board/index.js";
import { createApp } from "./http/app.js";
import { createLambdaHandler } from "./http/lambda.js";
import { lazyMediaStore } from "./media.js";
import { observeOneRequestAtATime } from "./request-observations.js";

export type LambdaHandler = ReturnType<typeof createLambdaHandler>;

/**
 * Everything a container builds once (during Lambda's init phase) and reuses for every warm
 * invocation: configuration (secrets from SSM when so configured), the DynamoDB client, the
 * board's operations, the write limiter and the HTTP app.
 */
export async function createContainerHandler(env: NodeJS.ProcessEnv = process.env): Promise<LambdaHandler> {
  observeOneRequestAtATime();
  const config = loadConfig(await withSecretsFromParameters(env));
  const client = createDynamoClient(config);
  // Only when tracing is on does the X-Ray SDK load (a separate chunk), so it costs nothing otherwise.
  if (config.tracingEnabled) (await import("./tracing.js")).traceDynamoCalls(client);
  const store = { client, table: config.tableName };
  const operations = createBoardOperations({
    ...store,
    signingSecret: config.signingSecret,
    moderatorToken: config.moderatorToken,
    media: lazyMediaStore(config),
  });
  const rateLimiter = createWriteRateLimiter({ ...store, writesPerMinute: config.writeRateLimit });
  return createLambdaHandler(
    createApp({
      operations,
      rateLimiter,
      trustedProxyHops: config.trustedProxyHops,
      allowedOrigins: config.allowedOrigins,
      originSecrets: config.originSecrets,
      metricsNamespace: config.metricsNamespace,
    }),
  );
}
