import { generateOpenApiDocument } from "trpc-to-openapi";
import type { OpenAPIObject } from "trpc-to-openapi";
import type { HeaderObject, OperationObject, ParameterObject, ResponseObject, SchemaObject } from "openapi3-ts/oas31";
import type { AppRouter } from "../router.js";
import type { ApiMeta } from "../trpc.js";
import { limits } from "../limits.js";
import { restBasePath } from "./paths.js";
import { anyOperation } from "../routers/errors.js";

const securityScheme = "editToken";

/** The OpenAPI 3.1 document for the REST face of the router. */
export function buildOpenApiDocument(router: AppRouter): OpenAPIObject {
  const document = generateOpenApiDocument(router, {
    title: "serverless-board",
    version: "0.1.0",
    description:
      "A bulletin board: boards → posts → comments. Reading and writing need no account; a create returns a one-time " +
      "`editToken`, sent as `Authorization: Bearer <editToken>` to edit or delete that item. Errors are `Error` objects.",
    baseUrl: restBasePath,
    tags: ["posts", "comments", "moderation", "meta"],
    securitySchemes: {
      [securityScheme]: { type: "http", scheme: "bearer", description: "The item's edit token (returned by its create), or the moderator token." },
    },
  });
  document.info.license = { name: "MIT", identifier: "MIT" };
  document.tags = [
    { name: "posts", description: "Posts on a board, and threads" },
    { name: "comments", description: "Comments on a post" },
    { name: "moderation", description: "The moderator's tools: reports, the queue, reserved names" },
    { name: "meta", description: "Service status" },
  ];
  document.components ??= {};
  const schemas = document.components.schemas ?? {};
  // trpc-to-openapi names one schema per error code; every error here has the same body.
  document.components.schemas = { ...Object.fromEntries(Object.entries(schemas).filter(([name]) => !name.startsWith("error."))), Error: errorSchema };
  for (const [procedurePath, procedure] of Object.entries(router._def.procedures)) {
    const meta = (procedure as { _def: { meta?: ApiMeta } })._def.meta;
    const operation = meta?.openapi && (document.paths?.[meta.openapi.path]?.[meta.openapi.method.toLowerCase() as "get"] as OperationObject | undefined);
    if (operation) describeOperation(operation, meta, procedurePath);
  }
  return document;
}

/** The methods the document allows on a concrete path (`/posts/01K…`), for 404-vs-405 answers. */
export function allowedMethods(document: OpenAPIObject, path: string): string[] {
  const methods: string[] = [];
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    const pattern = new RegExp(`^${template.replace(/\{[^/}]+\}/g, "[^/]+")}$`);
    if (pattern.test(path))
      methods.push(
        ...Object.keys(item ?? {})
          .filter((key) => /^(get|post|put|patch|delete)$/.test(key))
          .map((key) => key.toUpperCase()),
      );
  }
  return methods;
}

const errorSchema: SchemaObject = {
  type: "object",
  description: "What went wrong. Never a stack trace.",
  required: ["code", "message", "requestId"],
  properties: {
    code: {
      type: "string",
      description:
        "A stable code: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_SUPPORTED, CONFLICT, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE, …",
    },
    message: { type: "string", description: "A sentence for people." },
    requestId: { type: "string", description: "Quote it when reporting a problem." },
    issues: {
      type: "array",
      description: "One entry per invalid field.",
      items: { type: "object", required: ["path", "message"], properties: { path: { type: "string" }, message: { type: "string" } } },
    },
  },
};

