import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Swagger UI files served from the function itself (no CDN), with their content types. */
const assets: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
};

// Relative URLs keep working under any stage name or custom-domain base path.
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>serverless-board API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="api-reference"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`;
// validatorUrl: null: Swagger UI would otherwise fetch a validity badge from an outside host (and the CSP blocks it).
const init = `window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#api-reference", deepLinking: true, validatorUrl: null });\n`;
const csp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

/** The deployed bundle carries the files beside it (see infra/bundle.ts); in development they come from node_modules. */
export const swaggerUiBundleDir = "swagger-ui";
function assetDirectory(): string {
  // This module is a chunk one folder below the bundle's root once bundled.
  for (const candidate of [`./${swaggerUiBundleDir}/`, `../${swaggerUiBundleDir}/`]) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

const cache = new Map<string, Buffer>();

/** `/docs` and its files, or undefined for any other path. */
export async function serveDocs(path: string): Promise<Response | undefined> {
  if (path === "/docs") return new Response(page, { headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": csp } });
  if (path === "/docs/init.js") return new Response(init, { headers: { "content-type": "text/javascript; charset=utf-8" } });
  const name = path.startsWith("/docs/") ? path.slice("/docs/".length) : "";
  const type = assets[name];
  if (!type) return undefined;
  let body = cache.get(name);
  if (!body) cache.set(name, (body = await readFile(join(assetDirectory(), name))));
  return new Response(new Uint8Array(body), { headers: { "content-type": type, "cache-control": "public, max-age=86400" } });
}

export const swaggerUiAssetNames = Object.keys(assets);
