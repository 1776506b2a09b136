import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunningMoto {
  endpoint: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * moto, the AWS API emulator (`moto_server`, Python), on a free loopback port. AWS's managed IAM
 * policies are loaded (the stack attaches one); nothing listens beyond 127.0.0.1.
 */
export async function startMoto(): Promise<RunningMoto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // Its request log goes to a file: a pipe would fill while terraform runs synchronously, and moto would stall on it.
  const logFile = join(mkdtempSync(join(tmpdir(), "board-moto-")), "moto.log");
  const log = openSync(logFile, "w");
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", log, log],
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
  });
  closeSync(log);
  const output = () => readFileSync(logFile, "utf8");
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === "ENOENT" ? 'moto_server was not found: install the AWS API emulator with pip install "moto[server]"' : error.message)),
    );
    child.once("exit", (code) => reject(new Error(`moto_server exited (code ${code}): ${output().trim().split("\n").pop() ?? ""}`)));
  });
  failed.catch(() => {});
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answered = await fetch(`${endpoint}/moto-api/`).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s`);
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 200)), failed]);
  }
  return { endpoint, stop };
}
