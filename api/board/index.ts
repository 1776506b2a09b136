import { createBoardService } from "../../entities/service.js";
import type { StoreOptions } from "../../entities/service.js";
import { defaultIdFactory } from "./context.js";
import { createCursorCodec } from "./cursor.js";
import { createCommentOperations } from "./comments.js";
import { createPostOperations } from "./posts.js";
import { hashToken } from "./tokens.js";

export interface BoardOptions extends StoreOptions {
  cursorSecret: string;
  moderatorToken?: string | undefined;
  now?: () => Date;
}

/** The board's operations over one table; knows nothing of HTTP. */
export function createBoard(options: BoardOptions) {
  const deps = {
    service: createBoardService(options),
    cursors: createCursorCodec(options.cursorSecret),
    ownership: { moderatorTokenHash: options.moderatorToken ? hashToken(options.moderatorToken) : undefined },
    now: options.now ?? (() => new Date()),
    newId: defaultIdFactory(),
  };
  return { posts: createPostOperations(deps), comments: createCommentOperations(deps) };
}

export type Board = ReturnType<typeof createBoard>;
export { BoardError } from "./errors.js";
export type { Actor } from "./context.js";
export type { CommentView, Page, PostView } from "./views.js";
