import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const webDir = join(root, "web");
export const webDistDir = join(webDir, "dist");
const sources = [join(webDir, "src"), join(webDir, "index.html"), join(webDir, "vite.config.ts"), join(root, "client", "src"), join(root, "api", "http", "api-reference.ts")];

function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** True when web/dist is missing or older than any web or client source. */
export function webBuildIsStale(): boolean {
  const built = join(webDistDir, "index.html");
  if (!existsSync(built)) return true;
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
