// The lighter-client lever's control: one Query through the AWS SDK v3 DocumentClient, as most
// handlers (and the baseline) make it.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT }));

export const handler = async () => {
  const { Items } = await documents.send(
    new QueryCommand({ TableName: process.env.TABLE_NAME, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": process.env.LEVER_PK } }),
  );
  return { statusCode: 200, body: JSON.stringify(Items) };
};
