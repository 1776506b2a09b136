import { createServer, request } from "node:http";

/** A DynamoDB error answer, as DynamoDB sends it over the wire. */
export interface Fault {
  status: number;
  body: Record<string, unknown>;
}

/**
 * An HTTP proxy in front of DynamoDB Local that answers some requests with DynamoDB's own error
 * answers instead of passing them on: `fail` decides per operation ("Query", "PutItem"…) and
 * attempt (counted per operation, every HTTP request one attempt). The client under test meets the
 * fault exactly as it would meet DynamoDB's — parsing, naming, retrying it itself.
 */
export async function startFaultyDynamo(target: string, fail: (operation: string, attempt: number) => Fault | undefined) {
  const attempts = new Map<string, number>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const operation =
        String(req.headers["x-amz-target"] ?? "")
          .split(".")
          .pop() ?? "";
      const attempt = (attempts.get(operation) ?? 0) + 1;
      attempts.set(operation, attempt);
      const fault = fail(operation, attempt);
      if (fault) {
        res.writeHead(fault.status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": `fault-${attempt}` });
        res.end(JSON.stringify(fault.body));
        return;
      }
      const forward = request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on("error", () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    /** Attempts per operation since the last `attempts.clear()`. */
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const dynamoError = (name: string, message: string, more: Record<string, unknown> = {}): Fault => ({
  status: 400,
  body: { __type: `com.amazonaws.dynamodb.v20120810#${name}`, message, ...more },
});

/** What DynamoDB answers when it throttles a request. */
export const throttled = () => dynamoError("ThrottlingException", "Rate of requests exceeds the allowed throughput.");

/** What real DynamoDB answers when another transaction touches one of its items at the same moment (DynamoDB Local serialises instead). */
export const transactionConflict = () =>
  dynamoError("TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]", {
    CancellationReasons: [{ Code: "TransactionConflict" }, { Code: "None" }],
  });
