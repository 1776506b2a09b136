import { createServer } from "node:http";

/**
 * A stand-in for SSM Parameter Store's GetParameters over HTTP, answering as SSM does (JSON 1.1,
 * `Parameters` and `InvalidParameters`), for the tests of the real SDK reader and the benchmark's
 * cold starts. `delayMs` holds each answer, as the network to the real service would.
 */
export async function startSsmStandIn(
  parameters: Record<string, string>,
  { delayMs = 0 } = {},
): Promise<{
  endpoint: string;
  requests: { target: string | undefined; body: { Names: string[]; WithDecryption: boolean } }[];
  close(): Promise<void>;
}> {
  const requests: { target: string | undefined; body: { Names: string[]; WithDecryption: boolean } }[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      const body = JSON.parse(text) as { Names: string[]; WithDecryption: boolean };
      requests.push({ target: req.headers["x-amz-target"] as string | undefined, body });
      const found = body.Names.filter((name) => Object.hasOwn(parameters, name));
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        res.end(
          JSON.stringify({
            Parameters: found.map((name) => ({ Name: name, Type: "SecureString", Value: parameters[name] })),
            InvalidParameters: body.Names.filter((name) => !found.includes(name)),
          }),
        );
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
