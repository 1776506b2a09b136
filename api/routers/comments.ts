import { z } from "../zod.js";
import { publicProcedure, router } from "../trpc.js";
import { limits } from "../limits.js";
import {
  author,
  reportReason,
  reportText,
  commentBody,
  imageRefs,
  commentId,
  commentPage,
  commentView,
  cursor,
  editToken,
  expectedVersion,
  pageSize,
  password,
  postId,
} from "../schemas.js";
import type { CommentView } from "../board/index.js";
import { resolveExpectedVersion } from "./versions.js";
import { errors } from "./errors.js";

const tags = ["comments"];

export function createCommentsRouter() {
  return router({
    list: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/posts/{postId}/comments",
          tags,
          protect: false,
          summary: "List a post's comments, oldest first",
          description: "One page at a time: pass `nextCursor` back as `cursor`.",
          errorResponses: errors.list,
        },
      })
      .input(z.object({ postId, limit: pageSize(), cursor }))
      .output(commentPage)
      .query(({ ctx, input }) => ctx.operations.comments.list(input)),

    create: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/posts/{postId}/comments",
          tags,
          protect: false,
          summary: "Comment on a post",
          description:
            "Answers with the comment and its edit token, shown this once. It carries a `posterTag` telling its writer apart; with the moderator token (`Authorization: Bearer …`, optional) it is the moderator's instead (`byModerator`), and only then may its author be a reserved name (GET /moderation/reserved-names).",
          successDescription: "Created",
          errorResponses: errors.createComment,
        },
        creates: "comment",
        rest: { successStatus: 201, idempotencyKey: true },
      })
      .input(z.object({ postId, body: commentBody, author, password: password.optional(), attachments: imageRefs(limits.image.perComment) }))
      .output(z.object({ comment: commentView, editToken }))
      .mutation(({ ctx, input }) => ctx.operations.comments.create(input, { idempotencyKey: ctx.idempotencyKey, actor: ctx.actor, clientKey: ctx.clientKey })),

    update: publicProcedure
      .meta({
        openapi: {
          method: "PATCH",
          path: "/posts/{postId}/comments/{commentId}",
          tags,
          protect: true,
          summary: "Edit a comment (edit token or moderator)",
          description: "Give the new body and the version you read.",
          errorResponses: errors.update,
        },
        rest: { etag: (comment: CommentView) => comment.version, ifMatch: true },
      })
      .input(z.object({ postId, commentId, body: commentBody, expectedVersion: expectedVersion().optional() }))
      .output(commentView)
      .mutation(({ ctx, input }) =>
        ctx.operations.comments.update({ ...input, expectedVersion: resolveExpectedVersion(input.expectedVersion, ctx) }, ctx.actor),
      ),

    unlock: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/posts/{postId}/comments/{commentId}/edit-token",
          tags,
          protect: false,
          summary: "Exchange a comment's 비밀번호 for its edit token",
          description: `As for a post: from any device; each attempt counts as a write; at most ${limits.password.attempts.perClient} attempts per client and ${limits.password.attempts.perItem} from everyone per comment per hour.`,
          errorResponses: errors.unlock,
        },
      })
      .input(z.object({ postId, commentId, password }))
      .output(z.object({ comment: commentView, editToken }))
      .mutation(({ ctx, input }) => ctx.operations.comments.unlock(input, ctx.clientKey)),

    report: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/posts/{postId}/comments/{commentId}/reports",
          tags,
          protect: false,
          summary: "Report a comment (신고)",
          description: `One report per reader per item (readers behind one address share one): \`counted\` is false for a repeat, which changes nothing. The moderator's queue counts it a second or two later (the stream projector); at ${limits.reports.hideThreshold} reports (the stack's setting) since the moderator last decided on it, the item is hidden pending review. Counts as a write for the rate limit.`,
          errorResponses: errors.report,
        },
      })
      .input(z.object({ postId, commentId, reason: reportReason, text: reportText.optional() }))
      .output(z.object({ postId, commentId, counted: z.boolean().describe("Whether this report was counted (false: this reader reported it already).") }))
      .mutation(async ({ ctx, input }) => {
        const outcome = await ctx.operations.moderation.report(input, ctx.clientKey);
        if (outcome.counted) ctx.observations.reportsFiled++;
        return { postId: input.postId, commentId: input.commentId, counted: outcome.counted };
      }),

    delete: publicProcedure
      .meta({
        openapi: {
          method: "DELETE",
          path: "/posts/{postId}/comments/{commentId}",
          tags,
          protect: true,
          summary: "Delete a comment (edit token or moderator)",
          successDescription: "Deleted",
          errorResponses: errors.remove,
        },
        rest: { successStatus: 204 },
      })
      .input(z.object({ postId, commentId }))
      .output(z.void())
      .mutation(async ({ ctx, input }) => {
        await ctx.operations.comments.delete(input, ctx.actor);
      }),
  });
}
