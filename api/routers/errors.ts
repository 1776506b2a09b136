/** The error statuses each kind of operation can answer with, for the OpenAPI document. */
const common = { 400: "Invalid input (see `issues`)", 413: "Request body over 64 KiB", 429: "Too many requests", 503: "Store unavailable; retry after `Retry-After`" };

export const errors = {
  read: common,
  readOne: { ...common, 404: "Not found" },
  create: { ...common, 409: "Idempotency-Key reused with a different request", 415: "Body is not application/json" },
  createIn: { ...common, 404: "The post does not exist", 409: "Idempotency-Key reused with a different request", 415: "Body is not application/json" },
  change: { ...common, 401: "No edit token", 403: "Not this item's edit token", 404: "Not found", 409: "Version conflict: the item changed since you read it", 415: "Body is not application/json" },
  remove: { ...common, 401: "No edit token", 403: "Not this item's edit token", 404: "Not found" },
} satisfies Record<string, Record<number, string>>;
