import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Config } from "./config.js";
import { isThrottle } from "../entities/store-errors.js";
import { currentObservations } from "./request-observations.js";

/**
 * The SDK client with bounds a request-serving function needs: throttles and network errors are
 * retried (3 attempts, the SDK's back-off), and an unreachable DynamoDB fails fast instead of
 * holding the request until the Lambda times out.
 */
export function createDynamoClient(config: Pick<Config, "region" | "dynamoEndpoint">): DynamoDBClient {
  const client = new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
  observeRequests(client);
  return client;
}

/** Counts each command, its retries and the throttles behind them into the current request's observations. */
function observeRequests(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const observed = currentObservations.getStore();
      if (observed) observed.dynamoRequests++;
      try {
        const output = await next(args);
        if (observed) observed.dynamoRetries += Math.max(0, ((output.output as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) - 1);
        return output;
      } catch (error) {
        if (observed) observed.dynamoRetries += Math.max(0, ((error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) - 1);
        throw error;
      }
    },
    { step: "initialize", name: "observeDynamoRequests" },
  );
  // Inside the retry loop: every attempt the service throttled.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const observed = currentObservations.getStore();
        if (observed && isThrottle(error)) observed.dynamoThrottles++;
        throw error;
      }
    },
    { step: "finalizeRequest", priority: "low", name: "observeDynamoThrottles" },
  );
}
