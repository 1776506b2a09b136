import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { createGzip } from "node:zlib";
import type { IncomingMessage, ServerResponse } from "node:http";
import mime from "mime";
import { cacheControlFor } from "../web/cache-control.js";
import { siteSecurityHeaders } from "../web/security-headers.js";
import { webDistDir } from "./web-build.js";

const webRoot = webDistDir;
const compressible = /^text\/|javascript|json|svg|xml/;

const jsonError = (res: ServerResponse, status: number, code: string, message: string) =>
  res.writeHead(status, { "content-type": "application/json", "x-content-type-options": "nosniff" }).end(JSON.stringify({ code, message }));

/**
 * Serves the built web board for GET/HEAD outside /trpc and /api (but /api/docs/…, the API
 * reference's files, published with the site), as CloudFront's behaviours do from S3:
 * page routes (no extension) get index.html, a missing file is a 404, text is gzipped when the
 * browser accepts it, and cache headers are the ones the stack uploads with.
 */
export async function serveWebBoard(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if ((req.method !== "GET" && req.method !== "HEAD") || path.startsWith("/trpc/") || (path.startsWith("/api/") && !path.startsWith("/api/docs/")))
    return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    jsonError(res, 400, "BAD_REQUEST", "The path is not valid percent-encoding.");
    return true;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, "");
  let file = join(webRoot, relative);
  if (!file.startsWith(webRoot)) return false;
  if (!(await isFile(file))) {
    // A file that is not there is a 404; a page route is the single-page app (CloudFront's viewer function does the same).
    if (extname(relative)) {
      jsonError(res, 404, "NOT_FOUND", `No file ${path}.`);
      return true;
    }
    file = join(webRoot, "index.html");
  }
  if (!(await isFile(file))) {
    if (path !== "/") return false;
    res
      .writeHead(200, { "content-type": "text/plain; charset=utf-8" })
      .end("serverless-board API is running: the web board is not built (web/dist is missing). Try /trpc/health.\n");
    return true;
  }
  const type = mime.getType(file) ?? "application/octet-stream";
  const gzip = compressible.test(type) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  res.writeHead(200, {
    ...siteSecurityHeaders,
    "content-type": compressible.test(type) ? `${type}; charset=utf-8` : type,
    "cache-control": cacheControlFor(
      file
        .slice(webRoot.length + 1)
        .split("\\")
        .join("/"),
    ),
    "x-content-type-options": "nosniff",
    vary: "accept-encoding",
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  if (req.method === "HEAD") res.end();
  else if (gzip) createReadStream(file).pipe(createGzip()).pipe(res);
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
