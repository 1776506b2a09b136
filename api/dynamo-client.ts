import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Config } from "./config.js";

/**
 * The SDK client with bounds a request-serving function needs: throttles and network errors are
 * retried (3 attempts, the SDK's back-off), and an unreachable DynamoDB fails fast instead of
 * holding the request until the Lambda times out.
 */
export function createDynamoClient(config: Pick<Config, "region" | "dynamoEndpoint">): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
}
