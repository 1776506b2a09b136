import type { EntityItem } from "electrodb";
import { z } from "../zod.js";
import { commentSchema } from "../../entities/comment.js";
import type { CommentEntity } from "../../entities/comment.js";
import { postSchema } from "../../entities/post.js";
import type { PostEntity } from "../../entities/post.js";

/** An ElectroDB attribute as the board's models declare them. */
interface Attribute {
  readonly type: string | readonly string[];
  readonly required?: boolean;
}
type ShownField<A extends Attribute> = A["type"] extends "number" ? z.ZodType<number> : A["type"] extends "string" ? z.ZodType<string> : never;
type Shown<A, H> = Exclude<keyof A, H>;
type Sharper<A, H> = { [K in Shown<A, H>]?: z.ZodType };
type ViewShape<A extends Record<string, Attribute>, H extends keyof A, S extends Sharper<A, H>> = {
  [K in Shown<A, H>]: K extends keyof S ? NonNullable<S[K]> : ShownField<A[K]>;
};

/**
 * What the board shows of an item, derived from its entity: every stored attribute but the hidden
 * ones, of its stored type, so a field added to the entity is stored, validated on the way out,
 * typed and documented without another edit. `sharper` gives a field a stricter schema or a
 * description (and must, for lists and maps). The check below holds the result to the entity.
 */
function viewOf<A extends Record<string, Attribute>, H extends keyof A, S extends Sharper<A, H>>(
  attributes: A,
  hidden: readonly H[],
  sharper: S,
): z.ZodObject<ViewShape<A, H, S>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if ((hidden as readonly string[]).includes(name)) continue;
    const given = (sharper as Record<string, z.ZodType | undefined>)[name];
    if (!given && attribute.type !== "number" && attribute.type !== "string")
      throw new Error(`The view of "${name}" (${String(attribute.type)}) needs its schema`);
    shape[name] = given ?? (attribute.type === "number" ? z.number() : z.string());
  }
  return z.object(shape) as unknown as z.ZodObject<ViewShape<A, H, S>>;
}

/** An image a post or comment shows, as stored with it (see entities/attachment.ts). */
const pixels = (what: string) => z.number().int().min(1).describe(what);
export const attachedImageSchema = z.object({
  attachmentId: z.string().describe("The image's id."),
  alt: z.string().describe("What the image shows, in words (for screen readers and when it does not load)."),
  url: z.string().describe("The full image (WebP, longest side at most 2048 px): a path on the board's site."),
  thumbUrl: z.string().describe("Its thumbnail (WebP, longest side at most 400 px): a path on the board's site."),
  width: pixels("The full image's width in pixels."),
  height: pixels("The full image's height in pixels."),
  thumbWidth: pixels("The thumbnail's width in pixels."),
  thumbHeight: pixels("The thumbnail's height in pixels."),
});
const attachedImages = z.array(attachedImageSchema).default([]).describe("Its images, in order; empty when it has none.");

const timestamp = (what: string) => z.iso.datetime().describe(what);
const version = z.number().int().min(1).describe("Starts at 1; every edit adds 1. Send it back as expectedVersion or If-Match.");

/** Stored fields that are never shown: secrets and bookkeeping. */
const hiddenPostFields = ["editTokenHash", "passwordHash", "deletedAt", "countRevision", "listPlace", "viewSeq", "voteSeq"] as const;
const hiddenCommentFields = ["editTokenHash", "passwordHash"] as const;

/** Derived, not stored: whether the item has a 비밀번호 (so a client can offer to unlock it with one). */
/** Who wrote it, beside the name they typed: shown on posts and comments alike. */
const poster = {
  posterTag: z
    .string()
    .optional()
    .describe(
      "A short tag beside a free-text name, telling posters apart: the same for one writer (as the write limit counts them: an address, or its /64) on one board for one Korean day, computed with the server's secret, so it follows no one across boards or days and reveals no address. Absent on the moderator's (and on items written before tags).",
    ),
  byModerator: z.boolean().default(false).describe("Written by the board's moderator (the only one who may use the reserved names)."),
  hiddenAt: timestamp(
    "When it was hidden pending the moderator's review (reported by enough readers, or the moderator's decision): its title, text and images are then withheld (empty). Absent when it is shown.",
  ).optional(),
};

const derived = {
  hasPassword: z.boolean().describe("Whether its author gave it a 비밀번호: with it, anyone may exchange the password for its edit token (…/edit-token)."),
};

