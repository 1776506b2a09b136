import { createServer, request } from "node:http";
import type { Server } from "node:http";

/**
 * An HTTP proxy in front of DynamoDB that counts requests by operation (the X-Amz-Target header),
 * and can hold each one `delayMs` first, as the network to a real in-region DynamoDB would.
 */
export async function startCountingProxy(target: string, delayMs = 0): Promise<{ endpoint: string; counts: Map<string, number>; close(): Promise<void> }> {
  const counts = new Map<string, number>();
  const upstream = new URL(target);
  const server: Server = createServer(async (req, res) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const operation = String(req.headers["x-amz-target"] ?? "unknown")
      .split(".")
      .pop()!;
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const forwarded = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on("error", () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { endpoint: `http://127.0.0.1:${port}`, counts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
