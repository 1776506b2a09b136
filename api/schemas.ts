import * as z from "zod";
import { limits } from "./limits.js";

import { textRules } from "./text-rules.js";

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

const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Must be an id (a ULID).");
export const postId = ulid.describe("The post's id (a ULID).");
export const commentId = ulid.describe("The comment's id (a ULID).");
export const board = z.string().regex(limits.boardSlug, "Must be 1–32 lowercase letters, digits or dashes.").describe("The board's slug.");
export const title = text(limits.titleLength);
export const postBody = text(limits.postBodyLength);
export const commentBody = text(limits.commentBodyLength);
export const author = text(limits.authorLength, textRules.name);
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
