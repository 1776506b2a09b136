import { build } from "esbuild";
import type { Metafile } from "esbuild";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { apiBundle, lambdaBuildOptions } from "../bundle.js";
import { buildLine, cacheFile, codeFile, manifestFile } from "../../api/code-cache/loader.js";

/** A trained code-cache build to deploy; refuses a folder that is not one (untrained, or another build). */
export function trainedCodeCacheDir(dir: string): string {
  const path = resolve(dir);
  const missing = [codeFile, "index.mjs", cacheFile, manifestFile].filter((file) => !existsSync(join(path, file)));
  if (missing.length > 0)
    throw new Error(`FUNCTION_CODE_CACHE=${dir} is not a trained code-cache build (missing ${missing.join(", ")}): run npm run build:code-cache first.`);
  return path;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The function as one CommonJS script (`board.cjs`, which `vm.Script` can compile with a cached
 * result) and the small ESM entry that loads it (`index.mjs`). Same esbuild settings and plugins
 * as the plain bundle; no chunks (a code cache covers one script, and lazily loaded parts are
 * still only evaluated when first used). `entry` must not await at its top level: it exports a
 * `handler`, or a `ready` promise of one.
 */
export async function bundleForCodeCache(entry: string, outdir: string): Promise<{ outdir: string; metafile: Metafile }> {
  rmSync(outdir, { recursive: true, force: true });
  // Built as the API's bundle is (the code cache is the API's; the bench's baseline has no ElectroDB).
  const plain = lambdaBuildOptions(entry, outdir, apiBundle);
  const result = await build({
    ...plain,
    entryPoints: { board: entry },
    format: "cjs",
    splitting: false,
    outExtension: { ".js": ".cjs" },
    // The code finds files beside itself through import.meta.url; in a script that is __filename.
    define: { "import.meta.url": "__importMetaUrl" },
    banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    // Names this build, so a cache trained on other code is never used with it.
    footer: { js: buildLine(randomBytes(8).toString("hex")) },
  });
  await build({
    entryPoints: { index: join(here, "..", "..", "api", "code-cache", "entry.ts") },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  return { outdir, metafile: result.metafile };
}

export interface TrainingOptions {
  /** The function folder made by bundleForCodeCache. */
  outdir: string;
  /** The Node binary to train on: it must be the exact build the function runs on (or its launcher, e.g. qemu-user). */
  node: string;
  /** Arguments before Node's own, when `node` is a launcher (qemu-user's sysroot and the arm64 binary). */
  nodePrefix?: string[];
  /** Lambda's node flags for the function's memory size (infra/lambda-runtime.ts). */
  flags: string[];
  env: NodeJS.ProcessEnv;
  /** API Gateway events to answer while training: the requests real traffic makes. */
  events: unknown[];
}

/** Runs the bundle on the target Node under Lambda's flags, answers the events, and writes the code cache beside it. */
export async function trainCodeCache({ outdir, node, nodePrefix = [], flags, env, events }: TrainingOptions): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "code-cache-"));
  const trainer = join(work, `${basename(outdir)}-trainer.mjs`);
  const eventsFile = join(work, "events.json");
  try {
    await build({
      entryPoints: [join(here, "trainer.ts")],
      outfile: trainer,
      bundle: true,
      platform: "node",
      target: "node22",
      format: "esm",
      logLevel: "warning",
    });
    writeFileSync(eventsFile, JSON.stringify(events));
    const child = spawn(node, [...nodePrefix, ...flags, trainer, outdir, eventsFile], { env, stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Error(`training the code cache failed (exit ${code}):\n${errors}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
