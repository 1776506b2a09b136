import { build } from "esbuild";
import type { Metafile } from "esbuild";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleHandler, lambdaBuildOptions } from "../tools/bundle.js";
import { bundleForCodeCache } from "../tools/code-cache/build.js";
import { cacheFile } from "../api/code-cache/loader.js";

const benchDir = fileURLToPath(new URL(".", import.meta.url));
export const buildDir = join(benchDir, ".build");

export interface BuiltBundle {
  entry: string;
  metafile: Metafile;
}

/** A function folder built for the trained code cache (trained later, against the seeded table). */
export interface CodeCacheBundle {
  dir: string;
  entry: string;
  cacheBytes: () => { raw: number; gzip: number };
}

async function codeCacheBundle(entry: string, dir: string): Promise<CodeCacheBundle> {
  await bundleForCodeCache(entry, dir);
  return {
    dir,
    entry: join(dir, "index.mjs"),
    cacheBytes: () => {
      const cache = readFileSync(join(dir, cacheFile));
      return { raw: cache.length, gzip: gzipSync(cache).length };
    },
  };
}

/** Ours exactly as deployed, the baseline bundled the same way, and both built for a trained code cache. */
export async function buildBundles(): Promise<{ board: BuiltBundle; baseline: BuiltBundle; boardCached: CodeCacheBundle; baselineCached: CodeCacheBundle }> {
  const board = await bundleHandler(join(buildDir, "board"));
  const baselineEntry = join(benchDir, "baselines", "plain-handler.ts");
  const baselineDir = join(buildDir, "baseline");
  // Emptied first: chunks of an earlier build (other hashes) would otherwise count as its files.
  rmSync(baselineDir, { recursive: true, force: true });
  const baseline = await build(lambdaBuildOptions(baselineEntry, baselineDir));
  return {
    board: { entry: join(board.outdir, "index.mjs"), metafile: board.metafile },
    baseline: { entry: join(baselineDir, "index.mjs"), metafile: baseline.metafile },
    boardCached: await codeCacheBundle(join(benchDir, "..", "api", "handler-for-code-cache.ts"), join(buildDir, "board-cached")),
    baselineCached: await codeCacheBundle(baselineEntry, join(buildDir, "baseline-cached")),
  };
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith(".mjs") ? [path] : [];
  });
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

/** What is deployed: every file of the function's folder (code, chunks, the API reference's assets), each compressed as a zip does. */
export function deployedSize(bundle: BuiltBundle): { files: number; rawBytes: number; gzipBytes: number } {
  const files = allFiles(join(bundle.entry, ".."));
  return files.reduce(
    (sum, file) => ({ files: sum.files + 1, rawBytes: sum.rawBytes + statSync(file).size, gzipBytes: sum.gzipBytes + gzipSync(readFileSync(file)).length }),
    { files: 0, rawBytes: 0, gzipBytes: 0 },
  );
}

/** Raw and gzip bytes of the code: everything, and what the cold path loads (the entry and its static imports). */
export function bundleSize(bundle: BuiltBundle): { rawBytes: number; gzipBytes: number; coldRawBytes: number; coldGzipBytes: number } {
  const dir = join(bundle.entry, "..");
  const size = (files: string[]) =>
    files.reduce((sum, file) => ({ raw: sum.raw + statSync(file).size, gzip: sum.gzip + gzipSync(readFileSync(file)).length }), { raw: 0, gzip: 0 });
  const all = size(jsFiles(dir));
  const cold = new Set<string>();
  const visit = (output: string) => {
    if (cold.has(output)) return;
    cold.add(output);
    for (const imported of bundle.metafile.outputs[output]?.imports ?? []) if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
  };
  visit(Object.keys(bundle.metafile.outputs).find((output) => output.endsWith("index.mjs"))!);
  const coldSize = size([...cold].map((output) => join(process.cwd(), output)));
  return { rawBytes: all.raw, gzipBytes: all.gzip, coldRawBytes: coldSize.raw, coldGzipBytes: coldSize.gzip };
}

/** The packages that weigh most in the cold path. */
export function heaviestModules(bundle: BuiltBundle, count = 8): { name: string; kib: number }[] {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(bundle.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? "(this project)";
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => ({ name, kib: Math.round(bytes / 1024) }));
}
