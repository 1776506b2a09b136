import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey, ttlAttribute } = tableDefinition;

/**
 * How many password attempts were made on one post or comment in one window: by one client
 * (`who` = a keyed hash of its client key) and by everyone (`who` = `all`). Taken before the
 * password is checked, so concurrent guesses cannot slip past the bound; DynamoDB's TTL removes
 * old windows. Only password attempts on that one item write these, never a reader.
 */
export const passwordGuardSchema = trustedModel({
  model: { entity: "passwordGuard", version: "1", service: "board" },
  attributes: {
    /** `post#<postId>` or `comment#<postId>#<commentId>`. */
    item: { type: "string", required: true, readOnly: true },
    who: { type: "string", required: true, readOnly: true },
    window: { type: "string", required: true, readOnly: true },
    attempts: { type: "number" },
    [ttlAttribute]: { type: "number" },
  },
  indexes: {
    byItem: {
      pk: { field: partitionKey, composite: ["item"], template: "guard#${item}", casing: "none" },
      sk: { field: sortKey, composite: ["who", "window"], template: "${who}#${window}", casing: "none" },
    },
  },
} as const);

export const createPasswordGuardEntity = (config: EntityConfiguration) => trustedEntity(new Entity(passwordGuardSchema, config));
export type PasswordGuardEntity = ReturnType<typeof createPasswordGuardEntity>;
