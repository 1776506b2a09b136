import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { webBuildRecordFile, webBuildRecordFor } from "../tools/web-build.js";
import type { WebBuildRecord } from "../tools/web-build.js";

export { webBuildRecordFile };

const root = fileURLToPath(new URL("..", import.meta.url));
const webDir = join(root, "web");
export const webDistDir = join(webDir, "dist");
const sources = [
  join(webDir, "src"),
  join(webDir, "index.html"),
  join(webDir, "vite.config.ts"),
  join(root, "client", "src"),
  join(root, "api", "http", "api-reference.ts"),
  join(root, "tools", "web-build.ts"),
];

function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** What a build in `dist` says it was made for; undefined when it does not say. */
export function webBuildRecord(dist = webDistDir): WebBuildRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(dist, webBuildRecordFile), "utf8")) as WebBuildRecord;
  } catch {
    return undefined;
  }
}

/**
 * True when the build is missing, older than any web or client source, or made for another API
 * than this environment's (a `VITE_API_URL=… npm run build:web` build would call that API).
 */
export function webBuildIsStale(dist = webDistDir, env: Record<string, string | undefined> = process.env): boolean {
  const built = join(dist, "index.html");
  if (!existsSync(built)) return true;
  if (webBuildRecord(dist)?.apiUrl !== webBuildRecordFor(env).apiUrl) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources.some((source) => existsSync(source) && newestChange(source) > builtAt);
}

/** Builds the web board with Vite when it is missing or stale; returns whether it built. */
export async function ensureWebBuilt(): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  const { build } = await import("vite");
  // Vite sets NODE_ENV=production for the process; the local API must keep its own mode.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: join(webDir, "vite.config.ts"), logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}
