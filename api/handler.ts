import { loadConfig } from "./config.js";
import { createDynamoClient } from "./dynamo-client.js";
import { createWriteRateLimiter } from "./rate-limit.js";
import { withSecretsFromParameters } from "./secrets.js";
import { createBoardOperations } from "./board/index.js";
import { createApp } from "./http/app.js";
import { createLambdaHandler } from "./http/lambda.js";

// Built once per container (during Lambda's init phase) and reused by every warm invocation.
const config = loadConfig(await withSecretsFromParameters(process.env));
const client = createDynamoClient(config);
// Only when tracing is on does the X-Ray SDK load (a separate chunk), so it costs nothing otherwise.
if (config.tracingEnabled) (await import("./tracing.js")).traceDynamoCalls(client);
const store = { client, table: config.tableName };
const operations = createBoardOperations({ ...store, signingSecret: config.signingSecret, moderatorToken: config.moderatorToken });
const rateLimiter = createWriteRateLimiter({ ...store, writesPerMinute: config.writeRateLimit });

/** API Gateway REST (v1) proxy integration entry point. */
export const handler = createLambdaHandler(
  createApp({ operations, rateLimiter, trustedProxyHops: config.trustedProxyHops, allowedOrigins: config.allowedOrigins, originSecrets: config.originSecrets, metricsNamespace: config.metricsNamespace }),
);
