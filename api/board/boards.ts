import type { EntityItem } from "electrodb";
import type { BoardEntity, BoardStatsEntity, NoticeEntity } from "../../entities/board.js";
import { postNumberDigits, postFromItem } from "../../entities/post.js";
import { readItems } from "../../entities/retrieval.js";
import type { PostEntity } from "../../entities/post.js";
import type { Actor, BoardDeps } from "./deps.js";
import { BoardError, isConditionalCheckFailure, postNotFound, rawStoreErrors } from "./errors.js";
import { assertModerator as assertModeratorToken } from "./tokens.js";
import { toPage } from "./views.js";
import { limits } from "../limits.js";

type StoredBoard = EntityItem<BoardEntity>;
type StoredStats = EntityItem<BoardStatsEntity>;
type StoredNotice = EntityItem<NoticeEntity>;
type StoredPost = EntityItem<PostEntity>;

/** A board as the list and its pages show it: the moderator's words and the projector's numbers. */
export interface BoardView {
  board: string;
  name: string;
  description: string;
  position: number;
  version: number;
  postCount: number;
  lastNumber: number;
  lastPostAt: string | null;
  /** The 베스트 rule: this many 추천 within this many days of being written. */
  best: { upvotes: number; days: number };
}

/** A post's row in a board's list (and a notice's): no text, so a page stays small. */
export interface PostRow {
  postId: string;
  number?: number;
  title: string;
  author: string;
  posterTag?: string;
  byModerator: boolean;
  createdAt: string;
  commentCount: number;
  viewCount: number;
  upvotes: number;
  imageCount: number;
  pinned: boolean;
  /** Hidden pending the moderator's review: its title is withheld (empty). */
  hidden: boolean;
}

export interface BoardPage {
  board: BoardView;
  /** The board's notices (공지), newest pinned first: the same on every page. */
  notices: PostRow[];
  posts: PostRow[];
  page: number;
  pageCount: number;
}

export const noSuchBoard = (board: string) => new BoardError("NOT_FOUND", `No board is called "${board}".`);

function boardView(board: StoredBoard, stats: StoredStats | undefined): BoardView {
  return {
    board: board.board,
    name: board.name,
    description: board.description,
    position: board.position,
    version: board.version,
    postCount: stats?.postCount ?? 0,
    lastNumber: stats?.lastNumber ?? 0,
    lastPostAt: stats?.lastPostAt ?? null,
    best: { upvotes: board.bestUpvotes ?? limits.best.upvotes, days: board.bestDays ?? limits.best.days },
  };
}

const postRow = (post: StoredPost): PostRow => ({
  postId: post.postId,
  ...(post.number !== undefined ? { number: post.number } : {}),
  title: post.hiddenAt !== undefined ? "" : post.title,
  author: post.author,
  ...(post.posterTag !== undefined ? { posterTag: post.posterTag } : {}),
  byModerator: post.byModerator ?? false,
  createdAt: post.createdAt,
  commentCount: post.commentCount,
  viewCount: post.viewCount ?? 0,
  upvotes: post.upvotes ?? 0,
  imageCount: post.hiddenAt !== undefined ? 0 : (post.attachments?.length ?? 0),
  pinned: post.pinnedAt !== undefined,
  hidden: post.hiddenAt !== undefined,
});

const noticeRow = (notice: StoredNotice): PostRow => ({
  postId: notice.postId,
  ...(notice.number !== undefined ? { number: notice.number } : {}),
  title: notice.hidden ? "" : notice.title,
  author: notice.author,
  ...(notice.posterTag !== undefined ? { posterTag: notice.posterTag } : {}),
  byModerator: notice.byModerator ?? false,
  createdAt: notice.createdAt,
  commentCount: notice.commentCount,
  viewCount: notice.viewCount ?? 0,
  upvotes: notice.upvotes ?? 0,
  imageCount: 0,
  pinned: true,
  hidden: notice.hidden ?? false,
});