export const postViewSchema = viewOf(postSchema.attributes, hiddenPostFields, {
  board: z.string().describe("The board's slug."),
  postId: z.string().describe("The post's id (a ULID)."),
  createdAt: timestamp("When it was written."),
  updatedAt: timestamp("When it was last edited (createdAt if never)."),
  version,
  commentCount: z
    .number()
    .int()
    .min(0)
    .describe(
      "How many comments it has. Counted from the table's stream after each change, so it may lag behind the comments themselves by the stream projector's delay (usually a second or two); it is exact once the projector catches up.",
    ),
  attachments: attachedImages,
  viewCount: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("How many times it was viewed (조회): once per reader per hour, counted from the table's stream, so it may lag a second or two."),
  upvotes: z.number().int().min(0).default(0).describe("추천: readers who recommend it, one vote each (counted from the stream; may lag a second or two)."),
  downvotes: z.number().int().min(0).default(0).describe("비추천: readers who do not (counted from the stream; may lag a second or two)."),
  number: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      "Its number on its board (번호), given by the stream projector a second or two after it is written (absent until then), in the order the board's posts arrive; never reused.",
    ),
  pinnedAt: timestamp("When a moderator pinned it as a notice (공지) of its board; absent when it is not one.").optional(),
  bestAt: timestamp("When it reached its board's 베스트 rule (so many 추천 within so many days); absent until then.").optional(),
  ...poster,
}).extend(derived);

export const commentViewSchema = viewOf(commentSchema.attributes, hiddenCommentFields, {
  postId: z.string().describe("The post it belongs to."),
  commentId: z.string().describe("The comment's id (a ULID)."),
  createdAt: timestamp("When it was written."),
  updatedAt: timestamp("When it was last edited (createdAt if never)."),
  version,
  attachments: attachedImages,
  ...poster,
}).extend(derived);

export type PostView = z.infer<typeof postViewSchema>;
export type AttachedImage = z.infer<typeof attachedImageSchema>;
export type CommentView = z.infer<typeof commentViewSchema>;

type StoredPost = EntityItem<PostEntity>;
type StoredComment = EntityItem<CommentEntity>;

// Every view field is a stored field of the same type, present on every stored item.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Stored fields a post may lack, shown as absent: the projector's number, a notice's pin. */
type SometimesShown = "number" | "pinnedAt" | "bestAt" | "posterTag" | "hiddenAt";
type Derived = { [K in keyof typeof derived]: z.infer<(typeof derived)[K]> };
const postViewMatchesEntity: Same<
  PostView,
  Required<Omit<StoredPost, (typeof hiddenPostFields)[number] | SometimesShown>> & Pick<StoredPost, SometimesShown> & Derived
> = true;
const commentViewMatchesEntity: Same<
  CommentView,
  Required<Omit<StoredComment, (typeof hiddenCommentFields)[number] | "posterTag" | "hiddenAt">> & Pick<StoredComment, "posterTag" | "hiddenAt"> & Derived
> = true;
void postViewMatchesEntity;
void commentViewMatchesEntity;

/** What a hidden item shows of its words and images: nothing, until the moderator decides. */
const withheld = { title: "", body: "", attachments: [] };

/** The shown part of a stored post: everything but the hidden fields (and no images rather than none stored). */
export function toPostView(record: StoredPost | PostView): PostView {
  if (!("editTokenHash" in record)) return record; // already a view
  const { editTokenHash: _secret, passwordHash, deletedAt: _bookkeeping, countRevision: _projectorsOwn, viewSeq: _views, voteSeq: _votes, ...view } = record;
  return {
    ...view,
    hasPassword: passwordHash !== undefined,
    byModerator: view.byModerator ?? false,
    attachments: view.attachments ?? [],
    ...(view.hiddenAt !== undefined ? withheld : {}),
    viewCount: view.viewCount ?? 0,
    upvotes: view.upvotes ?? 0,
    downvotes: view.downvotes ?? 0,
  } as PostView;
}

export function toCommentView(record: StoredComment | CommentView): CommentView {
  if (!("editTokenHash" in record)) return record; // already a view
  const { editTokenHash: _secret, passwordHash, ...view } = record;
  return {
    ...view,
    hasPassword: passwordHash !== undefined,
    byModerator: view.byModerator ?? false,
    attachments: view.attachments ?? [],
    ...(view.hiddenAt !== undefined ? { body: "", attachments: [] } : {}),
  } as CommentView;
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
