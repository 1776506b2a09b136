import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";
import { apiReferenceFiles, webBuildRecord } from "../tools/web-build.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

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
  plugins: [apiReferenceFiles, webBuildRecord],
  logLevel: "warn",
});
