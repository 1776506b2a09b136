import type { BoardService } from "../entities/service.js";
import type { PostEntity } from "../entities/post.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";

import { limits } from "../api/limits.js";

/** A board's 베스트 rule when its moderator set none (api/limits.ts). */
export const defaultBestRule = { upvotes: limits.best.upvotes, days: limits.best.days };

export interface BestDeps {
  post: PostEntity;
  service: BoardService;
}

/**
 * Marks a post as its board's 베스트 once it has the rule's 추천 within the rule's days of being
 * written (the moderator's rule on the board, or the default). Set once, only if not set: the
 * post's change then brings its 베스트 row through the stream (projector/notices.ts).
 */
export async function promoteIfBest(deps: BestDeps, postId: string, now: Date = new Date()): Promise<boolean> {
  const { data: post } = await deps.post
    .get({ postId })
    .go({ ...rawStoreErrors, consistent: true, attributes: ["postId", "board", "createdAt", "upvotes", "bestAt", "deletedAt"] });
  if (!post || post.deletedAt !== undefined || post.bestAt !== undefined) return false;
  const { data: board } = await deps.service.entities.board.get({ board: post.board }).go({ ...rawStoreErrors, attributes: ["bestUpvotes", "bestDays"] });
  const rule = { upvotes: board?.bestUpvotes ?? defaultBestRule.upvotes, days: board?.bestDays ?? defaultBestRule.days };
  const age = now.getTime() - Date.parse(post.createdAt);
  if ((post.upvotes ?? 0) < rule.upvotes || age > rule.days * 86_400_000) return false;
  try {
    await deps.post
      .patch({ postId })
      .set({ bestAt: now.toISOString() })
      .where(({ bestAt, deletedAt }, { notExists }) => `${notExists(bestAt)} AND ${notExists(deletedAt)}`)
      .go(rawStoreErrors);
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}
