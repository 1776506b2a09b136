import { z } from "../zod.js";
import { publicProcedure, router } from "../trpc.js";
import { author, commentId, cursor, postId, reviewEntry } from "../schemas.js";
import { errors } from "./errors.js";
import { limits } from "../limits.js";

const tags = ["moderation"];
const reservedNames = z
  .object({
    names: z.array(z.string()).describe("The names the moderator reserved."),
    always: z.array(z.string()).describe("Names reserved whatever the moderator sets (운영자, 관리자, admin…)."),
  })
  .meta({ id: "ReservedNames", description: "Names only the moderator may post under." });

const queuePageSize = () =>
  z
    .number()
    .int()
    .min(limits.reports.queuePageSize.min)
    .max(limits.reports.queuePageSize.max)
    .default(limits.reports.queuePageSize.default)
    .describe(`Page size, ${limits.reports.queuePageSize.min}–${limits.reports.queuePageSize.max}.`);

export function createModerationRouter() {
  return router({
    queue: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/moderation/queue",
          tags,
          protect: true,
          summary: "The reported posts and comments (moderator)",
          description:
            "Entries waiting for a decision (open, or hidden pending review) first, then the ones decided; newest report first, or most reports first. One Query a page: pass `nextCursor` back as `cursor`.",
          errorResponses: errors.queue,
        },
      })
      .input(
        z.object({
          order: z.enum(["newest", "most"]).default("newest").describe("newest: latest report first; most: most reports since the last decision first."),
          limit: queuePageSize(),
          cursor,
        }),
      )
      .output(
        z
          .object({ items: z.array(reviewEntry), nextCursor: z.string().nullable().describe("Pass it as `cursor` for the next page; null on the last page.") })
          .meta({ id: "ReviewQueue", description: "A page of the moderator's queue." }),
      )
      .query(({ ctx, input }) => ctx.operations.moderation.queue(input, ctx.actor)),

    review: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/moderation/reviews",
          tags,
          protect: true,
          summary: "Decide on a reported post or comment (moderator)",
          description:
            "hide: hide it pending review; unhide: show it again (its reports are set aside); dismiss: keep it shown and set its reports aside; delete: delete it (a post with its comments). Its reports since then start again from 0.",
          errorResponses: errors.review,
        },
      })
      .input(
        z.object({
          postId,
          commentId: commentId.optional().describe("The comment; omit it for the post."),
          action: z.enum(["hide", "unhide", "dismiss", "delete"]).describe("What to do with it."),
        }),
      )
      .output(
        z.object({
          postId,
          commentId: commentId.optional(),
          action: z.enum(["hide", "unhide", "dismiss", "delete"]),
          status: reviewEntry.shape.status,
        }),
      )
      .mutation(({ ctx, input }) => ctx.operations.moderation.review(input, ctx.actor)),

    reservedNames: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/moderation/reserved-names",
          tags,
          protect: false,
          summary: "The names only the moderator may post under",
          description:
            "A name matches a reserved one when they are equal after compatibility composition (NFKC), lowercasing and dropping everything but letters: '운 영 자', '운영자1' and 'ＡＤＭＩＮ' are reserved names. Posting under one without the moderator token is a 400 on `author`.",
          errorResponses: errors.boardList,
        },
      })
      .input(z.void())
      .output(reservedNames)
      .query(({ ctx }) => ctx.operations.moderation.reservedNames()),

    reserveNames: publicProcedure
      .meta({
        openapi: {
          method: "PUT",
          path: "/moderation/reserved-names",
          tags,
          protect: true,
          summary: "Set the names only the moderator may post under (moderator)",
          description: `Replaces the moderator's list (at most ${limits.reservedNames.moderatorMax} names); the always-reserved names stay. Creates see the change within a minute.`,
          errorResponses: errors.moderatorWrite,
        },
      })
      .input(
        z.object({
          names: z
            .array(author)
            .max(limits.reservedNames.moderatorMax)
            .describe(`Up to ${limits.reservedNames.moderatorMax} names, each as a post's author name may be.`),
        }),
      )
      .output(reservedNames)
      .mutation(({ ctx, input }) => ctx.operations.moderation.reserveNames(input, ctx.actor)),
  });
}
