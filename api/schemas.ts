import * as z from "zod";
import { limits } from "./limits.js";

// Control characters other than tab and newline (CR is folded into LF first).
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

function text(bounds: { min: number; max: number }) {
  return z
    .string()
    .overwrite((value) => value.replace(/\r\n?/g, "\n"))
    .trim()
    .min(bounds.min)
    .max(bounds.max)
    .refine((value) => !controlCharacters.test(value), "Must not contain control characters.");
}

const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Must be an id (a ULID).");
export const postId = ulid.describe("The post's id (a ULID).");
export const commentId = ulid.describe("The comment's id (a ULID).");
export const board = z.string().regex(limits.boardSlug, "Must be 1–32 lowercase letters, digits or dashes.").describe("The board's slug.");
export const title = text(limits.titleLength);
export const postBody = text(limits.postBodyLength);
export const commentBody = text(limits.commentBodyLength);
export const author = text(limits.authorLength);
// Numbers are made fresh for every router: trpc-to-openapi switches coercion on in place for
// the REST router's schemas, and the tRPC router must not inherit that.
export const pageSize = () =>
  z.number().int().min(limits.pageSize.min).max(limits.pageSize.max).default(limits.pageSize.default).describe(`Page size, ${limits.pageSize.min}–${limits.pageSize.max}.`);
export const cursor = z.string().max(limits.cursorLength.max).nullish().describe("The `nextCursor` of the previous page.");
export const expectedVersion = () => z.number().int().min(1).describe("The version you read; a stale one is a 409 conflict.");

export const postView = z.object({
  board: z.string(),
  postId: z.string(),
  title: z.string(),
  body: z.string(),
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  commentCount: z.number().int(),
});

export const commentView = z.object({
  postId: z.string(),
  commentId: z.string(),
  body: z.string(),
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const editToken = z.string().describe("Shown once: send it as 'Authorization: Bearer <editToken>' to edit or delete.");
