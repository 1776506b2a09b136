import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { callBounds, createAwsJsonRpc } from "./aws-json-rpc.js";
import type { RpcHooks } from "./aws-json-rpc.js";
import { documentClient } from "./document-client.js";
import type { StoreDocumentClient } from "./document-client.js";

/** Either client ElectroDB is given: the board's own (the API's) or the SDK's (the projector's, the image function's, tools). */
export type StoreClient = DynamoDBClient | StoreDocumentClient;

interface StoreClientConfig {
  region: string;
  dynamoEndpoint?: string | undefined;
}

/**
 * The SDK client with the bounds a function needs: throttles and network errors are retried, and
 * an unreachable DynamoDB fails fast instead of holding the request until the Lambda times out.
 * For the functions that read the table's stream or S3 anyway (projector, image function).
 */
export function createStoreClient(config: StoreClientConfig): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    maxAttempts: callBounds.maxAttempts,
    requestHandler: { connectionTimeout: callBounds.connectTimeoutMs, requestTimeout: callBounds.requestTimeoutMs },
  });
}

/**
 * The API's client: the same bounds, without the SDK on the cold path (entities/aws-json-rpc.ts
 * says why). `hooks` is how the API counts and traces its calls, and how tests record them.
 */
export function createStoreDocumentClient(config: StoreClientConfig, hooks?: RpcHooks): StoreDocumentClient {
  return documentClient(createAwsJsonRpc({ service: "dynamodb", region: config.region, endpoint: config.dynamoEndpoint, ...(hooks ? { hooks } : {}) }));
}
