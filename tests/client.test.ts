import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limits } from "../api/limits.js";
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { TRPCClientError } from "@trpc/client";
import { buildClient } from "../client/build.js";
import { retryDelayMs, retryingFetch } from "../client/src/retry.js";
import { startApiServer } from "./support/api-server.js";
import type { ApiServer } from "./support/api-server.js";
import { createTestStore, testModeratorToken } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { repoRoot } from "./support/processes.js";

// The published package, as a frontend would import it.
// Typed from the source (so type-checking needs no build); the module itself is the built package.
type ClientModule = typeof import("../client/src/index.js");
let client: ClientModule;
let store: TestStore;
let api: ApiServer;

beforeAll(async () => {
  await buildClient();
  client = (await import("@serverless-board/client" as string)) as ClientModule;
  store = await createTestStore();
  api = await startApiServer(store);
});
afterAll(() => api.close());

describe("the published client package", () => {
  it("type-checks in a consumer that imports the built package, and rejects wrong inputs, procedures and fields", () => {
    // The fixture's @ts-expect-error lines fail the compile if they ever stop being errors.
    expect(() =>
      execFileSync(process.execPath, [`${repoRoot}/node_modules/typescript/bin/tsc`, "-p", `${repoRoot}/tests/fixtures/consumer`], { stdio: "pipe" }),
    ).not.toThrow();
  });

  it("bundles for a browser with no server code in it", async () => {
    const result = await build({
      stdin: {
        contents: 'import { createBoardClient } from "@serverless-board/client"; export const client = createBoardClient({ url: "/trpc" });',
        resolveDir: repoRoot,
        loader: "ts",
      },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
    });
    const code = result.outputFiles[0]!.text;
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => /electrodb|@aws-sdk|zod|hono|trpc-to-openapi|\/api\/(?!limits\.ts$|text-rules\.ts$)|\/entities\//.test(path))).toEqual([]);
    expect(code).not.toMatch(/DynamoDB|ElectroDB|lowercase letters, digits|editTokenHash/);
    const size = { minifiedBytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).length };
    mkdirSync(`${repoRoot}/test-results`, { recursive: true });
    writeFileSync(`${repoRoot}/test-results/client-bundle.json`, JSON.stringify(size, null, 2));
    console.info(`client bundle: ${(size.minifiedBytes / 1024).toFixed(1)} KiB minified, ${(size.gzipBytes / 1024).toFixed(1)} KiB gzip`);
    // A budget: the client is a thin layer over @trpc/client; 10 KiB gzip leaves room, not bloat.
    expect(size.gzipBytes).toBeGreaterThan(1000);
    expect(size.gzipBytes).toBeLessThanOrEqual(10 * 1024);
  });

  it("publishes one declaration file that needs only tRPC and names nothing of the server's internals", () => {
    const declarations = readFileSync(`${repoRoot}/client/dist/index.d.ts`, "utf8");
    const imported = [...declarations.matchAll(/^import .* from '([^']+)';$/gm)].map((match) => match[1]);
    expect(imported.sort()).toEqual(["@trpc/client", "@trpc/server"]);
    expect(declarations).not.toMatch(/BoardOperations|interface Context\b|RateDecision|RequestObservations|electrodb|zod|@aws-sdk|hono|editTokenHash/);
    // The outputs are there, spelled out.
    expect(declarations).toMatch(/commentCount: number;/);
  });
});

