import type { BoardService } from "../entities/service.js";
import { rawStoreErrors } from "../entities/store-errors.js";

export interface NumberDeps {
  service: BoardService;
}

/** After this many lost races for a board's next number, the batch is retried instead. */
const maxAttempts = 8;

type Outcome = "numbered" | "already" | "gone";

/**
 * Gives a new post the next number of its board (번호), once: one transaction sets the board's
 * `lastNumber` only if it is still the one read, the post's `number` only if it has none, and
 * writes the tally that says the post is counted in `postCount`. A redelivered record finds the
 * post numbered and does nothing; two projectors numbering posts of one board (posts on two shards)
 * cannot both take a number — the loser reads again and takes the next. Only the projector
 * writes a board's numbers, so no request ever waits on that shared item.
 */
export async function numberPost(deps: NumberDeps, postId: string): Promise<Outcome> {
  const { post, boardStats } = deps.service.entities;
  for (let attempt = 1; ; attempt++) {
    const { data: current } = await post
      .get({ postId })
      .go({ ...rawStoreErrors, consistent: true, attributes: ["board", "postId", "number", "createdAt", "deletedAt"] });
    if (!current || current.deletedAt !== undefined) return "gone";
    if (current.number !== undefined) return "already";
    const { board, createdAt } = current;
    const { data: stats } = await boardStats.get({ board }).go({ ...rawStoreErrors, consistent: true });
    const next = (stats?.lastNumber ?? 0) + 1;
    const result = await deps.service.transaction
      .write((entities) => [
        // The board's first post creates its numbers (a put writes every key, gsi1's listing too).
        stats === null || stats === undefined
          ? entities.boardStats.create({ board, lastNumber: next, postCount: 1, lastPostAt: createdAt }).commit()
          : entities.boardStats
              .patch({ board })
              .set({ lastNumber: next, lastPostAt: createdAt })
              .add({ postCount: 1 })
              .where(({ lastNumber }, { eq }) => eq(lastNumber, stats.lastNumber))
              .commit(),
        entities.post
          .patch({ postId })
          // gsi2's partition key (the board) was written with the post; the number completes its sort key.
          .set({ number: next })
          .where(({ number, deletedAt }, { notExists }) => `${notExists(number)} AND ${notExists(deletedAt)}`)
          .commit(),
        entities.postTally.create({ postId, board }).commit(),
      ])
      .go();
    if (!result.canceled) return "numbered";
    // Cancelled: another projector took the number, or the post changed (deleted, numbered). Read again.
    if (attempt === maxAttempts) throw new Error(`post ${postId}: its board's next number was taken ${maxAttempts} times in a row`);
  }
}

/**
 * A removed post leaves its board's `postCount`, once: the tally is deleted only if it exists, in
 * the same transaction as the count goes down (its number is never given again).
 */
export async function uncountPost(deps: NumberDeps, removed: { postId: string; board: string }): Promise<"uncounted" | "not-counted"> {
  for (let attempt = 1; ; attempt++) {
    const result = await deps.service.transaction
      .write((entities) => [
        entities.postTally
          .delete({ postId: removed.postId })
          .where(({ board }, { eq }) => eq(board, removed.board))
          .commit(),
        entities.boardStats.patch({ board: removed.board }).add({ postCount: -1 }).commit(),
      ])
      .go();
    if (!result.canceled) return "uncounted";
    const reasons = result.data as { code?: string }[];
    if (reasons[0]?.code === "ConditionalCheckFailed") return "not-counted";
    if (attempt === maxAttempts) throw new Error(`post ${removed.postId}: its board's count was busy ${maxAttempts} times in a row`);
  }
}
