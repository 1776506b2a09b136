import { z } from "./zod.js";
import { limits } from "./limits.js";

import { textRules } from "./text-rules.js";
import { commentViewSchema, postViewSchema } from "./board/views.js";
import { searchScopes } from "./board/search.js";
import { reportReasons, reviewStatuses } from "../entities/report.js";

/**
 * Text as people write it: line endings folded to LF, composed to NFC (so "é" is one character
 * however it was typed), trimmed; then checked against the text rules and the length bounds.
 */
function text(bounds: { min: number; max: number }, rules = textRules.prose) {
  let schema = z
    .string()
    .refine((value) => value.isWellFormed(), textRules.messages.broken)
    .overwrite((value) => value.replace(/\r\n?/g, "\n").normalize("NFC"))
    .trim()
    .min(bounds.min)
    .max(bounds.max);
  for (const rule of rules) schema = schema.refine((value) => !rule.pattern.test(value), rule.message);
  return schema;
}

const ulid = z
  .string()
  .length(26, { message: "Must be an id (a ULID).", abort: true })
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Must be an id (a ULID).");
export const postId = ulid.describe("The post's id (a ULID).");
export const commentId = ulid.describe("The comment's id (a ULID).");
export const board = z
  .string()
  .max(32, { message: "Must be 1–32 lowercase letters, digits or dashes.", abort: true })
  .regex(limits.boardSlug, "Must be 1–32 lowercase letters, digits or dashes.")
  .describe("The board's slug: 1–32 lowercase letters, digits or dashes.");

/** What the server checks, said where a client reads it: the bounds apply after trimming and NFC. */
const textDescription = (what: string, bounds: { min: number; max: number }, rules: string) =>
  `${what}: ${bounds.min}–${bounds.max} characters (Unicode code points, counted after trimming and composing to NFC; line endings become LF). ${rules}`;
const proseRules = "No control characters except newline and tab, no text-direction overrides or isolates.";
export const title = text(limits.titleLength).describe(textDescription("The title", limits.titleLength, proseRules));
export const postBody = text(limits.postBodyLength).describe(textDescription("The post's text", limits.postBodyLength, proseRules));
export const commentBody = text(limits.commentBodyLength).describe(textDescription("The comment's text", limits.commentBodyLength, proseRules));
export const author = text(limits.authorLength, textRules.name).describe(
  textDescription(
    "The author's name",
    limits.authorLength,
    "No control, invisible or text-direction characters, and no blank look-alikes such as the Hangul filler U+3164.",
  ),
);
export const reportReason = z.enum(reportReasons).describe("Why: spam (광고·도배), abuse (욕설·비방), illegal (불법), or other (say what in `text`).");
export const reportText = text(limits.reports.textLength).describe(
  textDescription('What is wrong, in the reporter\'s words (optional; for "other" especially)', limits.reports.textLength, proseRules),
);
export const reviewEntry = z
  .object({
    postId,
    commentId: commentId.optional().describe("The comment reported; absent when the post is."),
    board: z.string().describe("The board's slug."),
    title: z.string().optional().describe("The post's title when it was first reported (posts only)."),
    excerpt: z.string().describe("The start of its text when it was first reported (up to 300 characters)."),
    author: z.string().describe("Who wrote it."),
    status: z
      .enum(reviewStatuses)
      .describe("open: waiting; hidden: hidden pending review (by the threshold or the moderator); dismissed: kept, reports set aside; removed: deleted."),
    reports: z.number().int().min(0).describe("Reports since the moderator last decided on it (what the hiding threshold counts)."),
    reasons: z
      .object({ spam: z.number().int().min(0), abuse: z.number().int().min(0), illegal: z.number().int().min(0), other: z.number().int().min(0) })
      .describe("All its reports by reason, ever."),
    lastText: z.string().optional().describe("The latest report's own words."),
    lastReportAt: z.iso.datetime().describe("When it was last reported."),
  })
  .meta({ id: "ReviewEntry", description: "A reported post or comment in the moderator's queue." });

