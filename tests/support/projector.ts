import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { createProjector, projectorDeps } from "../../projector/projector-function.js";
import type { ProjectorDeps } from "../../projector/projector-function.js";
import { createStreamPoller } from "../../local/stream-poller.js";
import type { StreamPollerOptions } from "../../local/stream-poller.js";
import type { TestStore } from "./store.js";

/** The projector's dependencies on the test store (optionally through another client, e.g. one with faults). */
export function testProjectorDeps(store: TestStore, client: DynamoDBClient = store.client, log: ProjectorDeps["log"] = () => {}): ProjectorDeps {
  return {
    ...projectorDeps({ tableName: store.table, region: "us-east-1", dynamoEndpoint: store.endpoint, mediaBucket: undefined, metricsNamespace: "test" }, client),
    log,
  };
}

/** A projector that gets every batch twice, as Lambda may redeliver one: what it writes must not count twice. */
export const projectorDeliveringTwice = (store: TestStore) =>
  testProjector(store, {
    wrap: (project) => async (event) => {
      await project(event);
      return project(event);
    },
  });

/**
 * The stream projector fed by the local event source mapping, as `npm start` runs it: `drain()`
 * projects everything written so far. `invoke` wraps the projector (to record or disturb batches).
 */
export function testProjector(
  store: TestStore,
  options: {
    deps?: ProjectorDeps;
    wrap?: (projector: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>) => StreamPollerOptions["invoke"];
    settings?: StreamPollerOptions["settings"];
  } = {},
) {
  const projector = createProjector(options.deps ?? testProjectorDeps(store));
  return createStreamPoller({ dynamo: store.client, tableName: store.table, invoke: options.wrap?.(projector) ?? projector, settings: options.settings ?? {} });
}
