import type { StoreClient } from "../entities/dynamo-client.js";
import type { Config } from "./config.js";
import { createWriteRateLimiter } from "./rate-limit.js";
import { createBoardOperations } from "./board/index.js";
import { createApp } from "./http/app.js";
import { createLambdaHandler } from "./http/lambda.js";
import { lazyMediaStore } from "./media.js";

export type LambdaHandler = ReturnType<typeof createLambdaHandler>;

/**
 * The Lambda handler for a configured board on a given DynamoDB client: its operations, write
 * limiter and HTTP app. api/container.ts gives it the board's own client; the bench's levers part
 * (bench/levers/board-sdk-v3.ts) the AWS SDK's — which is why no DynamoDB client is made here.
 */
export function createBoardHandler(config: Config, client: StoreClient): LambdaHandler {
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
