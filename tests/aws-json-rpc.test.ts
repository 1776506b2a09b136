import { afterEach, describe, expect, it } from "vitest";
import { createHash, createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import { createAwsJsonRpc } from "../entities/aws-json-rpc.js";
import type { AwsJsonRpcOptions } from "../entities/aws-json-rpc.js";
import { isConditionalCheckFailure, isStoreUnavailable } from "../entities/store-errors.js";
import { freePort } from "../local/dynamodb-local.js";

/** The API's own AWS client (entities/aws-json-rpc.ts) against HTTP servers that answer as DynamoDB does, or stall, or are not there. */

const credentials = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", AWS_SESSION_TOKEN: "session-token" };
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

interface Seen {
  headers: IncomingHttpHeaders;
  path: string;
  body: string;
}

/** A server that answers every request with `answer(n)` (n from 1), or never answers when that is undefined. */
async function serve(answer: (n: number) => { status: number; body: unknown } | undefined) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ headers: req.headers, path: req.url ?? "", body });
      const reply = answer(seen.length);
      if (!reply) return; // stalls: holds the request open
      res.writeHead(reply.status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": `request-${seen.length}` });
      res.end(JSON.stringify(reply.body));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

function client(endpoint: string, options: Partial<AwsJsonRpcOptions> = {}) {
  const events: string[] = [];
  const rpc = createAwsJsonRpc({
    service: "dynamodb",
    region: "eu-west-1",
    endpoint,
    env: credentials,
    hooks: {
      call: (operation) => {
        events.push(`call ${operation}`);
        return {
          attemptFailed: (error, willRetry) => events.push(`failed ${(error as Error).name}${willRetry ? ", retrying" : ""}`),
          done: ({ attempts, error }) => events.push(`done after ${attempts}${error ? " with an error" : ""}`),
        };
      },
    },
    ...options,
  });
  return { rpc, events };
}

const bytes = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === "string" ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** SHA-256 and HMAC-SHA-256 in the shape the SDK's signer takes. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac("sha256", bytes(secret)) : createHash("sha256");
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

describe("the API's AWS client", () => {
  it("signs each request exactly as the AWS SDK's own signer (SigV4) signs it", async () => {
    const dynamo = await serve(() => ({ status: 200, body: { Items: [] } }));
    await client(dynamo.endpoint).rpc("Query", { TableName: "board", KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: "x" } } });
    const [request] = dynamo.seen;
    const authorization = String(request!.headers.authorization);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(";");
    expect(signedHeaders).toEqual(expect.arrayContaining(["host", "x-amz-date", "x-amz-security-token", "x-amz-target"]));

    const amzDate = String(request!.headers["x-amz-date"]);
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`);
    const url = new URL(dynamo.endpoint);
    const headers = Object.fromEntries(
      signedHeaders.filter((name) => !["x-amz-date", "x-amz-security-token"].includes(name)).map((name) => [name, String(request!.headers[name])]),
    );
    const sdkSigner = new SignatureV4({
      service: "dynamodb",
      region: "eu-west-1",
      credentials: {
        accessKeyId: credentials.AWS_ACCESS_KEY_ID,
        secretAccessKey: credentials.AWS_SECRET_ACCESS_KEY,
        sessionToken: credentials.AWS_SESSION_TOKEN,
      },
      sha256: NodeSha256,
      applyChecksum: false,
    });
    const bySdk = await sdkSigner.sign(
      { method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: request!.path, query: {}, headers, body: request!.body },
      { signingDate },
    );
    expect(authorization).toBe(bySdk.headers.authorization);
  });

  it("names DynamoDB's errors as the SDK does, keeps what came with them, and does not retry a refusal", async () => {
    const dynamo = await serve(() => ({
      status: 400,
      body: {
        __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        message: "Transaction cancelled",
        CancellationReasons: [{ Code: "ConditionalCheckFailed" }],
      },
    }));
    const { rpc, events } = client(dynamo.endpoint);
    const error = await rpc("TransactWriteItems", { TransactItems: [] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "TransactionCanceledException",
      message: "Transaction cancelled",
      CancellationReasons: [{ Code: "ConditionalCheckFailed" }],
      $metadata: { httpStatusCode: 400, requestId: "request-1", attempts: 1 },
    });
    expect(isStoreUnavailable(error)).toBe(false);
    expect(events).toEqual(["call TransactWriteItems", "failed TransactionCanceledException", "done after 1 with an error"]);

    const conditional = await serve(() => ({
      status: 400,
      body: { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "failed" },
    }));
    expect(
      isConditionalCheckFailure(
        await client(conditional.endpoint)
          .rpc("PutItem", {})
          .catch((caught: unknown) => caught),
      ),
    ).toBe(true);
  });

  it("retries a 5xx answer and a throttle, and answers with the attempt that succeeds", async () => {
    const answers = [
      { status: 500, body: { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: "oops" } },
      { status: 400, body: { __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException", message: "slow down" } },
      { status: 200, body: { Count: 1 } },
    ];
    const dynamo = await serve((n) => answers[n - 1]);
    const { rpc, events } = client(dynamo.endpoint);
    expect(await rpc("Query", {})).toEqual({ Count: 1 });
    expect(events).toEqual(["call Query", "failed InternalServerError, retrying", "failed ThrottlingException, retrying", "done after 3"]);
  });

  it("gives up on a DynamoDB that takes the request and never answers: a TimeoutError after its attempts", async () => {
    const dynamo = await serve(() => undefined);
    const { rpc, events } = client(dynamo.endpoint, { requestTimeoutMs: 150 });
    const error = await rpc("GetItem", {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(isStoreUnavailable(error)).toBe(true);
    expect(dynamo.seen).toHaveLength(3);
    expect(events).toEqual([
      "call GetItem",
      "failed TimeoutError, retrying",
      "failed TimeoutError, retrying",
      "failed TimeoutError",
      "done after 3 with an error",
    ]);
  });

  it("keeps a network error's code (what tells an unreachable DynamoDB from a bug)", async () => {
    const { rpc, events } = client(`http://127.0.0.1:${await freePort()}`);
    const error = await rpc("GetItem", {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
    expect(isStoreUnavailable(error)).toBe(true);
    expect(events.filter((event) => event.startsWith("failed"))).toHaveLength(3);
  });

  it("finds its endpoint as the SDK does: the option, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL", async () => {
    const dynamo = await serve(() => ({ status: 200, body: {} }));
    const ssm = await serve(() => ({ status: 200, body: { Parameters: [] } }));
    const env = { ...credentials, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_ENDPOINT_URL: ssm.endpoint };
    await createAwsJsonRpc({ service: "dynamodb", region: "eu-west-1", env })("GetItem", {});
    await createAwsJsonRpc({ service: "ssm", region: "eu-west-1", env })("GetParameters", { Names: ["/a"] });
    expect(dynamo.seen.map((request) => request.headers["x-amz-target"])).toEqual(["DynamoDB_20120810.GetItem"]);
    expect(ssm.seen.map((request) => [request.headers["x-amz-target"], request.headers["content-type"]])).toEqual([
      ["AmazonSSM.GetParameters", "application/x-amz-json-1.1"],
    ]);
  });

  it("refuses to send unsigned: no credentials is a clear error, not a request", async () => {
    const dynamo = await serve(() => ({ status: 200, body: {} }));
    const rpc = createAwsJsonRpc({ service: "dynamodb", region: "eu-west-1", endpoint: dynamo.endpoint, env: {} });
    await expect(rpc("GetItem", {})).rejects.toThrow(/AWS_ACCESS_KEY_ID/);
    expect(dynamo.seen).toEqual([]);
  });
});
