import AWSXRay from "aws-xray-sdk-core";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * Records each DynamoDB call as an X-Ray subsegment of the function's trace. Loaded only when
 * tracing is on (TRACING_ENABLED): with it off, the X-Ray SDK is not even imported.
 */
export function traceDynamoCalls(client: DynamoDBClient): void {
  AWSXRay.captureAWSv3Client(client);
}
