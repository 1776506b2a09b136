import { apiReferencePage } from "./api-reference.js";

const csp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

/** `/docs`: the API reference's page (its files are static: see api-reference.ts), or undefined for any other path. */
export function serveDocs(path: string): Response | undefined {
  if (path !== "/docs") return undefined;
  return new Response(apiReferencePage, { headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": csp } });
}
