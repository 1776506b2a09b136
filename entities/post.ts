import { Entity } from "electrodb";
import type { EntityConfiguration, EntityItem } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";
import { attachedImagesAttribute } from "./attachment.js";
import { itemReader } from "./retrieval.js";

const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;
const [gsi1, gsi2] = globalSecondaryIndexes;

/** Post numbers in a sort key: zero-padded, so they sort as numbers (a board may number up to 10^10 - 1). */
export const postNumberDigits = 10;

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
    /** Views (조회), one per reader per hour, added by the stream projector from view marks; absent until the first. */
    viewCount: { type: "number" },
    /** The stream sequence number of the last view mark counted (40 digits, so text order is number order). */
    viewSeq: { type: "string" },
    /** 추천 and 비추천: one vote per reader, counted by the stream projector from the votes; absent until the first. */
    upvotes: { type: "number" },
    downvotes: { type: "number" },
    /** The stream sequence number of the last vote change counted. */
    voteSeq: { type: "string" },
    /** When it reached its board's 베스트 rule (set once, by the projector). */
    bestAt: { type: "string" },
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
    /**
     * Its number on its board (번호): 1, 2, 3… in the order the stream projector sees the board's
     * posts, assigned once and never reused. Absent until the projector numbers it (a second or two).
     */
    number: { type: "number" },
    /**
     * Where it stands in its board's numbered list (gsi2's sort key), derived from its number:
     * the number counted down from 10^10, so a Query in ascending order meets the highest number
     * first — and a post not numbered yet (an empty key) before all of them, so page 1 shows a new
     * post at once, before the projector has numbered it.
     */
    listPlace: {
      type: "string",
      hidden: true,
      watch: ["number"],
      set: (_: unknown, { number }: { number?: number }) =>
        number === undefined ? undefined : String(10 ** postNumberDigits - number).padStart(postNumberDigits, "0"),
    },
    /** When a moderator pinned it as a notice (공지) of its board; absent when it is not one. */
    pinnedAt: { type: "string" },
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
    /**
     * The board's numbered list: a page is a range of numbers, one bounded Query whichever page it
     * is. A post not yet numbered sits at `n#`, below every range.
     */
    byNumber: {
      index: gsi2.name,
      pk: { field: gsi2.partitionKey, composite: ["board"], template: "board#${board}", casing: "none" },
      sk: { field: gsi2.sortKey, composite: ["listPlace"], template: "n#${listPlace}", casing: "none" },
    },
  },
} as const);

export function createPostEntity(config: EntityConfiguration) {
  return trustedEntity(new Entity(postSchema, config));
}

export type PostEntity = ReturnType<typeof createPostEntity>;

/** A post as a read returns it, read without ElectroDB's per-item formatting (entities/retrieval.ts). */
export const postFromItem = itemReader<EntityItem<PostEntity>>(postSchema);