const passwordBounds = limits.password.length;
export const password = z
  .string()
  .max(passwordBounds.max * 4, { message: `Must be ${passwordBounds.min}–${passwordBounds.max} characters.`, abort: true })
  .refine((value) => value.isWellFormed(), textRules.messages.broken)
  .overwrite((value) => value.normalize("NFC"))
  .refine(
    (value) => [...value].length >= passwordBounds.min && [...value].length <= passwordBounds.max,
    `Must be ${passwordBounds.min}–${passwordBounds.max} characters.`,
  )
  .describe(
    `A 비밀번호 (password) of ${passwordBounds.min}–${passwordBounds.max} characters (Unicode code points after composing to NFC; spaces count). Stored only as a memory-hard hash (scrypt), never shown or logged. With it, the item can be edited or deleted from any device: exchange it for the item's edit token (…/edit-token).`,
  );

// Numbers are made fresh for every router: trpc-to-openapi switches coercion on in place for
// the REST router's schemas, and the tRPC router must not inherit that.
export const pageSize = () =>
  z
    .number()
    .int()
    .min(limits.pageSize.min)
    .max(limits.pageSize.max)
    .default(limits.pageSize.default)
    .describe(`Page size, ${limits.pageSize.min}–${limits.pageSize.max}.`);
// tRPC callers may send null for "the first page"; the REST document shows it as an optional string.
export const cursor = z.string().max(limits.cursorLength.max).nullish().describe("The `nextCursor` of the previous page; omit it for the first page.");
export const expectedVersion = () =>
  z.number().int().min(1).describe("The version you read; a stale one is a 409 conflict. REST may send it as If-Match instead.");

// Derived from the entities (api/board/views.ts); named here for the OpenAPI document.
export const postView = postViewSchema.meta({ id: "Post", description: "A post, without its edit token (only its creator got that, once)." });
export const commentView = commentViewSchema.meta({ id: "Comment", description: "A comment, without its edit token." });

function pageOf<T extends z.ZodType>(item: T, id: string, what: string) {
  return z
    .object({ items: z.array(item), nextCursor: z.string().nullable().describe("Pass it as `cursor` for the next page; null on the last page.") })
    .meta({ id, description: `A page of ${what}.` });
}

export const postPage = pageOf(postView, "PostPage", "a board's posts, newest first");
export const commentPage = pageOf(commentView, "CommentPage", "a post's comments, oldest first");
const s = limits.search;
export const searchQuery = z
  .string()
  .refine((value) => value.isWellFormed(), textRules.messages.broken)
  .trim()
  .min(s.queryLength.min)
  .max(s.queryLength.max)
  .describe(
    `What to look for: ${s.queryLength.min}–${s.queryLength.max} characters, at most ${s.queryTokens.max} words or pairs of Hangul/Han characters. Words match whole words (case and full-width letters do not matter); Korean, Japanese and Chinese text matches anywhere, spaces ignored; a single Hangul syllable finds words that start with it.`,
  );
export const searchScope = z.enum(searchScopes).default("all").describe("Where to look: all (title, text and author), title, body or author.");
export const searchPageSize = () =>
  z.number().int().min(s.pageSize.min).max(s.pageSize.max).default(s.pageSize.default).describe(`Results per page, ${s.pageSize.min}–${s.pageSize.max}.`);
const utf16Offset = z.number().int().min(0);
export const searchResult = z
  .object({
    postId,
    board: z.string().describe("The board's slug."),
    title: z.string().describe("The post's title."),
    author: z.string().describe("Who wrote it."),
    posterTag: postViewSchema.shape.posterTag,
    byModerator: postViewSchema.shape.byModerator,
    createdAt: z.iso.datetime().describe("When it was written."),
    commentCount: z.number().int().min(0).describe("How many comments it has (counted from the stream; may lag a moment)."),
    snippet: z
      .object({
        field: z.enum(["title", "body", "author"]).describe("Where the match is."),
        text: z.string().describe(`Up to ${s.snippetLength} characters of that field around the first match.`),
        highlights: z
          .array(z.object({ start: utf16Offset, length: utf16Offset }))
          .describe("The matches in `text`, as UTF-16 offsets (JavaScript string indices): mark them yourself, never as HTML."),
        cutBefore: z.boolean().describe("Whether the field goes on before `text`."),
        cutAfter: z.boolean().describe("Whether the field goes on after `text`."),
      })
      .meta({ id: "SearchSnippet", description: "Where a search matched a post, with the matches marked by offsets." }),
  })
  .meta({ id: "SearchResult", description: "A post a search found: its summary and where it matched." });
