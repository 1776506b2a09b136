import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey, ttlAttribute } = tableDefinition;

/**
 * That one reader viewed one post in one hour: written once (a second view that hour is refused by
 * its key), read by no request. Its stream record is what the projector counts into the post's
 * `viewCount`, so a view writes this small item, never the post every reader reads. A post's marks
 * share a partition, so their records reach the projector in order. DynamoDB's TTL removes them
 * after two days (a count never goes down: it was added when the mark arrived).
 */
export const viewMarkSchema = trustedModel({
  model: { entity: "viewMark", version: "1", service: "board" },
  attributes: {
    postId: { type: "string", required: true, readOnly: true },
    /** The hour it was viewed in (UTC, `2026-12-02T14`). */
    hour: { type: "string", required: true, readOnly: true },
    /** A keyed hash of the reader's client key (never the address). */
    viewer: { type: "string", required: true, readOnly: true },
    [ttlAttribute]: { type: "number", required: true },
  },
  indexes: {
    byPost: {
      pk: { field: partitionKey, composite: ["postId"], template: "views#${postId}", casing: "none" },
      sk: { field: sortKey, composite: ["hour", "viewer"], template: "${hour}#${viewer}", casing: "none" },
    },
  },
} as const);

export const createViewMarkEntity = (config: EntityConfiguration) => trustedEntity(new Entity(viewMarkSchema, config));
export type ViewMarkEntity = ReturnType<typeof createViewMarkEntity>;
