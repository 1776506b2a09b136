import type { BoardService, StoreOptions } from "./service.js";
import { preparedQuery } from "./prepared-query.js";
import type { QueryClient, Written } from "./prepared-query.js";
import { preparedTemplates } from "./prepared-templates.js";

/**
 * The board's hot reads, each one Query of a fixed shape, prepared from ElectroDB's own
 * parameters (entities/prepared-query.ts): the thread, a board's newest posts, a post's comments
 * and a board's numbered page. Their items are read with entities/retrieval.ts. `written` are the
 * shapes' parameters written ahead (the bundle's: entities/prepared-templates.ts).
 */
export function createPreparedReads(
  service: BoardService,
  { client, table }: Pick<StoreOptions, "client" | "table">,
  written: Readonly<Record<string, Written>> | undefined = preparedTemplates,
) {
  const { entities, collections } = service;
  // The board's own document client is called as is; the SDK's is called through ElectroDB's wrapper of it.
  const direct = "query" in client && typeof client.query === "function" ? (client as unknown as QueryClient) : undefined;
  const runner = (shape: string) => ({
    client: () => direct ?? (entities.post.client as QueryClient),
    table,
    written: written?.[shape],
  });
  return {
    /** A post and its oldest comments (the `thread` collection). */
    thread: preparedQuery(["postId"], ({ postId }) => collections.thread({ postId }), { consistent: true }, runner("thread")),
    /** A board's posts, newest first… */
    newest: preparedQuery(["board"], ({ board }) => entities.post.query.byBoard({ board }), { order: "desc" }, runner("newest")),
    /** …after a cursor's post. */
    newestAfter: preparedQuery(
      ["board", "postId"],
      ({ board, postId }) => entities.post.query.byBoard({ board }).lt({ postId }),
      { order: "desc" },
      runner("newestAfter"),
    ),
    /** A post's comments, oldest first… */
    comments: preparedQuery(["postId"], ({ postId }) => entities.comment.query.byPost({ postId }), { consistent: true }, runner("comments")),
    /** …after a cursor's comment. */
    commentsAfter: preparedQuery(
      ["postId", "commentId"],
      ({ postId, commentId }) => entities.comment.query.byPost({ postId }).gt({ commentId }),
      { consistent: true },
      runner("commentsAfter"),
    ),
    /** A board's numbered list from a place on (page 1 and the posts not numbered yet)… */
    numberedFrom: preparedQuery(
      ["board", "from"],
      ({ board, from }) => entities.post.query.byNumber({ board }).lte({ listPlace: from }),
      { order: "asc" },
      runner("numberedFrom"),
    ),
    /** …and a range of places (every other page). */
    numberedBetween: preparedQuery(
      ["board", "to", "from"],
      ({ board, to, from }) => entities.post.query.byNumber({ board }).between({ listPlace: to }, { listPlace: from }),
      { order: "asc" },
      runner("numberedBetween"),
    ),
  };
}

export type PreparedReads = ReturnType<typeof createPreparedReads>;

/** Every shape's parameters, written by ElectroDB now (what the build carries in the bundle). */
export function writePreparedTemplates(reads: PreparedReads): Record<string, Written> {
  return Object.fromEntries(Object.entries(reads).map(([shape, read]) => [shape, read.write()]));
}
