/**
 * Builds the publishable client: ESM JavaScript (dependencies left as imports) and ONE
 * self-contained declaration file in which the server's router type is inlined, so the package
 * ships no server code and needs none of the server's packages, not even for its types.
 */
import { build } from "esbuild";
import { generateDtsBundle } from "dts-bundle-generator";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const clientDir = fileURLToPath(new URL(".", import.meta.url));
const entry = join(clientDir, "src", "index.ts");
const outDir = join(clientDir, "dist");

export async function buildClient(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [entry],
    outfile: join(outDir, "index.js"),
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "neutral",
    target: "es2022",
    logLevel: "warning",
  });
  const [declarations] = generateDtsBundle(
    [{ filePath: entry, libraries: { importedLibraries: ["@trpc/client", "@trpc/server"] }, output: { noBanner: true } }],
    {
      preferredConfigPath: join(clientDir, "..", "tsconfig.json"),
    },
  );
  writeFileSync(join(outDir, "index.d.ts"), declarations!);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildClient();
