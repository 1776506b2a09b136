import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createStreamPoller } from "../local/stream-poller.js";
import { createProjector, projectorDeps } from "../projector/projector-function.js";
import { meterCapacity } from "./viral-thread.js";

/** The real stream projector on the table's stream (from its oldest record), its capacity metered, silent. */
export function meteredProjector(endpoint: string, table: string) {
  const client = new DynamoDBClient({ endpoint, region: "us-east-1" });
  const used = meterCapacity(client);
  const poller = createStreamPoller({
    dynamo: client,
    tableName: table,
    invoke: createProjector({
      ...projectorDeps({ tableName: table, region: "us-east-1", dynamoEndpoint: endpoint, mediaBucket: undefined, metricsNamespace: "bench" }, client),
      log: () => {},
    }),
  });
  return { poller, used };
}
