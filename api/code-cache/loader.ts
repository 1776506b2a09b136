/**
 * Starts the function from a CommonJS bundle compiled with a V8 code cache trained at build time
 * (tools/code-cache/build.ts), so a cold start skips most of its parsing and compiling.
 *
 * Safe when the cache does not fit: the manifest written with the cache names the Node version,
 * architecture and flags it was made under, the build of the code it belongs to, and the cache's
 * length and CRC-32. On any difference (a runtime update, other code, a damaged file) the cache is
 * not handed to V8 at all; V8 itself refuses a cache from other flags or another V8. Either way the
 * same code compiles normally. The check matters: V8 does not checksum a code cache in release
 * builds, and a damaged one aborts the process (measured: a few flipped bytes → "Fatal error …
 * unreachable code" in the deserializer). The function logs once which way it started.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import vm from "node:vm";
import { crc32 } from "node:zlib";

export type CodeCacheState = "hit" | "rejected" | "off";
export const codeFile = "board.cjs";
export const cacheFile = "board.cache";
export const manifestFile = "board.cache.json";

export interface CacheManifest {
  node: string;
  arch: string;
  execArgv: string[];
  /** The build of board.cjs the cache was made from (the id in its last line). */
  codeBuild: string;
  cacheBytes: number;
  cacheCrc32: number;
}

/** The last line of board.cjs names its build, so a cache is only used with the code it was made from (without hashing 1.4 MB at every start). */
export const buildLine = (id: string) => `//# codeCacheBuild=${id}`;
export const codeBuildOf = (source: string): string | undefined => /\/\/# codeCacheBuild=([0-9a-f]+)\s*$/.exec(source.slice(-80))?.[1];

/** What a cache must match to be used here: this process's Node, architecture and flags. */
export const runtimeIdentity = () => ({ node: process.version, arch: process.arch, execArgv: process.execArgv });

/** Node's CommonJS wrapper: the script runs as a module would. */
const wrap = (source: string) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

function usableCache(dir: string, source: string): { cachedData?: Buffer; reason?: string } {
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, manifestFile), "utf8")) as CacheManifest;
  } catch {
    return {}; // no cache shipped
  }
  const here = runtimeIdentity();
  if (manifest.node !== here.node) return { reason: `made for Node ${manifest.node}, running ${here.node}` };
  if (manifest.arch !== here.arch) return { reason: `made for ${manifest.arch}, running ${here.arch}` };
  if (manifest.execArgv.join(" ") !== here.execArgv.join(" ")) return { reason: "made under other node flags" };
  if (manifest.codeBuild !== codeBuildOf(source)) return { reason: "made for other code" };
  let cachedData: Buffer;
  try {
    cachedData = readFileSync(join(dir, cacheFile));
  } catch {
    return { reason: "cache file missing" };
  }
  if (cachedData.length !== manifest.cacheBytes || crc32(cachedData) !== manifest.cacheCrc32) return { reason: "cache file damaged" };
  return { cachedData };
}

type Exports = { ready?: Promise<unknown>; handler?: unknown };

/**
 * Compiles and runs the bundle in `dir`; `useCache: false` ignores any cache (training does).
 * Returns the module's handler (awaited when it is built asynchronously), the compiled script
 * (for training to serialise) and how it started.
 */
export async function loadBundle(dir: string, { useCache = process.env.CODE_CACHE !== "off" } = {}) {
  const filename = join(dir, codeFile);
  const source = readFileSync(filename, "utf8");
  const { cachedData, reason } = useCache ? usableCache(dir, source) : {};
  const script = new vm.Script(wrap(source), {
    filename,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const codeCache: CodeCacheState = cachedData ? (script.cachedDataRejected ? "rejected" : "hit") : reason ? "rejected" : "off";
  const module = { exports: {} as Exports };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(filename), module, filename, dir);
  const handler = await (module.exports.ready ?? module.exports.handler);
  return { handler, script, codeCache, reason: cachedData && script.cachedDataRejected ? "refused by V8" : reason };
}
