import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { createAwsJsonRpc } from "../entities/aws-json-rpc.js";
import { documentClient } from "../entities/document-client.js";

/**
 * entities/document-client.ts: plain values out, DynamoDB's attribute values on the wire, plain
 * values back — including the parts of an answer the board's suites never meet on DynamoDB Local
 * (a batch's unprocessed writes and reads, which only a busy table returns).
 */
let server: Server;
const seen: { target: string; body: Record<string, unknown> }[] = [];
let answer: Record<string, unknown> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      seen.push({ target: String(req.headers["x-amz-target"]), body: JSON.parse(text) });
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () =>
  documentClient(
    createAwsJsonRpc({
      service: "dynamodb",
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      env: { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" },
    }),
  );

describe("the v2 DocumentClient ElectroDB is given", () => {
  it("sends a batch write's items and keys as attribute values, and gives back what was left unprocessed as plain values", async () => {
    answer = {
      UnprocessedItems: {
        board: [{ DeleteRequest: { Key: { pk: { S: "post#1" }, sk: { S: "thread" } } } }, { PutRequest: { Item: { pk: { S: "post#2" }, n: { N: "3" } } } }],
      },
    };
    const result = await client()
      .batchWrite({ RequestItems: { board: [{ DeleteRequest: { Key: { pk: "post#1", sk: "thread" } } }, { PutRequest: { Item: { pk: "post#2", n: 3 } } }] } })
      .promise();
    expect(seen.at(-1)).toEqual({
      target: "DynamoDB_20120810.BatchWriteItem",
      body: {
        RequestItems: {
          board: [{ DeleteRequest: { Key: { pk: { S: "post#1" }, sk: { S: "thread" } } } }, { PutRequest: { Item: { pk: { S: "post#2" }, n: { N: "3" } } } }],
        },
      },
    });
    expect(result.UnprocessedItems).toEqual({
      board: [{ DeleteRequest: { Key: { pk: "post#1", sk: "thread" } } }, { PutRequest: { Item: { pk: "post#2", n: 3 } } }],
    });
  });

  it("does the same for a batch read's keys, its responses and its unprocessed keys", async () => {
    answer = { Responses: { board: [{ pk: { S: "a" }, tags: { L: [{ S: "x" }] } }] }, UnprocessedKeys: { board: { Keys: [{ pk: { S: "b" } }] } } };
    const result = await client()
      .batchGet({ RequestItems: { board: { Keys: [{ pk: "a" }, { pk: "b" }] } } })
      .promise();
    expect(seen.at(-1)!.body).toEqual({ RequestItems: { board: { Keys: [{ pk: { S: "a" } }, { pk: { S: "b" } }] } } });
    expect(result).toEqual({ Responses: { board: [{ pk: "a", tags: ["x"] }] }, UnprocessedKeys: { board: { Keys: [{ pk: "b" }] } } });
  });

  it("marshals a transaction's every action and a query's values and start key; unmarshals items and the next key", async () => {
    answer = {};
    await client()
      .transactWrite({
        TransactItems: [
          { Put: { TableName: "t", Item: { pk: "p", empty: undefined }, ConditionExpression: "attribute_not_exists(pk)" } },
          { Update: { TableName: "t", Key: { pk: "q" }, UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: { ":one": 1 } } },
        ],
      })
      .promise();
    expect(seen.at(-1)!.body).toEqual({
      TransactItems: [
        { Put: { TableName: "t", Item: { pk: { S: "p" } }, ConditionExpression: "attribute_not_exists(pk)" } },
        { Update: { TableName: "t", Key: { pk: { S: "q" } }, UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: { ":one": { N: "1" } } } },
      ],
    });
    answer = { Items: [{ pk: { S: "p" }, ok: { BOOL: true } }], LastEvaluatedKey: { pk: { S: "p" } }, Count: 1 };
    const page = await client()
      .query({ TableName: "t", KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "p" }, ExclusiveStartKey: { pk: "o" } })
      .promise();
    expect(seen.at(-1)!.body).toMatchObject({ ExpressionAttributeValues: { ":pk": { S: "p" } }, ExclusiveStartKey: { pk: { S: "o" } } });
    expect(page).toEqual({ Items: [{ pk: "p", ok: true }], LastEvaluatedKey: { pk: "p" }, Count: 1 });
  });
});