describe("createBoardClient against the local server", () => {
  it("keeps edit tokens from creates and sends them on update and delete", async () => {
    const tokens = client.memoryEditTokenStore();
    const board = client.createBoardClient({ url: `${api.url}/trpc`, editTokens: tokens });
    const { post, editToken } = await board.posts.create.mutate({ board: "sdk", title: "Mine", body: "Body", author: "ann" });
    expect(tokens.get(post.postId)).toBe(editToken);
    expect(await board.posts.update.mutate({ postId: post.postId, title: "Edited", expectedVersion: 1 })).toMatchObject({ title: "Edited", version: 2 });
    const { comment } = await board.comments.create.mutate({ postId: post.postId, body: "Hi", author: "bo" });
    await board.comments.delete.mutate({ postId: post.postId, commentId: comment.commentId });
    expect(tokens.get(comment.commentId)).toBeUndefined();
    await board.posts.delete.mutate({ postId: post.postId });
    expect(tokens.get(post.postId)).toBeUndefined();
    expect((await board.posts.list.query({ board: "sdk" })).items).toEqual([]);
  });

  it("surfaces every failure as one typed BoardClientError", async () => {
    const board = client.createBoardClient({ url: `${api.url}/trpc` });
    const invalid = await board.posts.create.mutate({ board: "sdk", title: "", body: "Body", author: "ann" }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(client.BoardClientError);
    expect(invalid).toBeInstanceOf(TRPCClientError);
    expect(invalid).toMatchObject({ code: "BAD_REQUEST", status: 400, requestId: expect.any(String) });
    expect((invalid as InstanceType<ClientModule["BoardClientError"]>).issueFor("title")).toEqual(expect.any(String));

    const missing = await board.posts.get.query({ postId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: "NOT_FOUND", status: 404, issues: [] });

    const { post } = await board.posts.create.mutate({ board: "sdk", title: "Theirs", body: "Body", author: "ann" });
    const stranger = client.createBoardClient({ url: `${api.url}/trpc` });
    await expect(stranger.posts.update.mutate({ postId: post.postId, title: "x", expectedVersion: 1 })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      status: 401,
    });
    const moderator = client.createBoardClient({ url: `${api.url}/trpc`, moderatorToken: testModeratorToken });
    await expect(moderator.posts.update.mutate({ postId: post.postId, title: "Moderated", expectedVersion: 1 })).resolves.toMatchObject({ version: 2 });
    await expect(board.posts.update.mutate({ postId: post.postId, title: "Stale", expectedVersion: 1 })).rejects.toMatchObject({
      code: "CONFLICT",
      status: 409,
    });

    const offline = client.createBoardClient({ url: "http://127.0.0.1:9/trpc", retry: { retries: 1, baseDelayMs: 1 } });
    await expect(offline.health.query()).rejects.toMatchObject({ code: "NETWORK_ERROR", status: 0 });
  });

  it("retries queries on network failures and 503/429, a bounded number of times", async () => {
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) throw new TypeError("fetch failed");
      if (calls === 2) return new Response("{}", { status: 503, headers: { "retry-after": "0" } });
      if (calls === 3) return new Response("{}", { status: 429 });
      return fetch(input, init);
    };
    const board = client.createBoardClient({ url: `${api.url}/trpc`, fetch: flaky, retry: { retries: 3, baseDelayMs: 1 } });
    await expect(board.health.query()).resolves.toEqual({ ok: true });
    expect(calls).toBe(4);

    let attempts = 0;
    const down: typeof fetch = async () => {
      attempts++;
      throw new TypeError("fetch failed");
    };
    await expect(client.createBoardClient({ url: `${api.url}/trpc`, fetch: down, retry: { retries: 2, baseDelayMs: 1 } }).health.query()).rejects.toMatchObject(
      { code: "NETWORK_ERROR" },
    );
    expect(attempts).toBe(3);
  });

  it("never repeats an update or delete on its own", async () => {
    const tokens = client.memoryEditTokenStore();
    const board = client.createBoardClient({ url: `${api.url}/trpc`, editTokens: tokens });
    const { post } = await board.posts.create.mutate({ board: "sdk", title: "Once", body: "Body", author: "ann" });
    let attempts = 0;
    const failing: typeof fetch = async () => {
      attempts++;
      throw new TypeError("fetch failed");
    };
    const broken = client.createBoardClient({ url: `${api.url}/trpc`, fetch: failing, editTokens: tokens, retry: { baseDelayMs: 1 } });
    await expect(broken.posts.update.mutate({ postId: post.postId, title: "x", expectedVersion: 1 })).rejects.toMatchObject({ code: "NETWORK_ERROR" });
    expect(attempts).toBe(1);
  });

  it("retries a create whose answer was lost, with the same Idempotency-Key, and makes one item", async () => {
    const keys: string[] = [];
    let lost = false;
    const losesFirstAnswer: typeof fetch = async (input, init) => {
      keys.push(new Headers(init?.headers).get("idempotency-key") ?? "");
      const response = await fetch(input, init);
      if (!lost) {
        lost = true;
        throw new TypeError("connection reset");
      }
      return response;
    };
    const board = client.createBoardClient({ url: `${api.url}/trpc`, fetch: losesFirstAnswer, retry: { baseDelayMs: 1 } });
    const { post, editToken } = await board.posts.create.mutate({ board: "sdk-once", title: "Exactly once", body: "Body", author: "ann" });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const listed = await board.posts.list.query({ board: "sdk-once" });
    expect(listed.items.map((item) => item.postId)).toEqual([post.postId]);
    expect(await board.posts.update.mutate({ postId: post.postId, title: "Still mine", expectedVersion: 1 })).toMatchObject({ version: 2 });
    expect(editToken).toEqual(expect.any(String));
  });

  it("lets the caller choose the idempotency key", async () => {
    const board = client.createBoardClient({ url: `${api.url}/trpc` });
    const input = { board: "sdk-key", title: "Chosen key", body: "Body", author: "ann" };
    const first = await board.posts.create.mutate(input, { context: { idempotencyKey: "caller-chosen-key-0000000001" } });
    const again = await board.posts.create.mutate(input, { context: { idempotencyKey: "caller-chosen-key-0000000001" } });
    expect(again).toEqual(first);
    await expect(
      board.posts.create.mutate({ ...input, title: "Other" }, { context: { idempotencyKey: "caller-chosen-key-0000000001" } }),
    ).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
  });
});

