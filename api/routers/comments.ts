import * as z from "zod";
import { publicProcedure, router } from "../trpc.js";
import { author, commentBody, commentId, commentView, cursor, editToken, expectedVersion, pageOf, pageSize, postId } from "../schemas.js";
import { resolveExpectedVersion } from "./versions.js";
import { errors } from "./errors.js";

const tags = ["comments"];

export function createCommentsRouter() {
  return router({
    list: publicProcedure
      .meta({ openapi: { method: "GET", path: "/posts/{postId}/comments", tags, summary: "List a post's comments, oldest first", errorResponses: errors.read } })
      .input(z.object({ postId, limit: pageSize(), cursor }))
      .output(pageOf(commentView))
      .query(({ ctx, input }) => ctx.board.comments.list(input)),

    create: publicProcedure
      .meta({ openapi: { method: "POST", path: "/posts/{postId}/comments", tags, summary: "Comment on a post", successDescription: "Created", errorResponses: errors.createIn } })
      .input(z.object({ postId, body: commentBody, author }))
      .output(z.object({ comment: commentView, editToken }))
      .mutation(({ ctx, input }) => ctx.board.comments.create(input, { idempotencyKey: ctx.idempotencyKey })),

    update: publicProcedure
      .meta({ openapi: { method: "PATCH", path: "/posts/{postId}/comments/{commentId}", tags, summary: "Edit a comment (edit token or moderator)", protect: true, errorResponses: errors.change } })
      .input(z.object({ postId, commentId, body: commentBody, expectedVersion: expectedVersion().optional() }))
      .output(commentView)
      .mutation(({ ctx, input }) => ctx.board.comments.update({ ...input, expectedVersion: resolveExpectedVersion(input.expectedVersion, ctx) }, ctx.actor)),

    delete: publicProcedure
      .meta({ openapi: { method: "DELETE", path: "/posts/{postId}/comments/{commentId}", tags, summary: "Delete a comment (edit token or moderator)", protect: true, successDescription: "Deleted", errorResponses: errors.remove } })
      .input(z.object({ postId, commentId }))
      .output(z.void())
      .mutation(async ({ ctx, input }) => {
        await ctx.board.comments.delete(input, ctx.actor);
      }),
  });
}