/** Which numbers page `page` holds: the newest `size` numbers on page 1, the next on page 2… */
export function pageRange(lastNumber: number, page: number, size: number = limits.boardPage.size): { from: number; to: number } | undefined {
  const to = lastNumber - (page - 1) * size;
  if (to < 1) return undefined;
  return { from: Math.max(1, to - size + 1), to };
}

/** A number's place in gsi2's sort key (see entities/post.ts): counted down, so ascending meets the highest first. */
const listPlaceOf = (number: number) => String(10 ** postNumberDigits - number).padStart(postNumberDigits, "0");

export const pageCountOf = (lastNumber: number, size: number = limits.boardPage.size) => Math.max(1, Math.ceil(lastNumber / size));

export function createBoardListOperations(deps: BoardDeps) {
  const { entities } = deps.service;

  const assertModerator = (actor: Actor) => assertModeratorToken(actor.token, deps.ownership);

  /** Every board with its numbers, in the moderator's order: one Query on gsi1. */
  async function list(): Promise<BoardView[]> {
    const { data } = await deps.service.collections.boardList({}).go({ ...rawStoreErrors, pages: "all" });
    const stats = new Map(data.boardStats.map((item) => [item.board, item]));
    return data.board.map((item) => boardView(item, stats.get(item.board))).sort((a, b) => a.position - b.position || a.board.localeCompare(b.board));
  }

  return {
    list,

    /**
     * One numbered page of a board, with its notices: one Query for the board's head (what it is,
     * its numbers, its notices), one for the page's range of numbers — the same work on page 1 and
     * on page 500. A number whose post was deleted leaves its place on the page empty.
     */
    async page(input: { board: string; page: number }): Promise<BoardPage> {
      const { data: head } = await deps.service.collections.boardHead({ board: input.board }).go(rawStoreErrors);
      const [meta] = head.board;
      if (!meta) throw noSuchBoard(input.board);
      const view = boardView(meta, head.boardStats[0]);
      const notices = head.notice.sort((a, b) => b.pinnedAt.localeCompare(a.pinnedAt)).map(noticeRow);
      const range = pageRange(view.lastNumber, input.page);
      let posts: PostRow[] = [];
      if (range || input.page === 1) {
        // Ascending on the list's place: the highest number first; on page 1, posts the projector
        // has not numbered yet (written a moment ago) come before them all, newest first.
        const from = listPlaceOf(range?.from ?? 1);
        // Bounded even while the projector lags behind a flood of new posts on page 1.
        const bound = limits.boardPage.size * 2;
        const items =
          input.page === 1 || !range
            ? await deps.reads.numberedFrom.items({ board: input.board, from }, bound)
            : await deps.reads.numberedBetween.items({ board: input.board, to: listPlaceOf(range.to), from }, bound);
        const read = readItems(items, postFromItem);
        const live = read.filter((item) => item.deletedAt === undefined);
        const fresh = live.filter((item) => item.number === undefined).sort((a, b) => b.postId.localeCompare(a.postId));
        posts = [...fresh, ...live.filter((item) => item.number !== undefined)].map(postRow);
      }
      return { board: view, notices, posts, page: input.page, pageCount: pageCountOf(view.lastNumber) };
    },

    /**
     * A board's 베스트: the posts that reached its rule, newest first, a page at a time: one Query,
     * with the board's rule read beside it (a GetItem, at the same time).
     */
    async best(input: {
      board: string;
      limit: number;
      cursor?: string | null | undefined;
    }): Promise<{ items: PostRow[]; nextCursor: string | null; rule: { upvotes: number; days: number } }> {
      const scope = `best:${input.board}`;
      const after = input.cursor ? deps.cursors.decode(scope, input.cursor) : undefined;
      const query = after
        ? deps.service.entities.bestEntry.query.byBoard({ board: input.board }).lt({ postId: after })
        : deps.service.entities.bestEntry.query.byBoard({ board: input.board });
      const [{ data }, { data: meta }] = await Promise.all([
        query.go({ ...rawStoreErrors, order: "desc", limit: input.limit + 1 }),
        entities.board.get({ board: input.board }).go(rawStoreErrors),
      ]);
      if (!meta) throw noSuchBoard(input.board);
      const page = toPage(
        data,
        input.limit,
        (entry) => ({ ...noticeRow({ ...entry, pinnedAt: entry.bestAt }), pinned: false }),
        (entry) => deps.cursors.encode(scope, entry.postId),
      );
      return { ...page, rule: { upvotes: meta.bestUpvotes ?? limits.best.upvotes, days: meta.bestDays ?? limits.best.days } };
    },

    /** A new board, last in the list. The slug is its URL and never changes; the name can. */
    async create(input: { board: string; name: string; description: string }, actor: Actor): Promise<BoardView> {
      assertModerator(actor);
      const boards = await list();
      const now = deps.now().toISOString();
      const record = {
        ...input,
        position: Math.max(0, ...boards.map((item) => item.position)) + 1,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      try {
        await entities.board.create(record).go(rawStoreErrors);
      } catch (error) {
        if (isConditionalCheckFailure(error)) throw new BoardError("CONFLICT", `A board called "${input.board}" exists already.`);
        throw error;
      }
      return boardView(record, undefined);
    },

    /** Renames a board, says what it is for, or moves it in the list (stale versions get 409). */
    async update(
      input: {
        board: string;
        name?: string | undefined;
        description?: string | undefined;
        position?: number | undefined;
        bestUpvotes?: number | undefined;
        bestDays?: number | undefined;
        expectedVersion: number;
      },
      actor: Actor,
    ): Promise<BoardView> {
      assertModerator(actor);
      const { board: slug, expectedVersion, ...fields } = input;
      const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      try {
        const { data } = await entities.board
          .patch({ board: slug })
          .set({ ...changes, updatedAt: deps.now().toISOString() })
          .add({ version: 1 })
          .where(({ version }, { eq }) => eq(version, expectedVersion))
          .go({ ...rawStoreErrors, response: "all_new" });
        return boardView(data as StoredBoard, undefined);
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
        const { data: current } = await entities.board.get({ board: slug }).go({ ...rawStoreErrors, consistent: true });
        if (!current) throw noSuchBoard(slug);
        throw new BoardError("CONFLICT", `The board was changed since you read it: it is now at version ${current.version}.`);
      }
    },

    /**
     * Pins a post as a notice of its board (공지), or unpins it. The post says so; its notice row is
     * kept by the stream projector (a second or two later), so pinning writes only the post.
     */
    async pin(input: { postId: string; pinned: boolean }, actor: Actor): Promise<{ postId: string; pinned: boolean }> {
      assertModerator(actor);
      const { data: current } = await entities.post
        .get({ postId: input.postId })
        .go({ ...rawStoreErrors, consistent: true, attributes: ["board", "deletedAt"] });
      if (!current || current.deletedAt !== undefined) throw postNotFound();
      if (input.pinned) {
        const { data: head } = await deps.service.collections.boardHead({ board: current.board }).go(rawStoreErrors);
        const others = head.notice.filter((notice) => notice.postId !== input.postId);
        if (others.length >= limits.noticesPerBoard)
          throw new BoardError("CONFLICT", `A board shows at most ${limits.noticesPerBoard} notices: unpin one first.`);
      }
      try {
        const patch = entities.post.patch({ postId: input.postId });
        const changed = input.pinned ? patch.set({ pinnedAt: deps.now().toISOString() }) : patch.remove(["pinnedAt"]);
        await changed.where(({ deletedAt }, { notExists }) => notExists(deletedAt)).go(rawStoreErrors);
      } catch (error) {
        throw isConditionalCheckFailure(error) ? postNotFound() : error;
      }
      return { postId: input.postId, pinned: input.pinned };
    },
  };
}

export type BoardListOperations = ReturnType<typeof createBoardListOperations>;
