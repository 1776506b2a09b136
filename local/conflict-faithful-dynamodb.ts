/**
 * DynamoDB Local runs transactions one after another, so it never refuses one for a conflict;
 * real DynamoDB does. This proxy sits in front of DynamoDB Local and applies the rules of
 * "Transaction conflict handling in DynamoDB" (the developer guide), with DynamoDB's own error
 * shapes, while a transaction is ongoing for `transactionMs`:
 * - a PutItem, UpdateItem or DeleteItem on an item in an ongoing TransactWriteItems fails with
 *   TransactionConflictException;
 * - a TransactWriteItems with an item in another ongoing TransactWriteItems is cancelled
 *   (TransactionCanceledException, reason TransactionConflict for that item, None for the rest);
 * - a TransactGetItems with an item under an ongoing TransactWriteItems, BatchWriteItem, PutItem,
 *   UpdateItem or DeleteItem is cancelled the same way.
 * A GetItem never conflicts (the guide: both succeed). Everything else passes through untouched.
 * For tests and the bench only: it makes the window in which real DynamoDB refuses exist here.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { readBody } from "./read-body.js";

type AttributeMap = Record<string, unknown>;
interface TransactItem {
  Put?: { TableName: string; Item: AttributeMap };
  Update?: { TableName: string; Key: AttributeMap };
  Delete?: { TableName: string; Key: AttributeMap };
  ConditionCheck?: { TableName: string; Key: AttributeMap };
  Get?: { TableName: string; Key: AttributeMap };
}

export interface ConflictCounts {
  /** Plain writes refused with TransactionConflictException. */
  writeConflicts: number;
  /** TransactWriteItems cancelled for a conflict. */
  writeTransactionsCancelled: number;
  /** TransactGetItems cancelled for a conflict. */
  readTransactionsCancelled: number;
}

export interface ConflictFaithfulDynamoDb {
  endpoint: string;
  counts: ConflictCounts;
  stop(): Promise<void>;
}

const conflictMessage = "Transaction is ongoing for the item";
const errorType = (name: string) => `com.amazonaws.dynamodb.v20120810#${name}`;

/** Which items are in which kind of ongoing request: a count per item key, so overlapping requests nest. */
class OngoingItems {
  private readonly held = new Map<string, number>();
  has(key: string): boolean {
    return (this.held.get(key) ?? 0) > 0;
  }
  hold(keys: string[]): () => void {
    for (const key of keys) this.held.set(key, (this.held.get(key) ?? 0) + 1);
    return () => {
      for (const key of keys) {
        const left = (this.held.get(key) ?? 1) - 1;
        if (left > 0) this.held.set(key, left);
        else this.held.delete(key);
      }
    };
  }
}

export interface ConflictFaithfulOptions {
  /** DynamoDB Local's endpoint. */
  target: string;
  /** How long a write transaction stays ongoing (real ones take tens of milliseconds). */
  transactionMs?: number;
  /** How long a plain write stays ongoing (only a TransactGetItems can see it); none by default. */
  plainWriteMs?: number;
  port?: number;
}

