import type { ProjectorDeps } from "./projector-function.js";
import { recountComments } from "./comment-counts.js";
import { reindexPost } from "./search-index.js";
import { rawStoreErrors } from "../entities/store-errors.js";

/**
 * Derived data for posts written before the projector kept it (a board upgraded in place, or local
 * data from an older version): every post of a board is indexed and its comments recounted, with
 * the projector's own idempotent writes (safe beside a running projector: puts of the same entries,
 * and counts guarded by countRevision). Reads each board with one Query a page on gsi1.
 */
export async function backfillBoard(deps: ProjectorDeps, board: string, onPage: (posts: number) => void = () => {}) {
  let posts = 0;
  let indexEntries = 0;
  let cursor: string | null = null;
  do {
    const page: { data: { board: string; postId: string; title: string; body: string; author: string; deletedAt?: string }[]; cursor: string | null } =
      await deps.post.query.byBoard({ board }).go({ ...rawStoreErrors, cursor, limit: 100 });
    const live = page.data.filter((post) => post.deletedAt === undefined);
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
