import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";
import { attachedImagesAttribute } from "./attachment.js";

const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;
const [gsi1] = globalSecondaryIndexes;

/**
 * A post is the head of its thread: it shares the partition `post#<postId>` with its comments,
 * and its sort key `thread` sorts before every `thread#comment#…` key, so one ascending Query
 * returns the post first and then its oldest comments.
 */
export const postSchema = trustedModel({
  model: { entity: "post", version: "1", service: "board" },
  attributes: {
    board: { type: "string", required: true, readOnly: true },
    postId: { type: "string", required: true, readOnly: true },
    title: { type: "string", required: true },
    body: { type: "string", required: true },
    author: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    version: { type: "number", required: true },
    /** Derived by the stream projector from the post's comments; it may lag by the projector's delay. */
    commentCount: { type: "number", required: true },
    /** Bumped by every count the projector writes: a count read before another was written is never written over it. */
    countRevision: { type: "number" },
    attachments: attachedImagesAttribute,
    editTokenHash: { type: "string", required: true, readOnly: true },
    /** Set while a delete is in progress, so a retried delete can finish it. */
    deletedAt: { type: "string" },
  },
  indexes: {
    byId: {
      collection: "thread",
      pk: { field: partitionKey, composite: ["postId"], template: "post#${postId}", casing: "none" },
      sk: { field: sortKey, composite: [], template: "thread", casing: "none" },
    },
    byBoard: {
      index: gsi1.name,
      pk: { field: gsi1.partitionKey, composite: ["board"], template: "board#${board}", casing: "none" },
      sk: { field: gsi1.sortKey, composite: ["postId"], template: "post#${postId}", casing: "none" },
    },
  },
} as const);

export function createPostEntity(config: EntityConfiguration) {
  return trustedEntity(new Entity(postSchema, config));
}

export type PostEntity = ReturnType<typeof createPostEntity>;
