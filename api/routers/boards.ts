import { z } from "../zod.js";
import { publicProcedure, router } from "../trpc.js";
import {
  bestDays,
  bestPage,
  bestUpvotes,
  board,
  boardDescription,
  boardName,
  boardPage,
  boardPageNumber,
  boardPosition,
  boardView,
  cursor,
  expectedVersion,
  pageSize,
} from "../schemas.js";
import { resolveExpectedVersion } from "./versions.js";
import { errors } from "./errors.js";

const tags = ["boards"];

export function createBoardsRouter() {
  return router({
    list: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/boards",
          tags,
          protect: false,
          summary: "List the boards, in the moderator's order",
          description: "Every board with its name, description, post count and latest activity: the board list a home page shows.",
          errorResponses: errors.boardList,
        },
      })
      .input(z.void())
      .output(z.object({ boards: z.array(boardView) }))
      .query(async ({ ctx }) => ({ boards: await ctx.operations.boards.list() })),

    page: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/boards/{board}",
          tags,
          protect: false,
          summary: "Read one numbered page of a board, with its notices",
          description:
            "Posts by their number on the board (번호), highest first, 20 numbers a page; the board's notices (공지) with every page. Each page costs the same two bounded Queries, page 1 or page 500. A post appears here once the stream projector has numbered it (a second or two after it is written).",
          errorResponses: errors.boardPage,
        },
      })
      .input(z.object({ board, page: boardPageNumber() }))
      .output(boardPage)
      .query(({ ctx, input }) => ctx.operations.boards.page(input)),

    best: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/boards/{board}/best",
          tags,
          protect: false,
          summary: "Read a board's 베스트: the posts that reached its rule, newest first",
          description:
            "A post enters when it has the board's rule of 추천 within the rule's days of being written (see the board's `best`), a second or two after the vote that took it there; once in, it stays until it is deleted. One Query a page: pass `nextCursor` back as `cursor`.",
          errorResponses: errors.best,
        },
      })
      .input(z.object({ board, limit: pageSize(), cursor }))
      .output(bestPage)
      .query(({ ctx, input }) => ctx.operations.boards.best(input)),

    create: publicProcedure
      .meta({
        openapi: {
          method: "POST",
          path: "/boards",
          tags,
          protect: true,
          summary: "Open a board (moderator)",
          description: "The slug is its URL and never changes; the name and description can.",
          successDescription: "Created",
          errorResponses: errors.createBoard,
        },
        rest: { successStatus: 201 },
      })
      .input(z.object({ board, name: boardName, description: boardDescription.default("") }))
      .output(boardView)
      .mutation(({ ctx, input }) => ctx.operations.boards.create(input, ctx.actor)),

    update: publicProcedure
      .meta({
        openapi: {
          method: "PATCH",
          path: "/boards/{board}",
          tags,
          protect: true,
          summary: "Rename a board, describe it, move it in the list or set its 베스트 rule (moderator)",
          description: "Give any of name, description, position and the 베스트 rule (bestUpvotes, bestDays), and the version you read.",
          errorResponses: errors.updateBoard,
        },
        rest: {
          etag: (view: { version: number }) => view.version,
          ifMatch: true,
          requireOneOf: ["name", "description", "position", "bestUpvotes", "bestDays"],
        },
      })
      .input(
        z
          .object({
            board,
            name: boardName.optional(),
            description: boardDescription.optional(),
            position: boardPosition().optional(),
            bestUpvotes: bestUpvotes().optional(),
            bestDays: bestDays().optional(),
            expectedVersion: expectedVersion().optional(),
          })
          .refine((value) => [value.name, value.description, value.position, value.bestUpvotes, value.bestDays].some((field) => field !== undefined), {
            message: "Give a name, a description, a position or a 베스트 rule.",
            path: ["name"],
          }),
      )
      .output(boardView)
      .mutation(({ ctx, input }) => ctx.operations.boards.update({ ...input, expectedVersion: resolveExpectedVersion(input.expectedVersion, ctx) }, ctx.actor)),
  });
}
