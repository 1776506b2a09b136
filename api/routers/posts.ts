import * as z from "zod";
import { publicProcedure, router } from "../trpc.js";
import { author, board, cursor, commentView, editToken, expectedVersion, pageOf, pageSize, postBody, postId, postView, title } from "../schemas.js";
import { resolveExpectedVersion } from "./versions.js";
import { errors } from "./errors.js";

const tags = ["posts"];

export function createPostsRouter() {
  return router({
    list: publicProcedure
      .meta({ openapi: { method: "GET", path: "/boards/{board}/posts", tags, summary: "List a board's posts, newest first", errorResponses: errors.read } })
      .input(z.object({ board, limit: pageSize(), cursor }))
      .output(pageOf(postView))
      .query(({ ctx, input }) => ctx.board.posts.list(input)),

    get: publicProcedure
      .meta({ openapi: { method: "GET", path: "/posts/{postId}", tags, summary: "Read a thread: the post and its first page of comments", errorResponses: errors.readOne } })
      .input(z.object({ postId, limit: pageSize() }))
      .output(z.object({ post: postView, comments: pageOf(commentView) }))
      .query(({ ctx, input }) => ctx.board.posts.thread(input)),

    create: publicProcedure
      .meta({ openapi: { method: "POST", path: "/posts", tags, summary: "Write a post", successDescription: "Created", errorResponses: errors.create } })
      .input(z.object({ board, title, body: postBody, author }))
      .output(z.object({ post: postView, editToken }))
      .mutation(({ ctx, input }) => ctx.board.posts.create(input, { idempotencyKey: ctx.idempotencyKey })),

    update: publicProcedure
      .meta({ openapi: { method: "PATCH", path: "/posts/{postId}", tags, summary: "Edit a post (edit token or moderator)", protect: true, errorResponses: errors.change } })
      .input(
        z
          .object({ postId, title: title.optional(), body: postBody.optional(), expectedVersion: expectedVersion().optional() })
          .refine((value) => value.title !== undefined || value.body !== undefined, { message: "Give a title, a body or both.", path: ["title"] }),
      )
      .output(postView)
      .mutation(({ ctx, input }) => ctx.board.posts.update({ ...input, expectedVersion: resolveExpectedVersion(input.expectedVersion, ctx) }, ctx.actor)),

    delete: publicProcedure
      .meta({ openapi: { method: "DELETE", path: "/posts/{postId}", tags, summary: "Delete a post and its comments (edit token or moderator)", protect: true, successDescription: "Deleted", errorResponses: errors.remove } })
      .input(z.object({ postId }))
      .output(z.void())
      .mutation(async ({ ctx, input }) => {
        await ctx.board.posts.delete(input, ctx.actor);
      }),
  });
}
