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
  /** Told each time the service builds an entity (tests hold that a cold start builds only what it uses). */
  onEntityBuilt?: (name: string) => void;
}

/** Every entity of the board, by the name the code uses for it. */
const entityFactories = {
  post: createPostEntity,
  comment: createCommentEntity,
  idempotency: createIdempotencyEntity,
  attachment: createAttachmentEntity,
  searchEntry: createSearchEntryEntity,
  board: createBoardEntity,
  boardStats: createBoardStatsEntity,
  notice: createNoticeEntity,
  postTally: createPostTallyEntity,
  bestEntry: createBestEntryEntity,
  viewMark: createViewMarkEntity,
  vote: createVoteEntity,
  passwordGuard: createPasswordGuardEntity,
  reservedNames: createReservedNamesEntity,
  report: createReportEntity,
  reviewEntry: createReviewEntryEntity,
};
type Entities = { [Name in keyof typeof entityFactories]: ReturnType<(typeof entityFactories)[Name]> };

/** The ElectroDB Service of all of them (its type is the board's service's type). */
const joined = (entities: Entities, config: { client: StoreClient; table: string }) => new Service(entities, config);
type FullService = ReturnType<typeof joined>;

/**
 * The board's ElectroDB service: entities plus the collections `thread` (a post and its comments),
 * `boardHead` (a board, its numbers and notices) and `boardList` (every board and its numbers).
 *
 * Built as it is used, not all at once: ElectroDB turns each model into an Entity when it is
 * constructed (≈ 0.6 ms an entity on a cold start, 16 of them), so an entity is built on its first
 * use, a collection joins only its own members, and a transaction's Service (which hands its
 * callback every entity) is joined on the first transaction. A cold start's first request pays for
 * what it uses (docs/performance.md#levers-measured-in-instructions). ElectroDB's `join` only sets
 * an entity's table and client, the same for every Service here, so an entity may join two.
 */
export function createBoardService({ client, table, onEntityBuilt }: StoreOptions): Pick<FullService, "entities" | "collections" | "transaction"> {
  const config = { client, table };
  const built: Partial<Entities> = {};
  const entities = {} as Entities;
  for (const name of Object.keys(entityFactories) as (keyof Entities)[])
    Object.defineProperty(entities, name, {
      enumerable: true,
      get: () => {
        if (!built[name]) {
          built[name] = entityFactories[name](config) as never;
          onEntityBuilt?.(name);
        }
        return built[name];
      },
    });
  const once = <T>(make: () => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const threadService = once(() => new Service({ post: entities.post, comment: entities.comment }, config));
  const boardsService = once(() => new Service({ board: entities.board, boardStats: entities.boardStats, notice: entities.notice }, config));
  const fullService = once(() => joined({ ...entities }, config));
  /** A collection of the full service's type, served by the small Service that holds its members. */
  const collection = <Name extends keyof FullService["collections"]>(service: () => { collections: object }, name: Name) =>
    ((...args: never[]) => (service().collections as Record<Name, (...a: never[]) => unknown>)[name](...args)) as FullService["collections"][Name];
  const collections = {
    thread: collection(threadService, "thread"),
    boardHead: collection(boardsService, "boardHead"),
    boardList: collection(boardsService, "boardList"),
  } as FullService["collections"];
  return {
    entities,
    collections,
    get transaction() {
      return fullService().transaction;
    },
  };
}

export type BoardService = ReturnType<typeof createBoardService>;

/** The entities as a write transaction's callback receives them (only these can `commit()`). */
export type TransactionEntities = Parameters<Parameters<BoardService["transaction"]["write"]>[0]>[0];
