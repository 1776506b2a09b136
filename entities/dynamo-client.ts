import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * The SDK client with bounds a function needs: throttles and network errors are retried (3
 * attempts, the SDK's back-off), and an unreachable DynamoDB fails fast instead of holding the
 * request until the Lambda times out. The API adds its observations (api/dynamo-client.ts).
 */
export function createStoreClient(config: { region: string; dynamoEndpoint?: string | undefined }): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
}
