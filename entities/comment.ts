import { Entity } from "electrodb";
import type { EntityConfiguration, EntityItem } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";
import { attachedImagesAttribute } from "./attachment.js";
import { itemReader } from "./retrieval.js";

const { partitionKey, sortKey } = tableDefinition;

/** Comments live in their post's partition, ordered by their ULID (oldest first). */
export const commentSchema = trustedModel({
  model: { entity: "comment", version: "1", service: "board" },
  attributes: {
    postId: { type: "string", required: true, readOnly: true },
    commentId: { type: "string", required: true, readOnly: true },
    body: { type: "string", required: true },
    author: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    version: { type: "number", required: true },
    attachments: attachedImagesAttribute,
    editTokenHash: { type: "string", required: true, readOnly: true },
    /** Its 비밀번호's scrypt hash (api/board/passwords.ts), when its author gave one; never shown. */
    passwordHash: { type: "string", readOnly: true },
    /**
     * Who wrote it, told apart without an account: a short keyed hash of the writer's client key for
     * this board and this day (api/board/poster-identity.ts), like a 5ch ID; absent on the moderator's.
     */
    posterTag: { type: "string", readOnly: true },
    /** Written by the moderator (with the moderator token), who alone may use the reserved names. */
    byModerator: { type: "boolean", readOnly: true },
    /** When it was hidden pending the moderator's review (too many reports, or the moderator's decision); absent when shown. */
    hiddenAt: { type: "string" },
  },
  indexes: {
    byPost: {
      collection: "thread",
      pk: { field: partitionKey, composite: ["postId"], template: "post#${postId}", casing: "none" },
      sk: { field: sortKey, composite: ["commentId"], template: "thread#comment#${commentId}", casing: "none" },
    },
  },
} as const);

export function createCommentEntity(config: EntityConfiguration) {
  return trustedEntity(new Entity(commentSchema, config));
}

export type CommentEntity = ReturnType<typeof createCommentEntity>;

/** A comment as a read returns it, read without ElectroDB's per-item formatting (entities/retrieval.ts). */
export const commentFromItem = itemReader<EntityItem<CommentEntity>>(commentSchema);
