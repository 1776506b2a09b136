import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createServer } from "node:net";
import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { webBuildIsStale, webBuildRecord, webBuildRecordFile } from "../local/web-build.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppRouter } from "../api/router.js";
import type { LambdaHandler } from "../api/http/lambda.js";
import { startApiServer } from "./support/api-server.js";
import type { ApiServer } from "./support/api-server.js";
import { freePort } from "../local/dynamodb-local.js";
import { createTestStore } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { repoRoot, startLocalServer } from "./support/processes.js";
import { createApp } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { createWriteRateLimiter } from "../api/rate-limit.js";
import { createEmulator } from "../local/apigw-emulator.js";
import { serveWebBoard } from "../local/static-files.js";
import { ensureWebBuilt, webDistDir } from "../local/web-build.js";
import { createTestBoard } from "./support/store.js";

let store: TestStore;
let server: ApiServer;
let url: string;

beforeAll(async () => {
  store = await createTestStore();
  server = await startApiServer(store);
  url = server.url;
});

afterAll(() => server.close());

const clientFor = (token?: string) =>
  createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })] });

describe("local server end to end with @trpc/client", () => {
  it("runs the whole board flow through the API Gateway emulation", async () => {
    const anonymous = clientFor();
    const { post, editToken } = await anonymous.posts.create.mutate({ board: "e2e", title: "First", body: "Hello", author: "ann" });
    const [list, health] = await Promise.all([anonymous.posts.list.query({ board: "e2e" }), anonymous.health.query()]);
    expect(list.items.map((p) => p.postId)).toEqual([post.postId]);
    expect(health).toEqual({ ok: true });

    const { comment } = await anonymous.comments.create.mutate({ postId: post.postId, body: "Nice", author: "bo" });
    await server.drainStream();
    const thread = await anonymous.posts.get.query({ postId: post.postId });
    expect(thread.post.commentCount).toBe(1);
    expect(thread.comments.items.map((c) => c.commentId)).toEqual([comment.commentId]);

    const error = await anonymous.posts.update.mutate({ postId: post.postId, title: "x", expectedVersion: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });

    const owner = clientFor(editToken);
    expect(await owner.posts.update.mutate({ postId: post.postId, title: "Edited", expectedVersion: 1 })).toMatchObject({ title: "Edited", version: 2 });
    await owner.posts.delete.mutate({ postId: post.postId });
    expect((await anonymous.posts.list.query({ board: "e2e" })).items).toEqual([]);
  });

  it("answers like API Gateway for oversized payloads and unknown paths", async () => {
    const big = await fetch(`${url}/trpc/posts.create`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(70 * 1024) });
    expect(big.status).toBe(413);
    const unknown = await fetch(`${url}/nowhere`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "NOT_FOUND", requestId: expect.any(String) });
  });
});

