import type { EntityItem } from "electrodb";
import * as z from "zod";
import { commentSchema } from "../../entities/comment.js";
import type { CommentEntity } from "../../entities/comment.js";
import { postSchema } from "../../entities/post.js";
import type { PostEntity } from "../../entities/post.js";

/** An ElectroDB attribute as the board's models declare them. */
interface Attribute {
  readonly type: "string" | "number";
  readonly required?: boolean;
}
type ShownField<A extends Attribute> = A["type"] extends "number" ? z.ZodType<number> : z.ZodType<string>;
type ViewShape<A extends Record<string, Attribute>, H extends keyof A> = { [K in Exclude<keyof A, H>]: ShownField<A[K]> };

/**
 * What the board shows of an item, derived from its entity: every stored attribute but the hidden
 * ones, of its stored type, so a field added to the entity is stored, validated on the way out,
 * typed and documented without another edit. `sharper` gives a field a stricter schema or a
 * description. Every shown attribute is required (or defaulted) in its entity: the check below.
 */
function viewOf<A extends Record<string, Attribute>, H extends keyof A>(attributes: A, hidden: readonly H[], sharper: Partial<ViewShape<A, H>>): z.ZodObject<ViewShape<A, H>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if ((hidden as readonly string[]).includes(name)) continue;
    shape[name] = (sharper as Record<string, z.ZodType | undefined>)[name] ?? (attribute.type === "number" ? z.number() : z.string());
  }
  return z.object(shape) as unknown as z.ZodObject<ViewShape<A, H>>;
}

const timestamp = (what: string) => z.iso.datetime().describe(what);
const version = z.number().int().min(1).describe("Starts at 1; every edit adds 1. Send it back as expectedVersion or If-Match.");

/** Stored fields that are never shown: secrets and bookkeeping. */
const hiddenPostFields = ["editTokenHash", "deletedAt"] as const;
const hiddenCommentFields = ["editTokenHash"] as const;

export const postViewSchema = viewOf(postSchema.attributes, hiddenPostFields, {
  board: z.string().describe("The board's slug."),
  postId: z.string().describe("The post's id (a ULID)."),
  createdAt: timestamp("When it was written."),
  updatedAt: timestamp("When it was last edited (createdAt if never)."),
  version,
  commentCount: z.number().int().min(0).describe("How many comments it has."),
});

export const commentViewSchema = viewOf(commentSchema.attributes, hiddenCommentFields, {
  postId: z.string().describe("The post it belongs to."),
  commentId: z.string().describe("The comment's id (a ULID)."),
  createdAt: timestamp("When it was written."),
  updatedAt: timestamp("When it was last edited (createdAt if never)."),
  version,
});

export type PostView = z.infer<typeof postViewSchema>;
export type CommentView = z.infer<typeof commentViewSchema>;

type StoredPost = EntityItem<PostEntity>;
type StoredComment = EntityItem<CommentEntity>;

// Every view field is a stored field of the same type, present on every stored item.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const postViewMatchesEntity: Same<PostView, Required<Omit<StoredPost, (typeof hiddenPostFields)[number]>>> = true;
const commentViewMatchesEntity: Same<CommentView, Required<Omit<StoredComment, (typeof hiddenCommentFields)[number]>>> = true;
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
