import { generateOpenApiDocument } from "trpc-to-openapi";
import type { OpenAPIObject } from "trpc-to-openapi";
import type { OperationObject, SchemaObject } from "openapi3-ts/oas31";
import type { AppRouter } from "../router.js";

import { restBasePath } from "./paths.js";

/** The OpenAPI 3.1 document for the REST face of the router. */
export function buildOpenApiDocument(router: AppRouter): OpenAPIObject {
  const document = generateOpenApiDocument(router, {
    title: "serverless-board",
    version: "0.1.0",
    description:
      "A bulletin board: boards → posts → comments. Creates return a one-time `editToken`; send it as " +
      "`Authorization: Bearer <editToken>` to edit or delete that item. Errors are `{code, message, requestId, issues?}`.",
    baseUrl: restBasePath,
    tags: ["posts", "comments", "meta"],
    securitySchemes: {
      editToken: { type: "http", scheme: "bearer", description: "The item's edit token (returned by its create), or the moderator token." },
    },
  });
  document.info.license = { name: "MIT", identifier: "MIT" };
  describeRestConventions(document);
  document.tags = [
    { name: "posts", description: "Posts on a board, and threads" },
    { name: "comments", description: "Comments on a post" },
    { name: "meta", description: "Service status" },
  ];
  return document;
}

/** The methods the document allows on a concrete path (`/posts/01K…`), for 404-vs-405 answers. */
export function allowedMethods(document: OpenAPIObject, path: string): string[] {
  const methods: string[] = [];
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    const pattern = new RegExp(`^${template.replace(/\{[^/}]+\}/g, "[^/]+")}$`);
    if (pattern.test(path)) methods.push(...Object.keys(item ?? {}).filter((key) => /^(get|post|put|patch|delete)$/.test(key)).map((key) => key.toUpperCase()));
  }
  return methods;
}

const errorBodySchema = (code: string): SchemaObject => ({
  type: "object" as const,
  required: ["code", "message", "requestId"],
  properties: {
    code: { type: "string" as const, enum: [code] },
    message: { type: "string" as const },
    requestId: { type: "string" as const, description: "Quote it when reporting a problem." },
    issues: {
      type: "array" as const,
      description: "One entry per invalid field.",
      items: { type: "object" as const, required: ["path", "message"], properties: { path: { type: "string" as const }, message: { type: "string" as const } } },
    },
  },
});

/**
 * What the REST bridge does beyond trpc-to-openapi's defaults, written into the document: creates
 * answer 201 and take an Idempotency-Key, deletes 204, updates take If-Match, a thread has an
 * ETag, and errors have our flat `{code, message, requestId, issues?}` body.
 */
function describeRestConventions(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item ?? {}) as OperationObject[]) {
      const id = operation.operationId ?? "";
      const responses = (operation.responses ??= {});
      const ok = responses["200"];
      if (id.endsWith("-create") && ok) {
        responses["201"] = { ...ok, description: "Created" };
        delete responses["200"];
        (operation.parameters ??= []).push({
          in: "header",
          name: "Idempotency-Key",
          required: false,
          description: "Makes the create safe to retry for 24 h: the same key and body return the first result; another body is a 409.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        });
      }
      if (id.endsWith("-delete") && ok) {
        responses["204"] = { description: "Deleted" };
        delete responses["200"];
      }
      if (id.endsWith("-update")) {
        (operation.parameters ??= []).push({
          in: "header",
          name: "If-Match",
          required: false,
          description: "The version you read (the thread's ETag), when the body has no expectedVersion.",
          schema: { type: "string" },
        });
      }
      if (id === "posts-get" && ok) {
        ok.headers = { ETag: { description: "The post's version, for If-Match.", schema: { type: "string" } } };
      }
    }
  }
  for (const name of Object.keys(document.components?.schemas ?? {})) {
    if (name.startsWith("error.")) document.components!.schemas![name] = errorBodySchema(name.slice("error.".length));
  }
}