describe("the local API Gateway emulation against abuse", () => {
  /** The real app behind the emulation (and the web board's file server), on a random port. */
  async function withEmulator(writesPerMinute: number, use: (base: string) => Promise<void>) {
    const rateLimiter = createWriteRateLimiter({ client: store.client, table: store.table, writesPerMinute });
    const handler = createLambdaHandler(createApp({ operations: createTestBoard(store), rateLimiter, allowedOrigins: [], log: () => {} }));
    const emulator = createEmulator({ handler, serveStatic: serveWebBoard });
    await new Promise<void>((resolve) => emulator.listen(0, "127.0.0.1", resolve));
    try {
      await use(`http://127.0.0.1:${(emulator.address() as { port: number }).port}`);
    } finally {
      await new Promise<void>((resolve) => emulator.close(() => resolve()));
    }
  }

  it("appends the connection's address to X-Forwarded-For as API Gateway does, so rotating the header escapes no limit", async () => {
    await withEmulator(3, async (base) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${base}/api/posts`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i}` },
          body: JSON.stringify({ board: "rotating", title: "t", body: "b", author: "a" }),
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
    });
  });

  it("answers a malformed percent-encoding with a JSON 400, for the API and for the web board's files", async () => {
    await withEmulator(0, async (base) => {
      for (const path of ["/api/posts/%E0%A4%A", "/%E0%A4%A", "/assets/%C0"]) {
        const response = await fetch(`${base}${path}`);
        expect(response.status, path).toBe(400);
        expect(await response.json()).toMatchObject({ code: "BAD_REQUEST", message: expect.any(String) });
      }
      // A procedure name with a malformed escape in it names no procedure.
      const procedure = await fetch(`${base}/trpc/posts.get%E0%A4%A`);
      expect(procedure.status).toBe(404);
      expect(JSON.stringify(await procedure.json())).toContain("NOT_FOUND");
    });
  });

  it("serves the web board like CloudFront: a missing file is a 404, page routes get the app, text is gzipped, cache headers as deployed", async () => {
    await ensureWebBuilt();
    const script = readdirSync(join(webDistDir, "assets")).find((name) => name.endsWith(".js"));
    await withEmulator(0, async (base) => {
      const missing = await fetch(`${base}/assets/not-there-1234.js`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ code: "NOT_FOUND" });
      const page = await fetch(`${base}/b/general`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.headers.get("cache-control")).toContain("must-revalidate");
      const asset = await fetch(`${base}/assets/${script}`, { headers: { "accept-encoding": "gzip" } });
      expect(asset.status).toBe(200);
      expect(asset.headers.get("content-encoding")).toBe("gzip");
      expect(asset.headers.get("cache-control")).toContain("immutable");
      expect((await asset.text()).length).toBeGreaterThan(1000); // fetch decompresses it
    });
  });

  it("serves the API reference's files with the site, as CloudFront's /api/docs/* behaviour does, without asking an outside validator", async () => {
    await ensureWebBuilt();
    await withEmulator(0, async (base) => {
      expect((await fetch(`${base}/api/docs`)).headers.get("content-type")).toMatch(/^text\/html/); // the page: the function
      const init = await fetch(`${base}/api/docs/init.js`);
      expect(init.headers.get("cache-control")).toBe("public, max-age=86400");
      expect(await init.text()).toContain("validatorUrl: null");
      for (const name of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
        const response = await fetch(`${base}/api/docs/${name}`);
        expect(response.status, name).toBe(200);
        expect((await response.arrayBuffer()).byteLength, name).toBeGreaterThan(10_000);
      }
      expect((await fetch(`${base}/api/docs/missing.js`)).status).toBe(404);
    });
  });
});

