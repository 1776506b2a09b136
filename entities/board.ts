import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;
const [gsi1] = globalSecondaryIndexes;

/**
 * A board's head lives in its own partition `board#<slug>`: what the moderator says of it (this
 * entity), its numbers (boardStats, the projector's) and its notices (notice, the projector's), so
 * one Query reads all three for a page. Every board is also listed under `boards` on gsi1, so the
 * home page is one Query whatever the number of boards.
 */
const head = <S extends string>(sk: S) =>
  ({
    collection: "boardHead",
    pk: { field: partitionKey, composite: ["board"], template: "board#${board}", casing: "none" },
    sk: { field: sortKey, composite: [], template: sk, casing: "none" },
  }) as const;
const listed = <S extends string>(sk: S) =>
  ({
    collection: "boardList",
    index: gsi1.name,
    pk: { field: gsi1.partitionKey, composite: [], template: "boards", casing: "none" },
    sk: { field: gsi1.sortKey, composite: ["board"], template: sk, casing: "none" },
  }) as const;

/** What the moderator says of a board; written by moderators only. */
export const boardSchema = trustedModel({
  model: { entity: "board", version: "1", service: "board" },
  attributes: {
    /** The slug: the board's URL key, never changed. */
    board: { type: "string", required: true, readOnly: true },
    /** Its display name, in any language (자유게시판). */
    name: { type: "string", required: true },
    description: { type: "string", required: true },
    /** Where it stands in the board list: smaller first. */
    position: { type: "number", required: true },
    /** The 베스트 rule: a post enters the board's best list with this many 추천… */
    bestUpvotes: { type: "number" },
    /** …within this many days of being written. */
    bestDays: { type: "number" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    version: { type: "number", required: true },
  },
  indexes: { byId: head("board"), all: listed("board#${board}") },
} as const);

/**
 * A board's numbers, written by the stream projector only: the last post number it gave, how many
 * posts live, when the last one was written.
 */
export const boardStatsSchema = trustedModel({
  model: { entity: "boardStats", version: "1", service: "board" },
  attributes: {
    board: { type: "string", required: true, readOnly: true },
    lastNumber: { type: "number", required: true },
    postCount: { type: "number", required: true },
    lastPostAt: { type: "string" },
  },
  indexes: { byId: head("stats"), all: listed("board#${board}#stats") },
} as const);

/** A post's list row as a board's notices and 베스트 keep a copy of it (the projector keeps it in step). */
const listRowAttributes = {
  board: { type: "string", required: true, readOnly: true },
  postId: { type: "string", required: true, readOnly: true },
  title: { type: "string", required: true },
  author: { type: "string", required: true },
  posterTag: { type: "string" },
  byModerator: { type: "boolean" },
  /** The post is hidden pending review: its row shows no title. */
  hidden: { type: "boolean" },
  createdAt: { type: "string", required: true },
  commentCount: { type: "number", required: true },
  viewCount: { type: "number" },
  upvotes: { type: "number" },
  number: { type: "number" },
} as const;

/** A notice (공지): a copy of a pinned post's list row, kept by the stream projector from the post. */
export const noticeSchema = trustedModel({
  model: { entity: "notice", version: "1", service: "board" },
  attributes: { ...listRowAttributes, pinnedAt: { type: "string", required: true } },
  indexes: {
    byId: {
      collection: "boardHead",
      pk: { field: partitionKey, composite: ["board"], template: "board#${board}", casing: "none" },
      sk: { field: sortKey, composite: ["postId"], template: "notice#${postId}", casing: "none" },
    },
  },
} as const);

/**
 * A 베스트 entry: a copy of the list row of a post that reached the board's rule, kept by the stream
 * projector from the post (once in, it stays, as on the boards people know, until it is deleted).
 * The board's entries share a partition sorted by post id, so the 베스트 tab is one Query, newest first.
 */
export const bestEntrySchema = trustedModel({
  model: { entity: "bestEntry", version: "1", service: "board" },
  attributes: { ...listRowAttributes, bestAt: { type: "string", required: true } },
  indexes: {
    byBoard: {
      pk: { field: partitionKey, composite: ["board"], template: "best#${board}", casing: "none" },
      sk: { field: sortKey, composite: ["postId"], template: "post#${postId}", casing: "none" },
    },
  },
} as const);

/**
 * That a post is counted in its board's `postCount`: written with its number, removed when the
 * post's removal is counted, so a redelivered record never counts twice.
 */
export const postTallySchema = trustedModel({
  model: { entity: "postTally", version: "1", service: "board" },
  attributes: {
    postId: { type: "string", required: true, readOnly: true },
    board: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byId: {
      pk: { field: partitionKey, composite: ["postId"], template: "tally#${postId}", casing: "none" },
      sk: { field: sortKey, composite: [], template: "tally", casing: "none" },
    },
  },
} as const);

export const createBoardEntity = (config: EntityConfiguration) => trustedEntity(new Entity(boardSchema, config));
export const createBoardStatsEntity = (config: EntityConfiguration) => trustedEntity(new Entity(boardStatsSchema, config));
export const createNoticeEntity = (config: EntityConfiguration) => trustedEntity(new Entity(noticeSchema, config));
export const createBestEntryEntity = (config: EntityConfiguration) => trustedEntity(new Entity(bestEntrySchema, config));
export const createPostTallyEntity = (config: EntityConfiguration) => trustedEntity(new Entity(postTallySchema, config));

export type BoardEntity = ReturnType<typeof createBoardEntity>;
export type BoardStatsEntity = ReturnType<typeof createBoardStatsEntity>;
export type NoticeEntity = ReturnType<typeof createNoticeEntity>;
export type BestEntryEntity = ReturnType<typeof createBestEntryEntity>;
export type PostTallyEntity = ReturnType<typeof createPostTallyEntity>;
