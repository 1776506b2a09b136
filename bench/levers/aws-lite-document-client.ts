/**
 * The lighter-client lever, tried on the whole board (bench only, not shipped): @aws-lite's
 * DynamoDB methods, which take and give plain values, presented to ElectroDB as the v2
 * DocumentClient it supports — each call a `{ promise() }`, a transaction's cancellation reasons
 * given to its `extractError` listener, as v2 does. What this trial leaves out (and the shipped
 * client has): the request's DynamoDB counts, retries on our terms, timeouts and X-Ray.
 */
type LiteMethod = (params: Record<string, unknown>) => Promise<Record<string, unknown>>;
type ErrorListener = (response: { httpResponse: { body: string } }) => void;

export function liteDocumentClient(dynamo: Record<string, LiteMethod>) {
  const call = (method: string) => (params: Record<string, unknown>) => {
    let extractError: ErrorListener | undefined;
    const pending = {
      promise: async () => {
        try {
          return await dynamo[method]!(params);
        } catch (error) {
          const reasons = (error as { CancellationReasons?: unknown }).CancellationReasons;
          if (reasons && extractError) extractError({ httpResponse: { body: JSON.stringify({ CancellationReasons: reasons }) } });
          throw error;
        }
      },
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
    createSet: (values: unknown) => new Set([values].flat()),
  };
}
