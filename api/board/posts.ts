import type { Actor, BoardDeps, CreateOptions } from "./deps.js";
import type { Idempotency } from "./idempotency.js";
import type { AttachmentOperations, ImageRef } from "./attachments.js";
import { runWriteTransaction, wasRejected } from "./transactions.js";
import { BoardError, deleteUnfinished, isConditionalCheckFailure, postNotFound, rawStoreErrors, storeBusy } from "./errors.js";
import { assertMayChange, hashToken, missingTokenError, newEditToken } from "./tokens.js";
import { hashPassword, noPassword, passwordEditToken, passwordMatches, wrongPassword } from "./passwords.js";
import type { PasswordGuard } from "./passwords.js";
import type { PosterIdentity } from "./poster-identity.js";
import { toCommentView, toPage, toPostView } from "./views.js";
import type { AttachedImage, CommentView, Page, PostView } from "./views.js";
import { readItems } from "../../entities/retrieval.js";
import { postFromItem } from "../../entities/post.js";
import { commentFromItem } from "../../entities/comment.js";

export interface ThreadView {
  post: PostView;
  comments: Page<CommentView>;
}

const boardScope = (board: string) => `board:${board}`;
export const commentsScope = (postId: string) => `comments:${postId}`;
const isDeleting = (record: { deletedAt?: string }) => record.deletedAt !== undefined;

export const postItem = (postId: string) => `post#${postId}`;

