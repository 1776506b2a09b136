import type { Actor, BoardDeps, CreateOptions } from "./deps.js";
import type { Idempotency } from "./idempotency.js";
import type { AttachmentOperations, ImageRef } from "./attachments.js";
import { commentNotFound, isConditionalCheckFailure, postNotFound, rawStoreErrors, storeBusy } from "./errors.js";
import { commentsScope, staleVersion, unknownClient, withoutPassword } from "./posts.js";
import type { PosterIdentity } from "./poster-identity.js";
import { hashPassword, noPassword, passwordEditToken, passwordMatches, wrongPassword } from "./passwords.js";
import type { PasswordGuard } from "./passwords.js";
import { assertMayChange, hashToken, missingTokenError, newEditToken } from "./tokens.js";
import { runWriteTransaction, wasRejected } from "./transactions.js";
import { toCommentView, toPage } from "./views.js";
import type { AttachedImage, CommentView, Page } from "./views.js";
import { readItems } from "../../entities/retrieval.js";
import { commentFromItem } from "../../entities/comment.js";

const commentItem = (key: { postId: string; commentId: string }) => `comment#${key.postId}#${key.commentId}`;

export function createCommentOperations(
  deps: BoardDeps,
  idempotency: Idempotency,
  attachments: AttachmentOperations,
  guard: PasswordGuard,
  identity: PosterIdentity,
) {
  const { service } = deps;
  const passwordToken = (key: { postId: string; commentId: string }) => (passwordHash: string) =>
    passwordEditToken(deps.signingSecret, commentItem(key), passwordHash);
  const { entities } = service;

  async function readLivePost(postId: string) {
    const { data } = await service.entities.post.get({ postId }).go({ ...rawStoreErrors, consistent: true, attributes: ["postId", "board", "deletedAt"] });
    if (!data || data.deletedAt !== undefined) throw postNotFound();
    return data;
  }

  async function readComment(key: { postId: string; commentId: string }) {
    const { data } = await entities.comment.get(key).go({ ...rawStoreErrors, consistent: true });
    if (!data) throw commentNotFound();
    return data;
  }

  return {
    /**
     * Writes the comment and only what must be atomic with it (its images' claims, its idempotency
     * record), never the post: every commenter on a busy post would otherwise write one shared
     * item, and DynamoDB refuses concurrent transactions on one item. The post's count is the
     * stream projector's; a comment that lands while its post is being deleted is removed by it.
     */
    async create(
      input: { postId: string; body: string; author: string; password?: string | undefined; attachments?: ImageRef[] | undefined },
      options: CreateOptions = {},
    ) {
      const once = idempotency.prepare(options.idempotencyKey, "comments.create", withoutPassword(input));
      const { attachments: refs = [], password, ...fields } = input;
      const checked = await idempotency.checkOrReplay<AttachedImage[], { comment: CommentView }>(once, () => attachments.resolve(refs));
      if ("first" in checked) return { ...checked.first, editToken: idempotency.editTokenFor(once!, checked.first.comment.commentId) };
      const images = checked.checked;
      const { board } = await readLivePost(input.postId);
      const poster = await identity.of({ board, author: input.author }, options.actor ?? { token: undefined }, options.clientKey ?? unknownClient);
      const commentId = deps.newId();
      const editToken = once ? idempotency.editTokenFor(once, commentId) : newEditToken();
      const now = deps.now().toISOString();
      const record = {
        ...fields,
        commentId,
        createdAt: now,
        updatedAt: now,
        version: 1,
        ...poster,
        ...(images.length > 0 ? { attachments: images } : {}),
        editTokenHash: hashToken(editToken),
        ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
      };
      const result = { comment: toCommentView(record) };
      if (!once && images.length === 0) {
        await entities.comment.create(record).go(rawStoreErrors);
        return { ...result, editToken };
      }
      const reasons = await runWriteTransaction(() =>
        service.transaction
          .write((entities) => [
            entities.comment.create(record).commit(),
            ...attachments.claim(entities, images, `comment#${input.postId}#${commentId}`),
            ...(once ? [idempotency.record(entities, once, result)] : []),
          ])
          .go(),
      );
      if (!reasons) {
        await attachments.markAttached(images);
        return { ...result, editToken };
      }
      if (once && wasRejected(reasons, 1 + images.length)) {
        const first = await idempotency.replay<typeof result>(once);
        return { ...first, editToken: idempotency.editTokenFor(once, first.comment.commentId) };
      }
      throw attachments.claimRefused(reasons, 1, images) ?? storeBusy();
    },

    /** Oldest first: one Query on the post's partition. */
    async list(input: { postId: string; limit: number; cursor?: string | null }): Promise<Page<CommentView>> {
      const scope = commentsScope(input.postId);
      const after = input.cursor ? deps.cursors.decode(scope, input.cursor) : undefined;
      const items = after
        ? await deps.reads.commentsAfter.items({ postId: input.postId, commentId: after }, input.limit + 1)
        : await deps.reads.comments.items({ postId: input.postId }, input.limit + 1);
      const comments = readItems(items, commentFromItem);
      return toPage(comments, input.limit, toCommentView, (record) => deps.cursors.encode(scope, record.commentId));
    },

    async update(input: { postId: string; commentId: string; body: string; expectedVersion: number }, actor: Actor): Promise<CommentView> {
      if (!actor.token) throw missingTokenError();
      const key = { postId: input.postId, commentId: input.commentId };
      const current = await readComment(key);
      assertMayChange(actor.token, current, deps.ownership, passwordToken(input));
      if (current.version !== input.expectedVersion) throw staleVersion(current.version);
      try {
        const { data } = await entities.comment
          .patch(key)
          .set({ body: input.body, updatedAt: deps.now().toISOString() })
          .add({ version: 1 })
          .where(({ version }, { eq }) => eq(version, input.expectedVersion))
          .go({ ...rawStoreErrors, response: "all_new" });
        return toCommentView(data as Parameters<typeof toCommentView>[0]);
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
        const latest = await readComment(key);
        throw staleVersion(latest.version);
      }
    },

    /** Exchanges the comment's 비밀번호 for its edit token, from any device (bounded as posts.unlock is). */
    async unlock(input: { postId: string; commentId: string; password: string }, clientKey: string): Promise<{ comment: CommentView; editToken: string }> {
      const key = { postId: input.postId, commentId: input.commentId };
      const current = await readComment(key);
      if (current.passwordHash === undefined) throw noPassword();
      await guard.attempt(commentItem(key), clientKey);
      if (!(await passwordMatches(input.password, current.passwordHash))) throw wrongPassword();
      return { comment: toCommentView(current), editToken: passwordToken(key)(current.passwordHash) };
    },

    /** Removes the comment only; the post's count follows through the stream projector. */
    async delete(input: { postId: string; commentId: string }, actor: Actor): Promise<{ postId: string; commentId: string; deleted: true }> {
      if (!actor.token) throw missingTokenError();
      const key = { postId: input.postId, commentId: input.commentId };
      const current = await readComment(key);
      assertMayChange(actor.token, current, deps.ownership, passwordToken(input));
      try {
        await entities.comment.remove(key).go(rawStoreErrors);
      } catch (error) {
        throw isConditionalCheckFailure(error) ? commentNotFound() : error;
      }
      await attachments.release(current.attachments ?? []);
      return { ...key, deleted: true };
    },
  };
}

export type CommentOperations = ReturnType<typeof createCommentOperations>;
