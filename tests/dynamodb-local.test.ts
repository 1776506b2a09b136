import { describe, expect, it } from "vitest";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { readFileSync } from "node:fs";
import { startDynamoDbLocal } from "../local/dynamodb-local.js";

/** Resolves "open" or the connection error's code. */
const tryConnect = (host: string, port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve("open");
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("timeout");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });

describe("embedded DynamoDB Local", () => {
  it("listens on 127.0.0.1 only, with telemetry off and no open CORS", async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && !address.internal && address.family === "IPv4");
    expect(external, "this test needs a non-loopback IPv4 address to prove the port is closed there").toBeDefined();
    const dynamo = await startDynamoDbLocal();
    try {
      expect(await tryConnect("127.0.0.1", dynamo.port)).toBe("open");
      expect(await tryConnect(external!.address, dynamo.port)).toBe("ECONNREFUSED");
      const commandLine = readFileSync(`/proc/${dynamo.pid}/cmdline`, "utf8").split("\0");
      expect(commandLine).toContain("-disableTelemetry");
      expect(commandLine[commandLine.indexOf("-cors") + 1]).toMatch(/^http:\/\/127\.0\.0\.1/);
    } finally {
      await dynamo.stop();
    }
  });
});