export const searchPage = z
  .object({
    items: z.array(searchResult),
    nextCursor: z
      .string()
      .nullable()
      .describe(
        "Pass it as `cursor` to search further; null when there is no more. A page may hold fewer results than asked for, even none, and still have a next one.",
      ),
  })
  .meta({ id: "SearchPage", description: "A page of search results, newest first." });

export const boardName = text(limits.boardName, textRules.name).describe(
  textDescription("The board's name as people read it (자유게시판)", limits.boardName, "No control, invisible or text-direction characters."),
);
export const boardDescription = text(limits.boardDescription).describe(
  textDescription("What the board is for, in a sentence", limits.boardDescription, proseRules),
);
export const boardPageNumber = () =>
  z
    .number()
    .int()
    .min(1)
    .max(limits.boardPage.max)
    .default(1)
    .describe(`Which page: 1 is the newest ${limits.boardPage.size} post numbers, 2 the ${limits.boardPage.size} before them…`);
export const boardPosition = () => z.number().int().min(0).max(1_000_000).describe("Where the board stands in the list: smaller first.");
export const boardView = z
  .object({
    board,
    name: z.string().describe("Its name as people read it."),
    description: z.string().describe("What it is for (may be empty)."),
    position: z.number().int().describe("Where it stands in the list: smaller first."),
    version: z.number().int().min(1).describe("Starts at 1; every change adds 1. Send it back as expectedVersion."),
    postCount: z.number().int().min(0).describe("How many posts it holds, counted from the table's stream (may lag a moment)."),
    lastNumber: z.number().int().min(0).describe("The number of its newest post (0 when it has none): page counts follow from it."),
    lastPostAt: z.iso.datetime().nullable().describe("When its newest post was written; null when it has none."),
    best: z
      .object({
        upvotes: z.number().int().min(1).describe("추천 a post needs…"),
        days: z.number().int().min(1).describe("…within this many days of being written."),
      })
      .describe("The 베스트 rule: what puts a post in the board's best list."),
  })
  .meta({ id: "Board", description: "A board: its slug (the URL key), the name and description its moderator gave it, and its numbers." });
const postRow = z
  .object({
    postId,
    number: z.number().int().min(1).optional().describe("Its number on its board (번호); absent for a second or two after it is written."),
    title: z.string().describe("The title."),
    author: z.string().describe("Who wrote it."),
    posterTag: postViewSchema.shape.posterTag,
    byModerator: postViewSchema.shape.byModerator,
    createdAt: z.iso.datetime().describe("When it was written."),
    commentCount: z.number().int().min(0).describe("How many comments it has (counted from the stream; may lag a moment)."),
    viewCount: z.number().int().min(0).describe("How many times it was viewed (조회), once per reader per hour (counted from the stream; may lag a moment)."),
    upvotes: z.number().int().min(0).describe("추천: how many readers recommend it (counted from the stream; may lag a moment)."),
    imageCount: z.number().int().min(0).describe("How many images it shows."),
    pinned: z.boolean().describe("Whether it is one of the board's notices (공지)."),
    hidden: z.boolean().describe("Hidden pending the moderator's review (reported by enough readers): its title is withheld (empty)."),
  })
  .meta({ id: "PostRow", description: "A post as a board's list shows it: no text." });
