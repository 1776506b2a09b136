import * as z from "zod";
import { publicProcedure, router } from "./trpc.js";
import { createPostsRouter } from "./routers/posts.js";
import { createCommentsRouter } from "./routers/comments.js";

/** A new router with its own schema instances (the REST bridge needs a copy it may modify). */
export function createAppRouter() {
  return router({
    posts: createPostsRouter(),
    comments: createCommentsRouter(),
    health: publicProcedure
      .meta({ openapi: { method: "GET", path: "/health", tags: ["meta"], protect: false, summary: "Liveness check", description: "Answers `{ok: true}` when the function runs (it does not touch the store).", errorResponses: {} } })
      .input(z.void())
      .output(z.object({ ok: z.literal(true) }))
      .query(() => ({ ok: true as const })),
  });
}

export const appRouter = createAppRouter();

/** The API's type: what `client/` imports (as a type only) to stay in step with the server. */
export type AppRouter = typeof appRouter;