export async function startConflictFaithfulDynamoDb(options: ConflictFaithfulOptions): Promise<ConflictFaithfulDynamoDb> {
  const transactionMs = options.transactionMs ?? 25;
  const plainWriteMs = options.plainWriteMs ?? 0;
  const keySchemas = new Map<string, Promise<string[]>>();
  const inWriteTransactions = new OngoingItems();
  const inPlainWrites = new OngoingItems();
  const counts: ConflictCounts = { writeConflicts: 0, writeTransactionsCancelled: 0, readTransactionsCancelled: 0 };

  const headersOf = (req: IncomingMessage) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    delete headers.host;
    delete headers["content-length"];
    return headers;
  };
  const send = async (method: string, url: string, headers: Record<string, string>, body: Buffer) => {
    const response = await fetch(`${options.target}${url}`, { method, headers, body: method === "GET" ? null : new Uint8Array(body) });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  };
  const forward = (req: IncomingMessage, body: Buffer) => send(req.method ?? "POST", req.url ?? "/", headersOf(req), body);

  /** The key attribute names of a table, as DescribeTable gives them (asked once per table). */
  const keyNamesOf = (table: string, req: IncomingMessage): Promise<string[]> => {
    let names = keySchemas.get(table);
    if (!names) {
      const describe = Buffer.from(JSON.stringify({ TableName: table }));
      // Unsigned checks pass on DynamoDB Local; the caller's headers carry its credentials anyway.
      names = send("POST", "/", { ...headersOf(req), "x-amz-target": "DynamoDB_20120810.DescribeTable" }, describe).then(({ body }) => {
        const schema = (JSON.parse(body.toString()) as { Table?: { KeySchema?: { AttributeName: string }[] } }).Table?.KeySchema;
        if (!schema) throw new Error(`DescribeTable ${table} gave no key schema`);
        return schema.map((element) => element.AttributeName);
      });
      keySchemas.set(table, names);
      names.catch(() => keySchemas.delete(table));
    }
    return names;
  };
  const itemKey = async (table: string, attributes: AttributeMap, req: IncomingMessage) =>
    `${table}\u0000${JSON.stringify((await keyNamesOf(table, req)).map((name) => attributes[name]))}`;

  const keysOfTransaction = (items: TransactItem[], req: IncomingMessage) =>
    Promise.all(
      items.map((item) => {
        const action = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck ?? item.Get;
        if (!action) throw new Error("A transaction item without an action");
        return itemKey(action.TableName, "Item" in action ? action.Item : action.Key, req);
      }),
    );

  const cancelled = (keys: string[], conflicting: (key: string) => boolean) => {
    const reasons = keys.map((key) => (conflicting(key) ? { Code: "TransactionConflict", Message: conflictMessage } : { Code: "None" }));
    return {
      status: 400,
      body: {
        __type: errorType("TransactionCanceledException"),
        Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(", ")}]`,
        CancellationReasons: reasons,
      },
    };
  };

  const handle = async (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; body: unknown } | { status: number; headers: Headers; body: Buffer }> => {
    const operation = String(req.headers["x-amz-target"] ?? "").replace(/^DynamoDB_20120810\./, "");
    const input = body.length > 0 ? (JSON.parse(body.toString()) as AttributeMap) : {};
    switch (operation) {
      case "TransactWriteItems": {
        const keys = await keysOfTransaction(input.TransactItems as TransactItem[], req);
        if (keys.some((key) => inWriteTransactions.has(key))) {
          counts.writeTransactionsCancelled++;
          return cancelled(keys, (key) => inWriteTransactions.has(key));
        }
        const release = inWriteTransactions.hold(keys);
        try {
          const [response] = await Promise.all([forward(req, body), delay(transactionMs)]);
          return response;
        } finally {
          release();
        }
      }
      case "TransactGetItems": {
        const keys = await keysOfTransaction(input.TransactItems as TransactItem[], req);
        const busy = (key: string) => inWriteTransactions.has(key) || inPlainWrites.has(key);
        if (keys.some(busy)) {
          counts.readTransactionsCancelled++;
          return cancelled(keys, busy);
        }
        return forward(req, body);
      }
      case "PutItem":
      case "UpdateItem":
      case "DeleteItem": {
        const key = await itemKey(input.TableName as string, (input.Item ?? input.Key) as AttributeMap, req);
        if (inWriteTransactions.has(key)) {
          counts.writeConflicts++;
          return { status: 400, body: { __type: errorType("TransactionConflictException"), message: conflictMessage } };
        }
        const release = inPlainWrites.hold([key]);
        try {
          const [response] = await Promise.all([forward(req, body), delay(plainWriteMs)]);
          return response;
        } finally {
          release();
        }
      }
      case "BatchWriteItem": {
        // The guide names no conflict for a batch write itself; its items still make a TransactGetItems conflict.
        const requests = Object.entries(input.RequestItems as Record<string, { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]>);
        const keys = await Promise.all(
          requests.flatMap(([table, writes]) =>
            writes.map((write) => itemKey(table, (write.PutRequest?.Item ?? write.DeleteRequest?.Key) as AttributeMap, req)),
          ),
        );
        const release = inPlainWrites.hold(keys);
        try {
          return await forward(req, body);
        } finally {
          release();
        }
      }
      default:
        return forward(req, body);
    }
  };

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const body = await readBody(req, 16 * 1024 * 1024);
      if (!body) throw new Error("request body over 16 MiB");
      const result = await handle(req, body);
      if (result.body instanceof Buffer) {
        const passed: Record<string, string> = {};
        (result as { headers: Headers }).headers.forEach((value, name) => {
          if (!["content-length", "transfer-encoding", "connection"].includes(name)) passed[name] = value;
        });
        res.writeHead(result.status, passed);
        res.end(result.body);
        return;
      }
      res.writeHead(result.status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": crypto.randomUUID() });
      res.end(JSON.stringify(result.body));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
      res.end(JSON.stringify({ __type: errorType("InternalServerError"), message: `conflict-faithful proxy: ${(error as Error).message}` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
