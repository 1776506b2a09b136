import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { NativeAttributeValue } from "@aws-sdk/util-dynamodb";
import type { AwsJsonRpc } from "./aws-json-rpc.js";

/**
 * DynamoDB as ElectroDB's v2 DocumentClient (the shape ElectroDB supports besides the SDK v3
 * client): plain values in and out, each call a `{ promise() }`, a cancelled transaction's
 * reasons handed to its `extractError` listener as they came over the wire — from which
 * ElectroDB resolves `{ canceled }`. The wire is entities/aws-json-rpc.ts.
 */
type Values = Record<string, NativeAttributeValue>;
type Params = Record<string, unknown>;
type ErrorListener = (response: { httpResponse: { body: string } }) => void;

const toWire = (values: unknown) => marshall(values as Values, { removeUndefinedValues: true, convertClassInstanceToMap: true });
const fromWire = (values: unknown) => unmarshall(values as Parameters<typeof unmarshall>[0]);
const mapValues = <T>(record: Record<string, T> | undefined, change: (value: T) => unknown) =>
  record && Object.fromEntries(Object.entries(record).map(([key, value]) => [key, change(value)]));

/** Each operation's plain-valued fields, turned into DynamoDB's attribute values on the way out. */
function request(operation: string, params: Params): Params {
  const out: Params = { ...params };
  for (const field of ["Key", "Item", "ExpressionAttributeValues", "ExclusiveStartKey"]) if (out[field]) out[field] = toWire(out[field]);
  if (operation === "TransactWriteItems" || operation === "TransactGetItems")
    out.TransactItems = (params.TransactItems as Record<string, Params>[]).map((item) => mapValues(item, (action) => request("", action)));
  if (operation === "BatchWriteItem")
    out.RequestItems = mapValues(params.RequestItems as Record<string, Record<string, Params>[]>, (writes) =>
      writes.map((write) => mapValues(write, (action) => request("", action))),
    );
  if (operation === "BatchGetItem")
    out.RequestItems = mapValues(params.RequestItems as Record<string, Params>, (read) => ({ ...read, Keys: (read.Keys as unknown[]).map(toWire) }));
  return out;
}

/** … and back to plain values on the way in (a cancellation reason's `Item` stays as it came: ElectroDB unmarshalls it). */
function response(output: Params): Params {
  const out = fieldsFromWire(output, ["Item", "Attributes", "LastEvaluatedKey"]);
  if (Array.isArray(out.Items)) out.Items = out.Items.map(fromWire);
  if (out.Responses) {
    const responses = out.Responses;
    out.Responses = Array.isArray(responses)
      ? responses.map((entry: Params) => fieldsFromWire(entry, ["Item"]))
      : mapValues(responses as Record<string, unknown[]>, (items) => items.map(fromWire));
  }
  // What a batch could not do, in the shape it was asked in: a write's Item or Key, a read's Keys.
  if (out.UnprocessedItems)
    out.UnprocessedItems = mapValues(out.UnprocessedItems as Record<string, Record<string, Params>[]>, (writes) =>
      writes.map((write) => mapValues(write, (action) => fieldsFromWire(action, ["Item", "Key"]))),
    );
  if (out.UnprocessedKeys)
    out.UnprocessedKeys = mapValues(out.UnprocessedKeys as Record<string, Params>, (read) => ({ ...read, Keys: (read.Keys as unknown[]).map(fromWire) }));
  return out;
}

function fieldsFromWire(record: Params, fields: string[]): Params {
  const out: Params = { ...record };
  for (const field of fields) if (out[field]) out[field] = fromWire(out[field]);
  return out;
}

export type StoreDocumentClient = ReturnType<typeof documentClient>;

export function documentClient(rpc: AwsJsonRpc) {
  const call = (operation: string) => (params: Params) => {
    let extractError: ErrorListener | undefined;
    const pending = {
      promise: async () => {
        try {
          return response(await rpc(operation, request(operation, params)));
        } catch (error) {
          const reasons = (error as { CancellationReasons?: unknown }).CancellationReasons;
          if (reasons && extractError) extractError({ httpResponse: { body: JSON.stringify({ CancellationReasons: reasons }) } });
          throw error;
        }
      },
      // ElectroDB calls abort() only for its own abortSignal option, which the board never passes.
      abort: () => {},
      on: (event: string, listener: ErrorListener) => {
        if (event === "extractError") extractError = listener;
        return pending;
      },
    };
    return pending;
  };
  return {
    get: call("GetItem"),
    put: call("PutItem"),
    update: call("UpdateItem"),
    delete: call("DeleteItem"),
    batchWrite: call("BatchWriteItem"),
    batchGet: call("BatchGetItem"),
    scan: call("Scan"),
    query: call("Query"),
    transactWrite: call("TransactWriteItems"),
    transactGet: call("TransactGetItems"),
    // ElectroDB asks for this only for attributes of type "set"; the board's entities have none.
    createSet: (values: unknown) => new Set([values].flat()),
  };
}
