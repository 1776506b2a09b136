/** What the board shows of its items: everything but secrets and bookkeeping. */
export interface PostView {
  board: string;
  postId: string;
  title: string;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  commentCount: number;
}

export interface CommentView {
  postId: string;
  commentId: string;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function toPostView(record: PostView): PostView {
  const { board, postId, title, body, author, createdAt, updatedAt, version, commentCount } = record;
  return { board, postId, title, body, author, createdAt, updatedAt, version, commentCount };
}

export function toCommentView(record: CommentView): CommentView {
  const { postId, commentId, body, author, createdAt, updatedAt, version } = record;
  return { postId, commentId, body, author, createdAt, updatedAt, version };
}

/**
 * Pages are read with one item more than asked for: if it comes back there is a next page, and
 * the cursor names the last item shown. `hidden` items still count for paging (they were read).
 */
export function toPage<R, V>(
  records: R[],
  limit: number,
  view: (record: R) => V,
  cursorAfter: (record: R) => string,
  hidden: (record: R) => boolean = () => false,
): Page<V> {
  const shown = records.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.filter((record) => !hidden(record)).map(view),
    nextCursor: records.length > limit && last !== undefined ? cursorAfter(last) : null,
  };
}
