/**
 * Build-time pieces of the web board: the Vite plugins that put the API reference's files beside
 * the site and record what the build was made for (so `npm start` can tell a build made for
 * another API from its own).
 */
import type { Plugin } from "vite";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { apiReferenceFilesDir, apiReferenceInitScript, swaggerUiFiles } from "../api/http/api-reference.js";

/** Written into the build, never shipped (the site's upload skips dot files). */
export const webBuildRecordFile = ".build.json";

export interface WebBuildRecord {
  /** The tRPC URL the build calls (VITE_API_URL); empty: its own origin's /trpc. */
  apiUrl: string;
}

export const webBuildRecordFor = (env: Record<string, string | undefined>): WebBuildRecord => ({ apiUrl: env.VITE_API_URL ?? "" });

/** The API reference's static files (Swagger UI and its start script) go out with the site, under api/docs/. */
export const apiReferenceFiles: Plugin = {
  name: "api-reference-files",
  apply: "build",
  generateBundle() {
    const swaggerUi = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    for (const name of Object.keys(swaggerUiFiles))
      this.emitFile({ type: "asset", fileName: `${apiReferenceFilesDir}/${name}`, source: readFileSync(join(swaggerUi, name)) });
    this.emitFile({ type: "asset", fileName: `${apiReferenceFilesDir}/init.js`, source: apiReferenceInitScript });
  },
};

/** Records what this build was made for, beside its files. */
export const webBuildRecord: Plugin = {
  name: "web-build-record",
  apply: "build",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: webBuildRecordFile, source: JSON.stringify(webBuildRecordFor(process.env)) });
  },
};
