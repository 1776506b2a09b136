// The lighter-client lever (plain JS: @aws-lite ships no types of its own): the same Query through @aws-lite/client + @aws-lite/dynamodb.
import awsLite from "@aws-lite/client";
import dynamodb from "@aws-lite/dynamodb";

const aws = await awsLite({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT, plugins: [dynamodb] });

export const handler = async () => {
  const { Items } = await aws.DynamoDB.Query({
    TableName: process.env.TABLE_NAME,
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": process.env.LEVER_PK },
  });
  return { statusCode: 200, body: JSON.stringify(Items) };
};
