import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey } = tableDefinition;

/**
 * One reader's 추천 (up) or 비추천 (down) of one post: its own item, so voters never write an item
 * another voter writes. Changing one's mind overwrites it; taking it back deletes it. The stream
 * projector turns each change into the post's `upvotes`/`downvotes`. A post's votes share a
 * partition, so their records come in order on one shard.
 */
export const voteSchema = trustedModel({
  model: { entity: "vote", version: "1", service: "board" },
  attributes: {
    postId: { type: "string", required: true, readOnly: true },
    /** A keyed hash of the voter's client key (never the address). */
    voter: { type: "string", required: true, readOnly: true },
    value: { type: ["up", "down"] as const, required: true },
    votedAt: { type: "string", required: true },
  },
  indexes: {
    byPost: {
      pk: { field: partitionKey, composite: ["postId"], template: "votes#${postId}", casing: "none" },
      sk: { field: sortKey, composite: ["voter"], template: "voter#${voter}", casing: "none" },
    },
  },
} as const);

export const createVoteEntity = (config: EntityConfiguration) => trustedEntity(new Entity(voteSchema, config));
export type VoteEntity = ReturnType<typeof createVoteEntity>;
