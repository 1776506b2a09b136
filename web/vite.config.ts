import { defineConfig } from "vite";
import type { Plugin } from "vite";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { apiReferenceFilesDir, apiReferenceInitScript, swaggerUiFiles } from "../api/http/api-reference.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The API reference's static files (Swagger UI and its start script) go out with the site, under api/docs/. */
const apiReferenceFiles: Plugin = {
  name: "api-reference-files",
  apply: "build",
  generateBundle() {
    const swaggerUi = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    for (const name of Object.keys(swaggerUiFiles)) this.emitFile({ type: "asset", fileName: `${apiReferenceFilesDir}/${name}`, source: readFileSync(join(swaggerUi, name)) });
    this.emitFile({ type: "asset", fileName: `${apiReferenceFilesDir}/init.js`, source: apiReferenceInitScript });
  },
};

/** The web board: a static site on the typed client. `VITE_API_URL` points it at another API origin. */
export default defineConfig({
  root: here("."),
  base: "/",
  resolve: {
    // The client package's source (it imports the server's router as a type only).
    alias: { "@serverless-board/client": here("../client/src/index.ts") },
  },
  build: {
    outDir: here("dist"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
  },
  plugins: [apiReferenceFiles],
  logLevel: "warn",
});