export const bestPage = z
  .object({
    items: z.array(postRow),
    nextCursor: z.string().nullable().describe("Pass it as `cursor` for the next page; null on the last page."),
    rule: z
      .object({ upvotes: z.number().int().min(1), days: z.number().int().min(1) })
      .describe("The board's 베스트 rule: this many 추천 within this many days of being written."),
  })
  .meta({ id: "BestPage", description: "A page of a board's 베스트: the posts that reached its rule, newest first." });
const rule = limits.best.rule;
export const bestUpvotes = () =>
  z.number().int().min(rule.upvotes.min).max(rule.upvotes.max).describe(`베스트 rule: 추천 a post needs, ${rule.upvotes.min}–${rule.upvotes.max}.`);
export const bestDays = () =>
  z.number().int().min(rule.days.min).max(rule.days.max).describe(`베스트 rule: within how many days of being written, ${rule.days.min}–${rule.days.max}.`);
export const boardPage = z
  .object({
    board: boardView,
    notices: z.array(postRow).describe("The board's notices (공지), most recently pinned first: the same on every page."),
    posts: z.array(postRow).describe("The page's posts, highest number first. A deleted post's number is left out, so a page may hold fewer."),
    page: z.number().int().min(1).describe("This page's number."),
    pageCount: z.number().int().min(1).describe("How many pages the board has."),
  })
  .meta({ id: "BoardPage", description: "One numbered page of a board, with its notices." });

export const threadView = z.object({ post: postView, comments: commentPage }).meta({ id: "Thread", description: "A post and the first page of its comments." });

export const attachmentId = ulid.describe("The image's id, from attachments.prepare.");
const imageRef = z
  .object({
    id: attachmentId,
    alt: text(limits.image.altLength, textRules.prose).describe(
      textDescription("What the image shows, for people who cannot see it", limits.image.altLength, proseRules),
    ),
  })
  .meta({ id: "ImageRef", description: "An uploaded image to show with a post or comment, once it is processed." });
/** The images a post (up to 4) or a comment (1) shows: uploaded and processed first (attachments.prepare). */
export const imageRefs = (max: number) =>
  z
    .array(imageRef)
    .max(max)
    .optional()
    .describe(`Up to ${max} processed image${max === 1 ? "" : "s"}, in order.`);
export const uploadRequest = z.object({
  contentType: z.enum(limits.image.types).describe("The image's type: JPEG, PNG, WebP or GIF."),
  size: z
    .number()
    .int()
    .min(limits.image.uploadBytes.min)
    .max(limits.image.uploadBytes.max)
    .describe(`The file's size in bytes (at most ${limits.image.uploadBytes.max / 1024 / 1024} MB); the upload must be exactly this long.`),
});
export const preparedUpload = z
  .object({
    attachmentId,
    upload: z
      .object({
        url: z.string().describe("POST a multipart/form-data form here."),
        fields: z.record(z.string(), z.string()).describe("Form fields to send first, as they are; then the file, as `file`."),
        expiresAt: z.iso.datetime().describe("The upload must start before this."),
      })
      .describe("A presigned upload straight to the media bucket, for this one file."),
  })
  .meta({ id: "PreparedUpload", description: "Where to upload an image; it is processed after it lands." });
export const attachmentStatus = z
  .object({
    attachmentId,
    status: z.enum(["uploading", "ready", "rejected"]).describe("`uploading` until the image is processed; `ready` to attach; `rejected` with the reason."),
    reason: z.string().optional().describe("Why the file was refused, in plain words (English)."),
    reasonCode: z
      .enum(limits.image.refusalReasons)
      .optional()
      .describe(
        "Why the file was refused, as a code to word in the reader's language: not-an-image, wrong-type (not the declared type), too-large (over the upload size), too-costly (too many pixels, 16-bit or interlaced beyond the decoding budget, or too slow to decode), unreadable (damaged).",
      ),
    thumbUrl: z.string().optional().describe("When ready: its thumbnail, for a preview."),
  })
  .meta({ id: "AttachmentStatus", description: "What became of an upload." });

export const editToken = z.string().describe("Shown once: send it as 'Authorization: Bearer <editToken>' to edit or delete.");
