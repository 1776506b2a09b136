import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createAwsJsonRpc } from "./aws-json-rpc.js";
import type { RpcHooks } from "./aws-json-rpc.js";
import { documentClient } from "./document-client.js";
import type { StoreDocumentClient } from "./document-client.js";

/** Either client ElectroDB is given: the board's own (the API's) or the SDK's (the projector's, the image function's, tools). */
export type StoreClient = DynamoDBClient | StoreDocumentClient;

interface StoreClientConfig {
  region: string;
  dynamoEndpoint?: string | undefined;
}

/** The bounds every function's DynamoDB calls share: 3 attempts with back-off, 1 s to connect, 3 s to an answer. */
export const storeCallBounds = { maxAttempts: 3, connectTimeoutMs: 1000, requestTimeoutMs: 3000 } as const;

/**
 * The SDK client with the bounds a function needs: throttles and network errors are retried, and
 * an unreachable DynamoDB fails fast instead of holding the request until the Lambda times out.
 * For the functions that read the table's stream or S3 anyway (projector, image function).
 */
export function createStoreClient(config: StoreClientConfig): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    maxAttempts: storeCallBounds.maxAttempts,
    requestHandler: { connectionTimeout: storeCallBounds.connectTimeoutMs, requestTimeout: storeCallBounds.requestTimeoutMs },
  });
}

/**
 * The API's client: the same bounds, without the SDK on the cold path (entities/aws-json-rpc.ts
 * says why). `hooks` is how the API counts and traces its calls, and how tests record them.
 */
export function createStoreDocumentClient(config: StoreClientConfig, hooks?: RpcHooks): StoreDocumentClient {
  return documentClient(
    createAwsJsonRpc({ service: "dynamodb", region: config.region, endpoint: config.dynamoEndpoint, ...storeCallBounds, ...(hooks ? { hooks } : {}) }),
  );
}
