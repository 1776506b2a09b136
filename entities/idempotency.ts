import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey, ttlAttribute } = tableDefinition;

/**
 * The outcome of a create made with an Idempotency-Key, kept for a day (DynamoDB's TTL removes
 * it) so a repeated request gets the first answer instead of a second item. The key is stored
 * only as a hash; the result holds no secrets.
 */
export const idempotencySchema = trustedModel({
  model: { entity: "idempotency", version: "1", service: "board" },
  attributes: {
    keyHash: { type: "string", required: true, readOnly: true },
    operation: { type: "string", required: true, readOnly: true },
    requestHash: { type: "string", required: true, readOnly: true },
    result: { type: "string", required: true, readOnly: true },
    [ttlAttribute]: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byKey: {
      pk: { field: partitionKey, composite: ["keyHash"], template: "idem#${keyHash}", casing: "none" },
      sk: { field: sortKey, composite: [], template: "idem", casing: "none" },
    },
  },
} as const);

export function createIdempotencyEntity(config: EntityConfiguration) {
  return trustedEntity(new Entity(idempotencySchema, config));
}
