import { z } from "../zod.js";
import { publicProcedure, router } from "../trpc.js";
import { limits } from "../limits.js";
import {
  author,
  board,
  imageRefs,
  cursor,
  editToken,
  expectedVersion,
  pageSize,
  password,
  postBody,
  postId,
  postPage,
  postView,
  reportReason,
  reportText,
  searchPage,
  searchPageSize,
  searchQuery,
  searchScope,
  threadView,
  title,
} from "../schemas.js";
import type { PostView } from "../board/index.js";
import { resolveExpectedVersion } from "./versions.js";
import { errors } from "./errors.js";

const tags = ["posts"];
const versionOf = (post: PostView) => post.version;

export function createPostsRouter() {
  return router({
    list: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/boards/{board}/posts",
          tags,
          protect: false,
          summary: "List a board's posts, newest first",
          description: "One page at a time: pass `nextCursor` back as `cursor`. Deleted posts are left out.",
          errorResponses: errors.list,
        },
      })
      .input(z.object({ board, limit: pageSize(), cursor }))
      .output(postPage)
      .query(({ ctx, input }) => ctx.operations.posts.list(input)),

    search: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/boards/{board}/search",
          tags,
          protect: false,
          summary: "Search a board's posts, newest first",
          description:
            "Titles, texts and authors, in Korean and English (and Japanese, Chinese), through an index the stream projector keeps: a post is findable a second or two after it is written or edited, and no longer once it is deleted. Every result was checked against the post's text. Pass `nextCursor` back as `cursor` to search further.",
          errorResponses: errors.search,
        },
      })
      .input(z.object({ board, q: searchQuery, scope: searchScope, limit: searchPageSize(), cursor }))
      .output(searchPage)
      .query(({ ctx, input }) => ctx.operations.posts.search(input)),

    get: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/posts/{postId}",
          tags,
          protect: false,
          summary: "Read a thread: the post and its first page of comments",
          description: "The ETag is the post's version, for If-Match on a later edit.",
          errorResponses: errors.thread,
        },
        rest: { etag: (thread: { post: PostView }) => thread.post.version },
      })
      .input(z.object({ postId, limit: pageSize() }))
      .output(threadView)
      .query(({ ctx, input }) => ctx.operations.posts.thread(input)),

    create: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/posts",
          tags,
          protect: false,
          summary: "Write a post",
          description:
            "Answers with the post and its edit token, shown this once. It carries a `posterTag` telling its writer apart; with the moderator token (`Authorization: Bearer …`, optional) it is the moderator's instead (`byModerator`), and only then may its author be a reserved name (GET /moderation/reserved-names).",
          successDescription: "Created",
          errorResponses: errors.createPost,
        },
        creates: "post",
        rest: { successStatus: 201, idempotencyKey: true },
      })
      .input(z.object({ board, title, body: postBody, author, password: password.optional(), attachments: imageRefs(limits.image.perPost) }))
      .output(z.object({ post: postView, editToken }))
      .mutation(({ ctx, input }) => ctx.operations.posts.create(input, { idempotencyKey: ctx.idempotencyKey, actor: ctx.actor, clientKey: ctx.clientKey })),

    update: publicProcedure
      .meta({
        openapi: {
          method: "PATCH",
          path: "/posts/{postId}",
          tags,
          protect: true,
          summary: "Edit a post (edit token or moderator)",
          description: "Give a title, a body or both, and the version you read.",
          errorResponses: errors.update,
        },
        rest: { etag: versionOf, ifMatch: true, requireOneOf: ["title", "body"] },
      })
      .input(
        z
          .object({ postId, title: title.optional(), body: postBody.optional(), expectedVersion: expectedVersion().optional() })
          .refine((value) => value.title !== undefined || value.body !== undefined, { message: "Give a title, a body or both.", path: ["title"] }),
      )
      .output(postView)
      .mutation(({ ctx, input }) => ctx.operations.posts.update({ ...input, expectedVersion: resolveExpectedVersion(input.expectedVersion, ctx) }, ctx.actor)),

    unlock: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/posts/{postId}/edit-token",
          tags,
          protect: false,
          summary: "Exchange a post's 비밀번호 for its edit token",
          description: `For a post written with a password, from any device: the answer's edit token edits and deletes it as the one its author got at creation does (and keeps working). Each attempt counts as a write; at most ${limits.password.attempts.perClient} attempts per client and ${limits.password.attempts.perItem} from everyone per post per hour, after which the post's password rests until the hour ends.`,
          errorResponses: errors.unlock,
        },
      })
      .input(z.object({ postId, password }))
      .output(z.object({ post: postView, editToken }))
      .mutation(({ ctx, input }) => ctx.operations.posts.unlock(input, ctx.clientKey)),

    report: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/posts/{postId}/reports",
          tags,
          protect: false,
          summary: "Report a post (신고)",
          description: `One report per reader per item (readers behind one address share one): \`counted\` is false for a repeat, which changes nothing. The moderator's queue counts it a second or two later (the stream projector); at ${limits.reports.hideThreshold} reports (the stack's setting) since the moderator last decided on it, the item is hidden pending review. Counts as a write for the rate limit.`,
          errorResponses: errors.report,
        },
      })
      .input(z.object({ postId, reason: reportReason, text: reportText.optional() }))
      .output(z.object({ postId, counted: z.boolean().describe("Whether this report was counted (false: this reader reported it already).") }))
      .mutation(async ({ ctx, input }) => {
        const outcome = await ctx.operations.moderation.report(input, ctx.clientKey);
        if (outcome.counted) ctx.observations.reportsFiled++;
        return { postId: outcome.postId, counted: outcome.counted };
      }),

    viewed: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/posts/{postId}/views",
          tags,
          protect: false,
          summary: "Count a view of a post (조회)",
          description:
            "Once per reader per post per hour: `counted` is false for a view already counted this hour. The post's `viewCount` follows a second or two later (the stream projector adds the views). Counts as a write for the rate limit.",
          errorResponses: errors.viewed,
        },
      })
      .input(z.object({ postId }))
      .output(z.object({ counted: z.boolean().describe("Whether this view was counted (false: this reader's view of it this hour was counted already).") }))
      .mutation(({ ctx, input }) => ctx.operations.posts.viewed(input, ctx.clientKey)),

    vote: publicProcedure
      .meta({
        openapi: {
          method: "PUT",
          path: "/posts/{postId}/vote",
          tags,
          protect: false,
          summary: "Recommend a post (추천), or not (비추천), or take the vote back",
          description:
            "One vote per reader per post (readers behind one address share one vote); sending another value changes it, `none` takes it back. The post's `upvotes` and `downvotes` follow a second or two later (the stream projector counts the votes). Counts as a write for the rate limit.",
          errorResponses: errors.vote,
        },
      })
      .input(z.object({ postId, vote: z.enum(["up", "down", "none"]).describe("up: 추천; down: 비추천; none: no vote.") }))
      .output(z.object({ postId, vote: z.enum(["up", "down", "none"]) }))
      .mutation(({ ctx, input }) => ctx.operations.posts.vote(input, ctx.clientKey)),

    pin: publicProcedure
      .meta({
        openapi: {
          method: "PUT",
          path: "/posts/{postId}/pinned",
          tags,
          protect: true,
          summary: "Pin a post as a notice of its board, or unpin it (moderator)",
          description:
            "A notice (공지) heads every page of its board. The post is marked at once; the board's pages show it a second or two later (the stream projector keeps the notice row).",
          errorResponses: errors.pin,
        },
      })
      .input(z.object({ postId, pinned: z.boolean().describe("True to pin, false to unpin.") }))
      .output(z.object({ postId, pinned: z.boolean() }))
      .mutation(({ ctx, input }) => ctx.operations.boards.pin(input, ctx.actor)),

    delete: publicProcedure
      .meta({
        openapi: {
          method: "DELETE",
          path: "/posts/{postId}",
          tags,
          protect: true,
          summary: "Delete a post and its comments (edit token or moderator)",
          successDescription: "Deleted",
          errorResponses: errors.remove,
        },
        rest: { successStatus: 204 },
      })
      .input(z.object({ postId }))
      .output(z.void())
      .mutation(async ({ ctx, input }) => {
        await ctx.operations.posts.delete(input, ctx.actor);
      }),
  });
}
