import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Config } from "./config.js";
import { createStoreClient } from "../entities/dynamo-client.js";
import { isThrottle } from "../entities/store-errors.js";
import { currentObservations } from "./request-observations.js";

/** The API's DynamoDB client: the store's bounded client, with every call counted into the request's observations. */
export function createDynamoClient(config: Pick<Config, "region" | "dynamoEndpoint">): DynamoDBClient {
  const client = createStoreClient(config);
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
