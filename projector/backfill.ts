import type { EntityItem } from "electrodb";
import type { PostEntity } from "../entities/post.js";
import type { ProjectorDeps } from "./projector-function.js";
import { recountComments } from "./comment-counts.js";
import { reindexPost } from "./search-index.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";
import { numberPost } from "./board-numbers.js";

/**
 * Derived data for posts written before the projector kept it (a board upgraded in place, or local
 * data from an older version): every post of a board is indexed and its comments recounted, with
 * the projector's own idempotent writes (safe beside a running projector: puts of the same entries,
 * and counts guarded by countRevision). Reads each board with one Query a page on gsi1, oldest
 * first, and numbers the posts that have no number in that order (a board opened before it had
 * numbers gets 1, 2, 3… by age); a board with posts but no entry in the board list is opened under
 * its slug, for the moderator to name.
 */
export async function backfillBoard(deps: ProjectorDeps, board: string, onPage: (posts: number) => void = () => {}) {
  let posts = 0;
  let indexEntries = 0;
  let cursor: string | null = null;
  await openIfMissing(deps, board);
  do {
    const page: { data: StoredPost[]; cursor: string | null } = await deps.post.query.byBoard({ board }).go({ ...rawStoreErrors, cursor, limit: 100 });
    const live = page.data.filter((post) => post.deletedAt === undefined);
    for (const post of live) {
      if (post.number !== undefined) continue;
      // Written again whole (unless it changed meanwhile), so it has every index key this version keeps, then numbered.
      await deps.post
        .put(post)
        .where(({ version }, { eq }) => eq(version, post.version))
        .go(rawStoreErrors)
        .catch((error: unknown) => {
          if (!isConditionalCheckFailure(error)) throw error;
        });
      await numberPost(deps, post.postId);
    }
    await Promise.all(
      live.map(async (post) => {
        const { put } = await reindexPost(deps.searchEntry, {
          board,
          postId: post.postId,
          states: [undefined, { board, postId: post.postId, title: post.title, body: post.body, author: post.author }],
        });
        indexEntries += put;
        await recountComments(deps, post.postId);
      }),
    );
    posts += live.length;
    onPage(posts);
    cursor = page.cursor;
  } while (cursor);
  return { board, posts, indexEntries };
}

type StoredPost = EntityItem<PostEntity>;

async function openIfMissing(deps: ProjectorDeps, board: string): Promise<void> {
  const now = new Date().toISOString();
  const { data } = await deps.service.collections.boardList({}).go({ ...rawStoreErrors, pages: "all" });
  const position = Math.max(0, ...data.board.map((item) => item.position)) + 1;
  await deps.service.entities.board
    .create({ board, name: board, description: "", position, createdAt: now, updatedAt: now, version: 1 })
    .go(rawStoreErrors)
    .catch((error: unknown) => {
      if (!isConditionalCheckFailure(error)) throw error;
    });
}
