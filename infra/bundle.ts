import { build } from "esbuild";
import type { Metafile } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
export const lambdaBundleDir = join(root, "dist", "lambda");

/**
 * The Lambda's code: one minified ESM file for Node 22 with the AWS SDK inside (the runtime's
 * copy is not pinned). The banner gives CommonJS dependencies the `require` ESM lacks.
 */
export async function bundleHandler(outdir = lambdaBundleDir): Promise<{ outfile: string; metafile: Metafile }> {
  const outfile = join(outdir, "index.mjs");
  const result = await build({
    entryPoints: [join(root, "api", "handler.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    minify: true,
    sourcemap: false,
    metafile: true,
    legalComments: "none",
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: "warning",
  });
  return { outfile, metafile: result.metafile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outfile, metafile } = await bundleHandler();
  const bytes = metafile.outputs[Object.keys(metafile.outputs)[0]!]!.bytes;
  console.log(`${outfile.replace(root, "")}: ${(bytes / 1024).toFixed(0)} KiB (in ${dirname(outfile).replace(root, "")})`);
}
