import { createBoardService } from "../../entities/service.js";
import type { StoreOptions } from "../../entities/service.js";
import { createPreparedReads } from "../../entities/reads.js";
import { defaultIdFactory } from "./deps.js";
import type { Actor } from "./deps.js";
import { createCursorCodec } from "./cursor.js";
import { createCommentOperations } from "./comments.js";
import { createIdempotency } from "./idempotency.js";
import { createPostOperations } from "./posts.js";
import { createAttachmentOperations } from "./attachments.js";
import { createSearchOperations } from "./search.js";
import type { MediaStore } from "../../media/media-store.js";
import { hashToken, isModeratorToken } from "./tokens.js";
import { createBoardListOperations } from "./boards.js";
import { createViewOperations } from "./view-marks.js";
import { createVoteOperations } from "./votes.js";
import { createPasswordGuard } from "./passwords.js";
import { createPosterIdentity } from "./poster-identity.js";
import { createReportOperations } from "./reports.js";

export interface BoardOptions extends StoreOptions {
  signingSecret: string;
  moderatorToken?: string | undefined;
  now?: () => Date;
  /** The media bucket; without it the board takes no images. */
  media?: MediaStore | undefined;
}

/** The board's operations over one table; knows nothing of HTTP. */
export function createBoardOperations(options: BoardOptions) {
  const service = createBoardService(options);
  const deps = {
    service,
    reads: createPreparedReads(service, options),
    cursors: createCursorCodec(options.signingSecret),
    ownership: { moderatorTokenHash: options.moderatorToken ? hashToken(options.moderatorToken) : undefined },
    signingSecret: options.signingSecret,
    now: options.now ?? (() => new Date()),
    newId: defaultIdFactory(),
  };
  const idempotency = createIdempotency(deps);
  const attachments = createAttachmentOperations(deps, options.media);
  const passwordGuard = createPasswordGuard(deps);
  const identity = createPosterIdentity(deps);
  const posts = createPostOperations(deps, idempotency, attachments, passwordGuard, identity);
  const comments = createCommentOperations(deps, idempotency, attachments, passwordGuard, identity);
  const reports = createReportOperations(deps, (item, actor) =>
    item.commentId === undefined ? posts.delete({ postId: item.postId }, actor) : comments.delete({ postId: item.postId, commentId: item.commentId }, actor),
  );
  return {
    posts: {
      ...posts,
      ...createSearchOperations(deps),
      ...createViewOperations(deps),
      ...createVoteOperations(deps),
    },
    comments,
    boards: createBoardListOperations(deps),
    attachments: { prepare: attachments.prepare, status: attachments.status },
    moderation: {
      /** Whether the actor holds the moderator token: yes or no, nothing more. */
      check: (actor: Actor) => ({ moderator: isModeratorToken(actor.token, deps.ownership) }),
      reservedNames: identity.list,
      reserveNames: identity.set,
      report: reports.report,
      queue: reports.queue,
      review: reports.review,
    },
  };
}

/** The board's operations: what the API layer calls, as their implementations declare them. */
export type BoardOperations = ReturnType<typeof createBoardOperations>;

export { BoardError } from "./errors.js";
export type { Actor, CreateOptions } from "./deps.js";
export type { CommentView, Page, PostView } from "./views.js";
export type { ThreadView } from "./posts.js";
export type { BoardPage, BoardView, PostRow } from "./boards.js";
export type { SearchResult, SearchScope } from "./search.js";
export { searchScopes } from "./search.js";
