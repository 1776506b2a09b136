import type { EntityItem } from "electrodb";
import type { CommentEntity } from "../../entities/comment.js";
import type { PostEntity } from "../../entities/post.js";

/**
 * What the board shows of its items. Spelled out (not inferred from the entities) because the
 * router's type, which the client package inlines, must name no storage types; the checks below
 * make the compiler refuse any field that is not stored the same way.
 */
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

/** Stored fields that are never shown: secrets and bookkeeping. */
type StoredPost = EntityItem<PostEntity>;
type StoredComment = EntityItem<CommentEntity>;
type Hidden = "editTokenHash" | "deletedAt";

// Every view field is a stored field of the same type, and every stored field is either shown or hidden.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const postViewMatchesEntity: Same<PostView, Required<Omit<StoredPost, Hidden>>> = true;
const commentViewMatchesEntity: Same<CommentView, Required<Omit<StoredComment, Hidden>>> = true;
void postViewMatchesEntity;
void commentViewMatchesEntity;

/** The shown part of a stored post: everything but the hidden fields. */
export function toPostView(record: StoredPost | PostView): PostView {
  const { editTokenHash: _secret, deletedAt: _bookkeeping, ...view } = record as StoredPost;
  return view as PostView;
}

export function toCommentView(record: StoredComment | CommentView): CommentView {
  const { editTokenHash: _secret, ...view } = record as StoredComment;
  return view as CommentView;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
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
