import type { Config } from "./config.js";
import { createStoreDocumentClient } from "../entities/dynamo-client.js";
import type { RpcHooks } from "../entities/aws-json-rpc.js";
import type { StoreDocumentClient } from "../entities/document-client.js";
import { isThrottle } from "../entities/store-errors.js";
import { currentObservations } from "./request-observations.js";

/** Counts each call, its retries and the throttles behind them into the current request's observations. */
export const observeDynamoCalls: RpcHooks = {
  call() {
    const observed = currentObservations.getStore();
    if (!observed) return;
    observed.dynamoRequests++;
    return {
      attemptFailed(error, willRetry) {
        if (willRetry) observed.dynamoRetries++;
        if (isThrottle(error)) observed.dynamoThrottles++;
      },
    };
  },
};

/** Several watchers on one client (the request's counts, X-Ray's subsegments); one is itself. */
function allOf(first: RpcHooks, ...more: RpcHooks[]): RpcHooks {
  if (more.length === 0) return first;
  const hooks = [first, ...more];
  return {
    call(operation, input) {
      const watchers = hooks.map((hook) => hook.call?.(operation, input)).filter((watcher) => watcher !== undefined);
      return {
        headers: () => Object.assign({}, ...watchers.map((watcher) => watcher.headers?.() ?? {})),
        attemptFailed: (error, willRetry) => {
          for (const watcher of watchers) watcher.attemptFailed?.(error, willRetry);
        },
        done: (outcome) => {
          for (const watcher of watchers) watcher.done?.(outcome);
        },
      };
    },
  };
}

/** The API's DynamoDB client: the store's bounded client, every call counted into the request's observations. */
export function createDynamoClient(config: Pick<Config, "region" | "dynamoEndpoint">, ...more: RpcHooks[]): StoreDocumentClient {
  return createStoreDocumentClient(config, allOf(observeDynamoCalls, ...more));
}
