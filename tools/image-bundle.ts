import { build } from "esbuild";
import type { Metafile } from "esbuild";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lambdaBuildOptions } from "./bundle.js";

const root = fileURLToPath(new URL("..", import.meta.url));
export const imageFunctionBundleDir = join(root, "dist", "image-function");

/**
 * The image function's own bundle (images/handler.ts: sharp, the S3 client, the attachment
 * entity; nothing of the API), with sharp left out of the bundle: it is a native module, and the
 * Lambda needs its linux-arm64 build, not this machine's. `withLambdaSharp` puts that build beside
 * the bundle (npm installs sharp's prebuilt binaries for the platform asked for, from the registry).
 */
export async function bundleImageFunction(outdir = imageFunctionBundleDir, { withLambdaSharp = true } = {}): Promise<{ outdir: string; metafile: Metafile }> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({ ...lambdaBuildOptions(join(root, "images", "handler.ts"), outdir), splitting: false, external: ["sharp"] });
  if (withLambdaSharp) installLambdaSharp(outdir);
  return { outdir, metafile: result.metafile };
}

/** sharp, and its linux-arm64 binaries, into the bundle's node_modules (the same version as the project's). */
function installLambdaSharp(outdir: string): void {
  // sharp exports no package.json: read it beside its entry (lib/index.js).
  const version = (
    JSON.parse(readFileSync(join(dirname(createRequire(import.meta.url).resolve("sharp")), "..", "package.json"), "utf8")) as { version: string }
  ).version;
  writeFileSync(join(outdir, "package.json"), `${JSON.stringify({ private: true, description: "The image function: index.mjs and sharp for linux-arm64" })}\n`);
  execFileSync(
    "npm",
    [
      "install",
      `sharp@${version}`,
      "--os=linux",
      "--cpu=arm64",
      "--libc=glibc",
      "--omit=dev",
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
    ],
    { cwd: outdir, stdio: ["ignore", "ignore", "inherit"] },
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outdir } = await bundleImageFunction();
  console.log(`image function written to ${outdir.replace(root, "")}`);
}
