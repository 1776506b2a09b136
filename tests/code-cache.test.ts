/**
 * The opt-in trained code cache (tools/code-cache/, api/code-cache/): the function starts from it when it fits, and
 * starts normally — same answers, no crash — when it does not: another Node, other flags, a
 * damaged file, a cache V8 refuses, or switched off. Each start is a fresh Node process, as on
 * Lambda, and each says in its log which way it started.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import vm from "node:vm";
import { crc32 } from "node:zlib";
import { bundleForCodeCache, trainCodeCache } from "../tools/code-cache/build.js";
import { cacheFile, manifestFile } from "../api/code-cache/loader.js";
import type { CacheManifest } from "../api/code-cache/loader.js";
import { apiGatewayEvent } from "../local/proxy-events.js";
import { repoRoot } from "./support/processes.js";
import { createTestBoard, createTestStore, testSigningSecret } from "./support/store.js";

const run = promisify(execFile);
const trained = mkdtempSync(join(tmpdir(), "code-cache-"));
const flags = ["--max-semi-space-size=16"];
let env: NodeJS.ProcessEnv;
let threadEvent: ReturnType<typeof apiGatewayEvent>;

beforeAll(async () => {
  const store = await createTestStore();
  const { post } = await createTestBoard(store).posts.create({ board: "cached", title: "From the cache", body: "b", author: "a" });
  env = {
    ...process.env,
    TABLE_NAME: store.table,
    DYNAMODB_ENDPOINT: store.endpoint,
    SIGNING_SECRET: testSigningSecret,
    NODE_ENV: "production",
    CODE_CACHE: "",
  };
  threadEvent = apiGatewayEvent({ path: "/trpc/posts.get", query: { input: JSON.stringify({ postId: post.postId }) } });
  await bundleForCodeCache(join(repoRoot, "api", "handler-for-code-cache.ts"), trained);
  await trainCodeCache({ outdir: trained, node: process.execPath, flags, env, events: [threadEvent, apiGatewayEvent({ path: "/api/boards/cached/posts" })] });
}, 120_000);

/** A copy of the trained function folder, changed by `damage`, started in a fresh process that answers the thread read. */
async function start(damage: (dir: string) => void = () => {}, { nodeFlags = flags, extraEnv = {} as NodeJS.ProcessEnv } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "code-cache-start-"));
  try {
    cpSync(trained, dir, { recursive: true });
    damage(dir);
    const { stdout } = await run(
      process.execPath,
      [...nodeFlags, join(repoRoot, "bench", "cold-child.mjs"), join(dir, "index.mjs"), JSON.stringify(threadEvent)],
      { env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 },
    );
    const started = stdout
      .split("\n")
      .map((line) => (line.includes('"codeCache"') ? (JSON.parse(line) as { codeCache: string; reason?: string }) : undefined))
      .find(Boolean);
    return started; // cold-child exits non-zero unless the thread read answered 200
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const editManifest = (dir: string, change: (manifest: CacheManifest) => void) => {
  const path = join(dir, manifestFile);
  const manifest = JSON.parse(readFileSync(path, "utf8")) as CacheManifest;
  change(manifest);
  writeFileSync(path, JSON.stringify(manifest));
};

describe("a trained code cache", () => {
  it("is used when it fits", async () => {
    expect(await start()).toEqual({ level: "INFO", message: "function started", codeCache: "hit" });
  });

  it("is set aside for another Node build, and the function starts normally", async () => {
    expect(await start((dir) => editManifest(dir, (manifest) => (manifest.node = "v22.0.0")))).toMatchObject({
      codeCache: "rejected",
      reason: expect.stringContaining("made for Node v22.0.0"),
    });
  });

  it("is set aside under other node flags (another memory size)", async () => {
    expect(await start(undefined, { nodeFlags: ["--max-semi-space-size=8"] })).toMatchObject({ codeCache: "rejected", reason: "made under other node flags" });
  });

  it("is set aside when damaged, where V8 itself would abort the process", async () => {
    const flipped = (dir: string) => {
      const cache = readFileSync(join(dir, cacheFile));
      for (let i = 1000; i < cache.length; i += 997) cache[i] = cache[i]! ^ 0xff;
      writeFileSync(join(dir, cacheFile), cache);
    };
    expect(await start(flipped)).toMatchObject({ codeCache: "rejected", reason: "cache file damaged" });
    const truncated = (dir: string) => writeFileSync(join(dir, cacheFile), readFileSync(join(dir, cacheFile)).subarray(0, 4096));
    expect(await start(truncated)).toMatchObject({ codeCache: "rejected", reason: "cache file damaged" });
  });

  it("is set aside when V8 refuses it (a sound cache, but of other code)", async () => {
    const otherCode = (dir: string) => {
      const cache = new vm.Script("(function () { return 1; })").createCachedData();
      writeFileSync(join(dir, cacheFile), cache);
      editManifest(dir, (manifest) => Object.assign(manifest, { cacheBytes: cache.length, cacheCrc32: crc32(cache) }));
    };
    expect(await start(otherCode)).toMatchObject({ codeCache: "rejected", reason: "refused by V8" });
  });

  it("is set aside when trained for another build of the code", async () => {
    expect(await start((dir) => editManifest(dir, (manifest) => (manifest.codeBuild = "0123456789abcdef")))).toMatchObject({
      codeCache: "rejected",
      reason: "made for other code",
    });
  });

  it("is off when switched off or not shipped", async () => {
    expect(await start(undefined, { extraEnv: { CODE_CACHE: "off" } })).toEqual({ level: "INFO", message: "function started", codeCache: "off" });
    expect(await start((dir) => rmSync(join(dir, manifestFile)))).toEqual({ level: "INFO", message: "function started", codeCache: "off" });
  });
});
