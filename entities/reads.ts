import type { BoardService } from "./service.js";
import { preparedQuery } from "./prepared-query.js";

/**
 * The board's hot reads, each one Query of a fixed shape, prepared from ElectroDB's own
 * parameters (entities/prepared-query.ts): the thread, a board's newest posts, a post's comments
 * and a board's numbered page. Their items are read with entities/retrieval.ts.
 */
export function createPreparedReads(service: BoardService) {
  const { entities, collections } = service;
  const runner = () => entities.post;
  return {
    /** A post and its oldest comments (the `thread` collection). */
    thread: preparedQuery(["postId"], ({ postId }) => collections.thread({ postId }), { consistent: true }, runner),
    /** A board's posts, newest first… */
    newest: preparedQuery(["board"], ({ board }) => entities.post.query.byBoard({ board }), { order: "desc" }, runner),
    /** …after a cursor's post. */
    newestAfter: preparedQuery(["board", "postId"], ({ board, postId }) => entities.post.query.byBoard({ board }).lt({ postId }), { order: "desc" }, runner),
    /** A post's comments, oldest first… */
    comments: preparedQuery(["postId"], ({ postId }) => entities.comment.query.byPost({ postId }), { consistent: true }, runner),
    /** …after a cursor's comment. */
    commentsAfter: preparedQuery(
      ["postId", "commentId"],
      ({ postId, commentId }) => entities.comment.query.byPost({ postId }).gt({ commentId }),
      { consistent: true },
      runner,
    ),
    /** A board's numbered list from a place on (page 1 and the posts not numbered yet)… */
    numberedFrom: preparedQuery(
      ["board", "from"],
      ({ board, from }) => entities.post.query.byNumber({ board }).lte({ listPlace: from }),
      { order: "asc" },
      runner,
    ),
    /** …and a range of places (every other page). */
    numberedBetween: preparedQuery(
      ["board", "to", "from"],
      ({ board, to, from }) => entities.post.query.byNumber({ board }).between({ listPlace: to }, { listPlace: from }),
      { order: "asc" },
      runner,
    ),
  };
}

export type PreparedReads = ReturnType<typeof createPreparedReads>;
