import { z } from "./zod.js";
import { publicProcedure, router } from "./trpc.js";
import { createPostsRouter } from "./routers/posts.js";
import { createCommentsRouter } from "./routers/comments.js";
import { createAttachmentsRouter } from "./routers/attachments.js";
import { createBoardsRouter } from "./routers/boards.js";
import { createModerationRouter } from "./routers/moderation.js";

/** A new router with its own schema instances (the REST bridge needs a copy it may modify). */
export function createAppRouter() {
  return router({
    boards: createBoardsRouter(),
    posts: createPostsRouter(),
    comments: createCommentsRouter(),
    attachments: createAttachmentsRouter(),
    moderation: createModerationRouter(),
    moderator: router({
      // A mutation, so every guess counts against the caller's write limit.
      check: publicProcedure
        .meta({
          openapi: {
            method: "POST",
            path: "/moderator/check",
            tags: ["meta"],
            protect: true,
            summary: "Check a moderator token",
            description: "Answers whether the bearer token is the moderator token, and nothing else. Each check counts as a write for the rate limit.",
            errorResponses: { 429: "Too many checks from this client: wait `Retry-After` seconds" },
          },
        })
        .input(z.void())
        .output(z.object({ moderator: z.boolean().describe("True when the token is the moderator token.") }))
        .mutation(({ ctx }) => ctx.operations.moderation.check(ctx.actor)),
    }),
    health: publicProcedure
      .meta({
        openapi: {
          method: "GET",
          path: "/health",
          tags: ["meta"],
          protect: false,
          summary: "Liveness check",
          description: "Answers `{ok: true}` when the function runs (it does not touch the store).",
          errorResponses: {},
        },
      })
      .input(z.void())
      .output(z.object({ ok: z.literal(true) }))
      .query(() => ({ ok: true as const })),
  });
}

export const appRouter = createAppRouter();

/** The API's type: what `client/` imports (as a type only) to stay in step with the server. */
export type AppRouter = typeof appRouter;
