import * as z from "zod";
import { publicProcedure, router } from "../trpc.js";
import { author, commentBody, commentId, commentView, cursor, editToken, expectedVersion, pageOf, pageSize, postId } from "../schemas.js";

const tags = ["comments"];

export const commentsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/posts/{postId}/comments", tags, summary: "List a post's comments, oldest first" } })
    .input(z.object({ postId, limit: pageSize, cursor }))
    .output(pageOf(commentView))
    .query(({ ctx, input }) => ctx.board.comments.list(input)),

  create: publicProcedure
    .meta({ openapi: { method: "POST", path: "/posts/{postId}/comments", tags, summary: "Comment on a post" } })
    .input(z.object({ postId, body: commentBody, author }))
    .output(z.object({ comment: commentView, editToken }))
    .mutation(({ ctx, input }) => ctx.board.comments.create(input)),

  update: publicProcedure
    .meta({ openapi: { method: "PATCH", path: "/posts/{postId}/comments/{commentId}", tags, summary: "Edit a comment (edit token or moderator)", protect: true } })
    .input(z.object({ postId, commentId, body: commentBody, expectedVersion }))
    .output(commentView)
    .mutation(({ ctx, input }) => ctx.board.comments.update(input, ctx.actor)),

  delete: publicProcedure
    .meta({ openapi: { method: "DELETE", path: "/posts/{postId}/comments/{commentId}", tags, summary: "Delete a comment (edit token or moderator)", protect: true } })
    .input(z.object({ postId, commentId }))
    .output(z.object({ postId: z.string(), commentId: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => ctx.board.comments.delete(input, ctx.actor)),
});
