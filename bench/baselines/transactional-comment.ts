/**
 * The board's comment create as it was before the stream projector, kept as the viral-thread
 * bench's baseline: the comment and its post's `commentCount` in one TransactWriteItems that
 * requires a live post, retried on TransactionConflict as the board retried it. On real DynamoDB
 * every commenter on one post writes that post's item, and concurrent transactions on one item
 * are cancelled.
 */
import { createBoardService } from "../../entities/service.js";
import type { StoreOptions } from "../../entities/service.js";
import { runWriteTransaction, wasRejected } from "../../api/board/transactions.js";
import { hashToken, newEditToken } from "../../api/board/tokens.js";
import { toCommentView } from "../../api/board/views.js";
import { postNotFound, storeBusy } from "../../api/board/errors.js";
import { defaultIdFactory } from "../../api/board/deps.js";

export function transactionalCommentCreate(store: StoreOptions) {
  const service = createBoardService(store);
  const newId = defaultIdFactory();
  return async (input: { postId: string; body: string; author: string }) => {
    const editToken = newEditToken();
    const now = new Date().toISOString();
    const record = { ...input, commentId: newId(), createdAt: now, updatedAt: now, version: 1, editTokenHash: hashToken(editToken) };
    const reasons = await runWriteTransaction(() =>
      service.transaction
        .write(({ comment, post }) => [
          comment.create(record).commit(),
          post
            .patch({ postId: input.postId })
            .add({ commentCount: 1 })
            .where(({ deletedAt }, { notExists }) => notExists(deletedAt))
            .commit(),
        ])
        .go(),
    );
    if (reasons) throw wasRejected(reasons, 1) ? postNotFound() : storeBusy();
    return { comment: toCommentView(record), editToken };
  };
}