export function createPostOperations(
  deps: BoardDeps,
  idempotency: Idempotency,
  attachments: AttachmentOperations,
  guard: PasswordGuard,
  identity: PosterIdentity,
) {
  const { entities } = deps.service;
  const passwordToken = (postId: string) => (passwordHash: string) => passwordEditToken(deps.signingSecret, postItem(postId), passwordHash);

  async function readLivePost(postId: string) {
    const { data } = await entities.post.get({ postId }).go({ ...rawStoreErrors, consistent: true });
    if (!data || isDeleting(data)) throw postNotFound();
    return data;
  }

  return {
    async create(
      input: { board: string; title: string; body: string; author: string; password?: string | undefined; attachments?: ImageRef[] | undefined },
      options: CreateOptions = {},
    ) {
      const once = idempotency.prepare(options.idempotencyKey, "posts.create", withoutPassword(input));
      const { attachments: refs = [], password, ...fields } = input;
      const checked = await idempotency.checkOrReplay<AttachedImage[], { post: PostView }>(once, () => attachments.resolve(refs));
      if ("first" in checked) return { ...checked.first, editToken: idempotency.editTokenFor(once!, checked.first.post.postId) };
      const images = checked.checked;
      const poster = await identity.of(input, options.actor ?? { token: undefined }, options.clientKey ?? unknownClient);
      const postId = deps.newId();
      const editToken = once ? idempotency.editTokenFor(once, postId) : newEditToken();
      const now = deps.now().toISOString();
      const record = {
        ...fields,
        postId,
        createdAt: now,
        updatedAt: now,
        version: 1,
        commentCount: 0,
        ...poster,
        ...(images.length > 0 ? { attachments: images } : {}),
        editTokenHash: hashToken(editToken),
        ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
      };
      const result = { post: toPostView(record) };
      if (!once && images.length === 0) {
        await entities.post.create(record).go(rawStoreErrors);
        return { ...result, editToken };
      }
      // With images or a key, one transaction: the post, its images claimed, the key's record.
      const reasons = await runWriteTransaction(() =>
        deps.service.transaction
          .write((entities) => [
            entities.post.create(record).commit(),
            ...attachments.claim(entities, images, `post#${postId}`),
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
        return { ...first, editToken: idempotency.editTokenFor(once, first.post.postId) };
      }
      throw attachments.claimRefused(reasons, 1, images) ?? storeBusy();
    },

    /** Newest first: one Query on gsi1. */
    async list(input: { board: string; limit: number; cursor?: string | null }): Promise<Page<PostView>> {
      const scope = boardScope(input.board);
      const after = input.cursor ? deps.cursors.decode(scope, input.cursor) : undefined;
      const items = after
        ? await deps.reads.newestAfter.items({ board: input.board, postId: after }, input.limit + 1)
        : await deps.reads.newest.items({ board: input.board }, input.limit + 1);
      const posts = readItems(items, postFromItem);
      return toPage(posts, input.limit, toPostView, (record) => deps.cursors.encode(scope, record.postId), isDeleting);
    },

    /** The post and its first page of comments: one Query on the post's partition. */
    async thread(input: { postId: string; limit: number }): Promise<ThreadView> {
      const items = await deps.reads.thread.items({ postId: input.postId }, input.limit + 2);
      const [head] = readItems(items, postFromItem);
      if (!head || isDeleting(head)) throw postNotFound();
      const scope = commentsScope(input.postId);
      const comments = toPage(readItems(items, commentFromItem), input.limit, toCommentView, (record) => deps.cursors.encode(scope, record.commentId));
      return { post: toPostView(head), comments };
    },

    async update(input: { postId: string; title?: string; body?: string; expectedVersion: number }, actor: Actor): Promise<PostView> {
      if (!actor.token) throw missingTokenError();
      const current = await readLivePost(input.postId);
      assertMayChange(actor.token, current, deps.ownership, passwordToken(input.postId));
      if (current.version !== input.expectedVersion) throw staleVersion(current.version);
      const changes = {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
        updatedAt: deps.now().toISOString(),
      };
      try {
        const { data } = await entities.post
          .patch({ postId: input.postId })
          .set(changes)
          .add({ version: 1 })
          .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, input.expectedVersion)} AND ${notExists(deletedAt)}`)
          .go({ ...rawStoreErrors, response: "all_new" });
        return toPostView(data as Parameters<typeof toPostView>[0]);
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
        // Lost a race: tell a concurrent delete from a concurrent edit.
        const latest = await readLivePost(input.postId);
        throw staleVersion(latest.version);
      }
    },

    /**
     * Exchanges the post's 비밀번호 for its edit token, from any device: each attempt is first
     * taken from the client's and the post's allowance (passwords.ts), then checked.
     */
    async unlock(input: { postId: string; password: string }, clientKey: string): Promise<{ post: PostView; editToken: string }> {
      const current = await readLivePost(input.postId);
      if (current.passwordHash === undefined) throw noPassword();
      await guard.attempt(postItem(input.postId), clientKey);
      if (!(await passwordMatches(input.password, current.passwordHash))) throw wrongPassword();
      return { post: toPostView(current), editToken: passwordToken(input.postId)(current.passwordHash) };
    },

    /**
     * Marks the post as being deleted (so no comment can be added), removes its comments, then
     * the post. Each step is idempotent: a delete that failed half-way is finished by retrying it.
     */
    async delete(input: { postId: string }, actor: Actor): Promise<{ postId: string; deleted: true }> {
      if (!actor.token) throw missingTokenError();
      const { data: current } = await entities.post.get({ postId: input.postId }).go({ ...rawStoreErrors, consistent: true });
      if (!current) throw postNotFound();
      assertMayChange(actor.token, current, deps.ownership, passwordToken(input.postId));
      if (!isDeleting(current)) {
        try {
          await entities.post.patch({ postId: input.postId }).set({ deletedAt: deps.now().toISOString() }).go(rawStoreErrors);
        } catch (error) {
          throw isConditionalCheckFailure(error) ? postNotFound() : error;
        }
      }
      for (;;) {
        const { data: batch } = await entities.comment.query
          .byPost({ postId: input.postId })
          .go({ ...rawStoreErrors, limit: 100, consistent: true, attributes: ["postId", "commentId", "attachments"] });
        if (batch.length === 0) break;
        const { unprocessed } = await entities.comment.delete(batch.map(({ postId, commentId }) => ({ postId, commentId }))).go(rawStoreErrors);
        if (unprocessed.length > 0) throw deleteUnfinished();
        await attachments.release(batch.flatMap((gone) => gone.attachments ?? []));
      }
      await attachments.release(current.attachments ?? []);
      await entities.post.delete({ postId: input.postId }).go(rawStoreErrors);
      return { postId: input.postId, deleted: true };
    },
  };
}

/** The client key of a create made without one (a script calling the domain directly). */
export const unknownClient = "unknown";

/** What an idempotent create is fingerprinted by: never the password itself (a repeat with another password replays the first). */
export function withoutPassword<T extends { password?: string | undefined }>(input: T) {
  const { password, ...rest } = input;
  return { ...rest, hasPassword: password !== undefined };
}

export function staleVersion(currentVersion: number): BoardError {
  return new BoardError("CONFLICT", `The item was changed since you read it: it is now at version ${currentVersion}.`);
}

export type PostOperations = ReturnType<typeof createPostOperations>;
