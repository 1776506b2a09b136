import { Service } from "electrodb";
import type { StoreClient } from "./dynamo-client.js";
import { createPostEntity } from "./post.js";
import { createCommentEntity } from "./comment.js";
import { createIdempotencyEntity } from "./idempotency.js";
import { createAttachmentEntity } from "./attachment.js";
import { createSearchEntryEntity } from "./search-entry.js";
import { createViewMarkEntity } from "./view-mark.js";
import { createVoteEntity } from "./vote.js";
import { createPasswordGuardEntity } from "./password-guard.js";
import { createReservedNamesEntity } from "./reserved-names.js";
import { createReportEntity, createReviewEntryEntity } from "./report.js";
import { createBestEntryEntity, createBoardEntity, createBoardStatsEntity, createNoticeEntity, createPostTallyEntity } from "./board.js";

export interface StoreOptions {
  client: StoreClient;
  table: string;
}

/**
 * The board's ElectroDB service: entities plus the collections `thread` (a post and its comments),
 * `boardHead` (a board, its numbers and notices) and `boardList` (every board and its numbers).
 */
export function createBoardService({ client, table }: StoreOptions) {
  const config = { client, table };
  return new Service(
    {
      post: createPostEntity(config),
      comment: createCommentEntity(config),
      idempotency: createIdempotencyEntity(config),
      attachment: createAttachmentEntity(config),
      searchEntry: createSearchEntryEntity(config),
      board: createBoardEntity(config),
      boardStats: createBoardStatsEntity(config),
      notice: createNoticeEntity(config),
      postTally: createPostTallyEntity(config),
      bestEntry: createBestEntryEntity(config),
      viewMark: createViewMarkEntity(config),
      vote: createVoteEntity(config),
      passwordGuard: createPasswordGuardEntity(config),
      reservedNames: createReservedNamesEntity(config),
      report: createReportEntity(config),
      reviewEntry: createReviewEntryEntity(config),
    },
    config,
  );
}

export type BoardService = ReturnType<typeof createBoardService>;

/** The entities as a write transaction's callback receives them (only these can `commit()`). */
export type TransactionEntities = Parameters<Parameters<BoardService["transaction"]["write"]>[0]>[0];
