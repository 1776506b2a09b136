import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join, normalize } from "node:path";
import { webDistDir } from "./web-build.js";
import mime from "mime";
import type { IncomingMessage, ServerResponse } from "node:http";

const webRoot = webDistDir;

/** Serves the built web board for GET/HEAD outside /trpc and /api, as CloudFront does from S3. */
export async function serveWebBoard(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if ((req.method !== "GET" && req.method !== "HEAD") || path.startsWith("/trpc/") || path.startsWith("/api/")) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ code: "BAD_REQUEST", message: "The path is not valid percent-encoding." }));
    return true;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, "");
  let file = join(webRoot, relative);
  if (!file.startsWith(webRoot)) return false;
  if (!(await isFile(file))) file = join(webRoot, "index.html"); // single-page app fallback
  if (!(await isFile(file))) {
    if (path !== "/") return false;
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("serverless-board API is running: the web board is not built (web/dist is missing). Try /trpc/health.\n");
    return true;
  }
  res.writeHead(200, { "content-type": mime.getType(file) ?? "application/octet-stream", "x-content-type-options": "nosniff" });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
  return true;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