describe("npm start", () => {
  const javaProcessesFor = (dir: string) => {
    try {
      return execFileSync("pgrep", ["-f", dir]).toString().trim();
    } catch {
      return "";
    }
  };

  it("persists to ./.data across restarts and stops DynamoDB Local with it", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "board-start-"));
    try {
      const port = String(await freePort());
      const env = { PORT: port, DYNAMODB_ENDPOINT: "", TABLE_NAME: "" };
      const first = startLocalServer(env, cwd);
      await first.waitFor("Press Ctrl-C");
      expect(first.output()).toContain(`http://127.0.0.1:${port}/`);
      const created = await fetch(`http://127.0.0.1:${port}/trpc/posts.create`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ board: "kept", title: "Survives", body: "a restart", author: "ann" }),
      });
      expect(created.status).toBe(200);
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(javaProcessesFor(cwd)).toBe("");

      const second = startLocalServer(env, cwd);
      await second.waitFor("Press Ctrl-C");
      const listed = await fetch(`http://127.0.0.1:${port}/trpc/posts.list?input=${encodeURIComponent(JSON.stringify({ board: "kept" }))}`);
      expect((await listed.json()).result.data.items.map((p: { title: string }) => p.title)).toEqual(["Survives"]);
      second.child.kill("SIGINT");
      expect(await second.exited).toBe(0);
      expect(javaProcessesFor(cwd)).toBe("");
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("passes the post-deploy smoke test (npm run smoke), which fails when something is wrong", async () => {
    const port = String(await freePort());
    const started = startLocalServer({ PORT: port, DYNAMODB_ENDPOINT: store.endpoint, TABLE_NAME: "smoke-table" });
    try {
      await started.waitFor("Press Ctrl-C");
      const run = promisify(execFile);
      const { stdout } = await run("npm", ["run", "--silent", "smoke", "--", `http://127.0.0.1:${port}`], { cwd: repoRoot, timeout: 60_000 });
      const lines = stdout.trim().split("\n");
      expect(lines.filter((line) => line.startsWith("ok "))).toHaveLength(17);
      expect(lines.at(-1)).toBe("smoke test passed");
      // Nothing left behind.
      const left = await fetch(`http://127.0.0.1:${port}/api/boards/smoke-test/posts`);
      expect((await left.json()).items).toEqual([]);

      // The API alone (no web board, so no page and no security headers): the first step fails, exit 1.
      const failed = await run("npm", ["run", "--silent", "smoke", "--", url], { cwd: repoRoot, timeout: 60_000 }).catch(
        (error: { code: number; stdout: string }) => error,
      );
      expect((failed as { code: number }).code).toBe(1);
      expect((failed as { stdout: string }).stdout).toMatch(/^FAIL {2}web page with security headers: /m);
    } finally {
      started.child.kill("SIGTERM");
      await started.exited;
    }
  });

  it("says in one line what to do when the port is busy", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = String((blocker.address() as { port: number }).port);
    try {
      const started = startLocalServer({ PORT: port, DYNAMODB_ENDPOINT: store.endpoint, TABLE_NAME: "busy-port-table" });
      expect(await started.exited).not.toBe(0);
      expect(started.output().trim().split("\n")).toEqual([`Port ${port} is in use: stop what uses it or set PORT to another port.`]);
    } finally {
      blocker.close();
    }
  });

  it.each([
    [{ PORT: "abc" }, /^PORT must be a port number \(0–65535\), not "abc"\.$/],
    [{ DYNAMODB_PORT: "99999" }, /^DYNAMODB_PORT must be a port number/],
    [{ WRITE_RATE_LIMIT: "abc" }, /^Invalid configuration: WRITE_RATE_LIMIT: /],
    [{ SIGNING_SECRET: "short" }, /^Invalid configuration: SIGNING_SECRET: Must be at least 32 characters$/],
  ])("refuses %j in one line, before starting anything", async (env, message) => {
    const cwd = mkdtempSync(join(tmpdir(), "board-badenv-"));
    try {
      const started = startLocalServer({ PORT: String(await freePort()), DYNAMODB_ENDPOINT: "", ...env }, cwd);
      expect(await started.exited).not.toBe(0);
      const lines = started.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(javaProcessesFor(cwd)).toBe("");
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("says in one line what to do when DynamoDB is unreachable", async () => {
    const started = startLocalServer({ PORT: String(await freePort()), DYNAMODB_ENDPOINT: "http://127.0.0.1:9" });
    expect(await started.exited).not.toBe(0);
    const lines = started.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^DynamoDB at http:\/\/127\.0\.0\.1:9 is not reachable \(ECONNREFUSED\)/);
  });

  it("says in one line what to do when Java is missing", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "board-nojava-"));
    try {
      const started = startLocalServer({ PORT: String(await freePort()), DYNAMODB_ENDPOINT: "", PATH: cwd }, cwd);
      expect(await started.exited).not.toBe(0);
      const lines = started.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Java was not found/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("npm start's web build", () => {
  it("rebuilds a web board that was built for another API (VITE_API_URL=… npm run build:web)", async () => {
    const dist = mkdtempSync(join(tmpdir(), "board-dist-"));
    try {
      cpSync(webDistDir, dist, { recursive: true });
      const built = webBuildRecord(dist);
      expect(built, "the build records what it was built for").toEqual({ apiUrl: "" });
      expect(webBuildIsStale(dist, {})).toBe(false);
      writeFileSync(join(dist, webBuildRecordFile), JSON.stringify({ apiUrl: "https://api.example.com/trpc" }));
      expect(webBuildIsStale(dist, {})).toBe(true);
      expect(webBuildIsStale(dist, { VITE_API_URL: "https://api.example.com/trpc" })).toBe(false);
      rmSync(join(dist, webBuildRecordFile));
      expect(webBuildIsStale(dist, {}), "a build that does not say what it was built for").toBe(true);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe("npm start, started and stopped as people and process managers do", () => {
  /** `npm start` itself (not the server alone), in its own process group, as a terminal or a process manager runs it. */
  function npmStart(port: number, dataDir: string) {
    const child = spawn("npm", ["start"], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DYNAMODB_ENDPOINT: "", TABLE_NAME: "", NODE_ENV: "" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output, exited: new Promise<void>((resolve) => child.once("exit", () => resolve())) };
  }
  /** Every process of this run — npm, the shell, tsx, the server, DynamoDB Local: their command line or environment names its data folder. */
  const leftovers = (dataDir: string) =>
    readdirSync("/proc")
      .filter((pid) => /^[0-9]+$/.test(pid) && Number(pid) !== process.pid)
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dataDir) || readFileSync(`/proc/${pid}/environ`, "utf8").includes(`DATA_DIR=${dataDir}`);
        } catch {
          return false;
        }
      });
  const portAnswers = (port: number) =>
    fetch(`http://127.0.0.1:${port}/api/health`).then(
      () => true,
      () => false,
    );

  it("answers 503 with Retry-After while it starts, never 502, and is ready when it says so", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "board-npm-start-"));
    const port = await freePort();
    const started = npmStart(port, cwd);
    try {
      const statuses = new Set<number>();
      while (!started.output().includes("Press Ctrl-C")) {
        if (started.child.exitCode !== null) throw new Error(started.output());
        const answer = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
        if (answer) {
          statuses.add(answer.status);
          if (answer.status === 503) expect(answer.headers.get("retry-after")).toBe("1");
        }
      }
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      console.info("statuses while starting", [...statuses]);
      expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    } finally {
      process.kill(-started.child.pid!, "SIGKILL");
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("answers 503 with Retry-After, not 502, until its handler is loaded (the emulation itself)", async () => {
    const handler: { current?: LambdaHandler } = {};
    const emulator = createEmulator({ handler });
    await new Promise<void>((resolve) => emulator.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(emulator.address() as { port: number }).port}/api/health`;
    try {
      const starting = await fetch(url);
      expect(starting.status).toBe(503);
      expect(starting.headers.get("retry-after")).toBe("1");
      expect(await starting.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
      handler.current = async () => ({ statusCode: 200, body: "{}" });
      expect((await fetch(url)).status).toBe(200);
    } finally {
      emulator.close();
    }
  });

  it.each(["SIGTERM", "SIGINT"] as const)("stops all of it — server and DynamoDB Local — when npm alone gets %s", async (signal) => {
    const cwd = mkdtempSync(join(tmpdir(), "board-npm-stop-"));
    const port = await freePort();
    const started = npmStart(port, cwd);
    try {
      while (!started.output().includes("Press Ctrl-C")) {
        if (started.child.exitCode !== null) throw new Error(started.output());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(leftovers(cwd).length).toBeGreaterThan(0);
      started.child.kill(signal); // npm's own pid, as `kill -TERM <pid>` or `docker stop` sends it
      await started.exited;
      for (let waited = 0; waited < 15_000 && (leftovers(cwd).length > 0 || (await portAnswers(port))); waited += 200)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect(leftovers(cwd)).toEqual([]);
      expect(await portAnswers(port)).toBe(false);
    } finally {
      try {
        process.kill(-started.child.pid!, "SIGKILL");
      } catch {}
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("stops DynamoDB Local by itself when the server that started it dies without a word (SIGKILL)", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "board-kill-"));
    const port = await freePort();
    const started = startLocalServer({ PORT: String(port), DYNAMODB_ENDPOINT: "", TABLE_NAME: "", DATA_DIR: cwd }, cwd);
    try {
      await started.waitFor("Press Ctrl-C");
      const java = () => leftovers(cwd).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("java"));
      expect(java().length).toBe(1);
      started.child.kill("SIGKILL");
      await started.exited;
      for (let waited = 0; waited < 15_000 && java().length > 0; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(java()).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
