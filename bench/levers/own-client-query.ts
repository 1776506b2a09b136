// The lever as shipped: the same Query through the board's own client (entities/aws-json-rpc.ts,
// entities/document-client.ts), as ElectroDB calls it.
import { createAwsJsonRpc } from "../../entities/aws-json-rpc.js";
import { documentClient } from "../../entities/document-client.js";

const documents = documentClient(createAwsJsonRpc({ service: "dynamodb", region: process.env.AWS_REGION!, endpoint: process.env.DYNAMODB_ENDPOINT }));

export const handler = async () => {
  const { Items } = await documents
    .query({ TableName: process.env.TABLE_NAME, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": process.env.LEVER_PK } })
    .promise();
  return { statusCode: 200, body: JSON.stringify(Items) };
};
