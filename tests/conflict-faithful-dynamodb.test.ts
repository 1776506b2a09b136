import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { startConflictFaithfulDynamoDb } from "../local/conflict-faithful-dynamodb.js";
import type { ConflictFaithfulDynamoDb } from "../local/conflict-faithful-dynamodb.js";
import { createTestStore } from "./support/store.js";
import type { TestStore } from "./support/store.js";

// Each case of "Transaction conflict handling in DynamoDB" (developer guide), against DynamoDB Local
// through the proxy, with the SDK's own error classes: what the board's code will meet on AWS.
let store: TestStore;
let proxy: ConflictFaithfulDynamoDb;
let client: DynamoDBClient;

beforeAll(async () => {
  store = await createTestStore();
  proxy = await startConflictFaithfulDynamoDb({ target: store.endpoint, transactionMs: 400, plainWriteMs: 400 });
  client = new DynamoDBClient({ endpoint: proxy.endpoint, region: "us-east-1", maxAttempts: 1 });
});
afterAll(() => proxy.stop());

const key = (id: string): Record<string, AttributeValue> => ({ pk: { S: `conflict#${id}` }, sk: { S: "item" } });
const putItem = (id: string, value: string) => new PutItemCommand({ TableName: store.table, Item: { ...key(id), value: { S: value } } });
const transactWrite = (...ids: string[]) =>
  new TransactWriteItemsCommand({
    TransactItems: ids.map((id) => ({
      Update: { TableName: store.table, Key: key(id), UpdateExpression: "ADD hits :one", ExpressionAttributeValues: { ":one": { N: "1" } } },
    })),
  });
const storedItem = async (id: string) => (await client.send(new GetItemCommand({ TableName: store.table, Key: key(id), ConsistentRead: true }))).Item;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error & Partial<TransactionCanceledException>,
  );
const soon = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("a conflict-faithful DynamoDB (tests and bench only)", () => {
  it("a PutItem, UpdateItem or DeleteItem on an item in an ongoing TransactWriteItems fails with TransactionConflictException", async () => {
    const transaction = client.send(transactWrite("a"));
    await soon();
    const put = await failure(client.send(putItem("a", "plain")));
    const update = await failure(
      client.send(
        new UpdateItemCommand({
          TableName: store.table,
          Key: key("a"),
          UpdateExpression: "SET #v = :v",
          ExpressionAttributeNames: { "#v": "value" },
          ExpressionAttributeValues: { ":v": { S: "x" } },
        }),
      ),
    );
    const remove = await failure(client.send(new DeleteItemCommand({ TableName: store.table, Key: key("a") })));
    await transaction;
    for (const error of [put, update, remove]) {
      expect(error?.name).toBe("TransactionConflictException");
      expect(error?.message).toBe("Transaction is ongoing for the item");
    }
    // The refused writes changed nothing; once the transaction is over, the same write goes through.
    expect(await storedItem("a")).toEqual({ ...key("a"), hits: { N: "1" } });
    await client.send(putItem("a", "later"));
    expect((await storedItem("a"))?.value).toEqual({ S: "later" });
  });

  it("an item in two ongoing TransactWriteItems: the second is cancelled, its reasons in item order", async () => {
    const first = client.send(transactWrite("b"));
    await soon();
    const second = await failure(client.send(transactWrite("c", "b")));
    await first;
    expect(second).toBeInstanceOf(TransactionCanceledException);
    expect(second?.CancellationReasons).toEqual([{ Code: "None" }, { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }]);
    expect(second?.message).toBe("Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]");
    // All or nothing: the cancelled transaction's other item was not written.
    expect(await storedItem("c")).toBeUndefined();
    expect((await storedItem("b"))?.hits).toEqual({ N: "1" });
    expect(proxy.counts.writeTransactionsCancelled).toBeGreaterThanOrEqual(1);
  });

  it("a TransactGetItems item under an ongoing TransactWriteItems or PutItem is cancelled; a GetItem is not", async () => {
    await client.send(putItem("d", "v1"));
    const read = () => client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: store.table, Key: key("d") } }] }));
    const transaction = client.send(transactWrite("d"));
    await soon();
    const underTransaction = await failure(read());
    expect((await storedItem("d"))?.value).toEqual({ S: "v1" });
    await transaction;
    const put = client.send(putItem("d", "v2"));
    await soon();
    const underPut = await failure(read());
    await put;
    for (const error of [underTransaction, underPut]) {
      expect(error).toBeInstanceOf(TransactionCanceledException);
      expect(error?.CancellationReasons).toEqual([{ Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }]);
    }
    expect((await read()).Responses?.[0]?.Item?.value).toEqual({ S: "v2" });
  });

  it("transactions on different items never conflict", async () => {
    const results = await Promise.all(["e", "f", "g"].map((id) => client.send(transactWrite(id))));
    expect(results).toHaveLength(3);
  });
});
