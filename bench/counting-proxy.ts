import { createServer, request } from "node:http";
import type { Server } from "node:http";

/** The data operations that accept ReturnConsumedCapacity; the first five read. */
const reads = new Set(["GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"]);
const metered = new Set([...reads, "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);

export interface CountingProxy {
  endpoint: string;
  /** Requests by operation (the X-Amz-Target header). */
  counts: Map<string, number>;
  /** With `meter`: capacity units DynamoDB reported for them (ReturnConsumedCapacity: TOTAL, added to every data request). */
  units: { read: number; write: number };
  reset(): void;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of DynamoDB that counts requests by operation and, with `meter`, the
 * capacity each consumed — it asks for it on every data request (DynamoDB Local reports it as DynamoDB computes
 * it: reads by 4 KB, writes by 1 KB, transactions doubled) — and can hold each request `delayMs`
 * first, as the network to a real in-region DynamoDB would.
 */
export async function startCountingProxy(target: string, { delayMs = 0, meter = false } = {}): Promise<CountingProxy> {
  const counts = new Map<string, number>();
  const units = { read: 0, write: 0 };
  const upstream = new URL(target);
  const server: Server = createServer(async (req, res) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const operation = String(req.headers["x-amz-target"] ?? "unknown")
      .split(".")
      .pop()!;
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (meter && metered.has(operation)) body = Buffer.from(JSON.stringify({ ...JSON.parse(body.toString()), ReturnConsumedCapacity: "TOTAL" }));
    const headers = { ...req.headers, "content-length": String(body.length) };
    const forwarded = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, async (answer) => {
      const answered: Buffer[] = [];
      for await (const chunk of answer) answered.push(chunk as Buffer);
      const text = Buffer.concat(answered);
      if (meter && metered.has(operation) && (answer.statusCode ?? 500) < 300) {
        const consumed = (JSON.parse(text.toString()) as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
        const used = [consumed ?? []].flat().reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
        if (reads.has(operation)) units.read += used;
        else units.write += used;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.end(text);
    });
    forwarded.on("error", () => res.writeHead(502).end());
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    units,
    reset() {
      counts.clear();
      units.read = 0;
      units.write = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