const header = (description: string): HeaderObject => ({ description, schema: { type: "string" } });
/** The headers each error status carries, whichever operation answers it. */
const errorHeaders: Record<string, Record<string, HeaderObject>> = {
  "401": { "WWW-Authenticate": header('`Bearer realm="serverless-board"`.') },
  "405": { Allow: header("The methods this path does take.") },
  "429": { "Retry-After": header("Seconds to wait before the next write.") },
  "503": { "Retry-After": header("Seconds to wait before retrying.") },
};
const errorResponse = (status: string, description: string): ResponseObject => ({
  description,
  ...(errorHeaders[status] ? { headers: errorHeaders[status] } : {}),
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** Writes the procedure's REST conventions (ApiMeta.rest) and error answers into its operation. */
function describeOperation(operation: OperationObject, meta: ApiMeta, procedurePath: string): void {
  const rest = meta.rest ?? {};
  operation.description ??= meta.openapi?.summary;
  // Public operations say so: no inherited or tool-assumed bearer requirement.
  if (!meta.openapi?.protect) operation.security = [];
  // A create needs no token, and takes the moderator's when given (the moderator posts as the moderator).
  if (meta.creates) operation.security = [{}, { [securityScheme]: [] }];

  operation.responses ??= {};
  const responses = operation.responses;
  // trpc-to-openapi words each status once for the whole document (the first operation's words);
  // every operation here gets its own, from its errorResponses.
  for (const status of Object.keys(responses)) if (Number(status) >= 400) delete responses[status];
  for (const [status, description] of Object.entries({ ...anyOperation, ...meta.openapi?.errorResponses }))
    responses[status] = errorResponse(status, description);
  responses["405"] = errorResponse("405", "This path does not take this method");
  // Validation: every operation can be sent something it cannot read (a bad header, a malformed path).
  responses["400"] ??= errorResponse("400", "The request could not be read");

  const ok = responses["200"] as ResponseObject | undefined;
  if (ok && rest.successStatus) {
    delete responses["200"];
    responses[String(rest.successStatus)] = rest.successStatus === 204 ? { description: ok.description } : ok;
  }
  if (ok && rest.etag) ok.headers = { ...ok.headers, ETag: header('The item\'s version (`"3"`), for If-Match on the next edit.') };

  operation.parameters ??= [];
  const parameters = operation.parameters as ParameterObject[];
  if (rest.idempotencyKey) {
    parameters.push({
      in: "header",
      name: "Idempotency-Key",
      required: false,
      description: `${limits.idempotencyKey.description} For 24 h the same key and body return the first result (and edit token); another body is a 409.`,
      schema: { type: "string", pattern: limits.idempotencyKey.pattern.source, minLength: 22, maxLength: 255 },
    });
  }
  if (rest.ifMatch) {
    parameters.push({
      in: "header",
      name: "If-Match",
      required: false,
      description: "The version you read (the ETag), when the body has no expectedVersion.",
      schema: { type: "string", pattern: '^(W/)?"?[0-9]{1,15}"?$', maxLength: 19 },
    });
  }
  for (const parameter of parameters) {
    const schema = parameter.schema as SchemaObject | undefined;
    // A query parameter is a string or absent: the null tRPC callers may send has no spelling on the wire.
    const notNull = schema?.anyOf?.filter((option) => (option as SchemaObject).type !== "null");
    if (schema && notNull?.length === 1)
      parameter.schema = { ...(notNull[0] as SchemaObject), ...(schema.description ? { description: schema.description } : {}) };
    parameter.description ??= (parameter.schema as SchemaObject | undefined)?.description ?? `The ${parameter.name} of ${procedurePath}.`;
  }

  // Every integer the API takes is small (page sizes, versions, byte counts): say how small.
  forEachSchema(operation, (schema) => {
    if (schema.type === "integer") schema.format ??= "int32";
  });

  if (rest.requireOneOf) {
    const body = (operation.requestBody as { content?: Record<string, { schema?: SchemaObject }> } | undefined)?.content?.["application/json"]?.schema;
    if (body) body.anyOf = rest.requireOneOf.map((field) => ({ required: [field] }));
  }
}

/** Visits every schema an operation takes (parameters and request body), nested ones included. */
function forEachSchema(operation: OperationObject, visit: (schema: SchemaObject) => void): void {
  const walk = (schema: unknown): void => {
    if (!schema || typeof schema !== "object") return;
    visit(schema as SchemaObject);
    for (const value of Object.values(schema)) (Array.isArray(value) ? value : [value]).forEach(walk);
  };
  for (const parameter of (operation.parameters ?? []) as ParameterObject[]) walk(parameter.schema);
  walk((operation.requestBody as { content?: unknown } | undefined)?.content);
}