describe("batches", () => {
  it("keeps every batch within the server's cap, so many parallel reads all succeed", async () => {
    const batchSizes: number[] = [];
    const board = client.createBoardClient({
      url: `${api.url}/trpc`,
      fetch: (input, init) => {
        const url = new URL(String(input));
        if (url.searchParams.get("batch") === "1") batchSizes.push(url.pathname.split("/").pop()!.split(",").length);
        return fetch(input, init);
      },
    });
    const reads = await Promise.all(Array.from({ length: 3 * limits.batchSize + 1 }, () => board.health.query()));
    expect(reads.every((read) => read.ok)).toBe(true);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(limits.batchSize);
    expect(batchSizes.reduce((sum, size) => sum + size, 0)).toBe(3 * limits.batchSize + 1);
  });
});

describe("retries", () => {
  it("hand a 429 back at once when Retry-After is longer than the client would ever wait", async () => {
    let calls = 0;
    const answer = (retryAfter: string) => async () => {
      calls++;
      return new Response("{}", { status: 429, headers: { "retry-after": retryAfter } });
    };
    const started = Date.now();
    expect((await retryingFetch(answer("55"))("http://x/trpc/posts.list")).status).toBe(429);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
    calls = 0;
    expect((await retryingFetch(answer("0"))("http://x/trpc/posts.list")).status).toBe(429);
    expect(calls).toBe(4); // a short wait is worth it: the first try and three retries
  });
});

describe("retry delays", () => {
  const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 5000 };
  it("honour Retry-After in seconds or as a date, capped", () => {
    expect(retryDelayMs(0, "2", policy)).toBe(2000);
    expect(retryDelayMs(0, "0", policy)).toBe(0);
    expect(retryDelayMs(0, "120", policy)).toBe(5000);
    const inOneSecond = new Date(Date.now() + 1500).toUTCString();
    expect(retryDelayMs(0, inOneSecond, policy)).toBeGreaterThan(0);
    expect(retryDelayMs(0, inOneSecond, policy)).toBeLessThanOrEqual(1500);
  });
  it("back off exponentially with jitter otherwise", () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const delay = retryDelayMs(attempt, null, policy);
      expect(delay).toBeGreaterThanOrEqual(50 * 2 ** attempt);
      expect(delay).toBeLessThanOrEqual(100 * 2 ** attempt);
    }
    expect(retryDelayMs(0, "soon", policy)).toBeLessThanOrEqual(100);
  });
});
