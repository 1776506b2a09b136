import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey } = tableDefinition;

/**
 * The search index: one small item per (board, token, post), written by the stream projector only.
 * A token's posts share the partition `search#<board>#<token>`, sorted by post id (a ULID), so one
 * descending Query lists the newest posts holding a token. `fields` says where the post holds it,
 * so a title-only search skips the rest without reading the posts.
 */
export const searchEntrySchema = trustedModel({
  model: { entity: "searchEntry", version: "1", service: "board" },
  attributes: {
    board: { type: "string", required: true, readOnly: true },
    token: { type: "string", required: true, readOnly: true },
    postId: { type: "string", required: true, readOnly: true },
    /** Where the post holds the token: any of t (title), b (body), a (author). */
    fields: { type: "string", required: true },
  },
  indexes: {
    byToken: {
      pk: { field: partitionKey, composite: ["board", "token"], template: "search#${board}#${token}", casing: "none" },
      sk: { field: sortKey, composite: ["postId"], template: "post#${postId}", casing: "none" },
    },
  },
} as const);

export function createSearchEntryEntity(config: EntityConfiguration) {
  return trustedEntity(new Entity(searchEntrySchema, config));
}

export type SearchEntryEntity = ReturnType<typeof createSearchEntryEntity>;
