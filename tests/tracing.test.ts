import { describe, expect, it } from "vitest";
import { createServer } from "node:http";
import AWSXRay from "aws-xray-sdk-core";
import { traceDynamoCalls } from "../api/tracing.js";
import { createAwsJsonRpc } from "../entities/aws-json-rpc.js";

/** With tracing on, each DynamoDB call of the API's own client is a subsegment, as the X-Ray SDK's capture of an SDK client records it. */
describe("X-Ray tracing of DynamoDB calls", () => {
  it("records each call as an `aws` subsegment (operation, table, retries, status, request id, flags) and passes the trace on", async () => {
    const traceHeaders: string[] = [];
    let n = 0;
    const server = createServer((req, res) => {
      traceHeaders.push(String(req.headers["x-amzn-trace-id"]));
      req.resume().on("end", () => {
        n++;
        const throttled = n === 1;
        res.writeHead(throttled ? 400 : 200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": `request-${n}` });
        res.end(JSON.stringify(throttled ? { __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException", message: "slow down" } : { Items: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const rpc = createAwsJsonRpc({
      service: "dynamodb",
      region: "eu-west-1",
      endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      env: { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" },
      hooks: traceDynamoCalls("eu-west-1"),
    });
    const segment = new AWSXRay.Segment("board-api");
    try {
      await AWSXRay.getNamespace().runPromise(async () => {
        AWSXRay.setSegment(segment);
        await rpc("Query", { TableName: "board-table" });
      });
    } finally {
      server.close();
    }
    const [call] = (segment.subsegments ?? []) as unknown as Record<string, unknown>[];
    expect(call).toMatchObject({
      name: "DynamoDB",
      namespace: "aws",
      aws: { operation: "query", region: "eu-west-1", request_id: "request-2", retries: 1, table_name: "board-table" },
      http: { response: { status: 200 } },
    });
    expect(call!.in_progress).toBeFalsy();
    expect(traceHeaders).toEqual([0, 1].map(() => `Root=${segment.trace_id};Parent=${call!.id};Sampled=1`));
  });
});
