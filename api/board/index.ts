import { createBoardService } from "../../entities/service.js";
import type { StoreOptions } from "../../entities/service.js";
import { defaultIdFactory } from "./deps.js";
import type { Actor, CreateOptions } from "./deps.js";
import { createCursorCodec } from "./cursor.js";
import { createCommentOperations } from "./comments.js";
import { createIdempotency } from "./idempotency.js";
import { createPostOperations } from "./posts.js";
import type { ThreadView } from "./posts.js";
import { hashToken, isModeratorToken } from "./tokens.js";
import type { CommentView, Page, PostView } from "./views.js";

export interface BoardOptions extends StoreOptions {
  signingSecret: string;
  moderatorToken?: string | undefined;
  now?: () => Date;
}

/**
 * The board's operations: the contract the API layer calls. Spelled out (rather than inferred
 * from the implementation) so the router's type, which the client imports, names no storage types.
 */
export interface BoardOperations {
  posts: {
    create(input: { board: string; title: string; body: string; author: string }, options?: CreateOptions): Promise<{ post: PostView; editToken: string }>;
    list(input: { board: string; limit: number; cursor?: string | null | undefined }): Promise<Page<PostView>>;
    thread(input: { postId: string; limit: number }): Promise<ThreadView>;
    update(input: { postId: string; title?: string | undefined; body?: string | undefined; expectedVersion: number }, actor: Actor): Promise<PostView>;
    delete(input: { postId: string }, actor: Actor): Promise<{ postId: string; deleted: true }>;
  };
  comments: {
    create(input: { postId: string; body: string; author: string }, options?: CreateOptions): Promise<{ comment: CommentView; editToken: string }>;
    list(input: { postId: string; limit: number; cursor?: string | null | undefined }): Promise<Page<CommentView>>;
    update(input: { postId: string; commentId: string; body: string; expectedVersion: number }, actor: Actor): Promise<CommentView>;
    delete(input: { postId: string; commentId: string }, actor: Actor): Promise<{ postId: string; commentId: string; deleted: true }>;
  };
  moderation: {
    /** Whether the actor holds the moderator token: yes or no, nothing more. */
    check(actor: Actor): { moderator: boolean };
  };
}

/** The board's operations over one table; knows nothing of HTTP. */
export function createBoardOperations(options: BoardOptions): BoardOperations {
  const deps = {
    service: createBoardService(options),
    cursors: createCursorCodec(options.signingSecret),
    ownership: { moderatorTokenHash: options.moderatorToken ? hashToken(options.moderatorToken) : undefined },
    signingSecret: options.signingSecret,
    now: options.now ?? (() => new Date()),
    newId: defaultIdFactory(),
  };
  const idempotency = createIdempotency(deps);
  return {
    posts: createPostOperations(deps, idempotency),
    comments: createCommentOperations(deps, idempotency),
    moderation: { check: (actor) => ({ moderator: isModeratorToken(actor.token, deps.ownership) }) },
  };
}

export { BoardError } from "./errors.js";
export type { Actor, CreateOptions } from "./deps.js";
export type { CommentView, Page, PostView } from "./views.js";
export type { ThreadView } from "./posts.js";
