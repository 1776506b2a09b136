import * as z from "zod";
import { publicProcedure, router } from "./trpc.js";
import { postsRouter } from "./routers/posts.js";
import { commentsRouter } from "./routers/comments.js";

export const appRouter = router({
  posts: postsRouter,
  comments: commentsRouter,
  health: publicProcedure
    .meta({ openapi: { method: "GET", path: "/health", tags: ["meta"], summary: "Liveness check" } })
    .input(z.void())
    .output(z.object({ ok: z.literal(true) }))
    .query(() => ({ ok: true as const })),
});

/** The API's type: what `client/` imports (as a type only) to stay in step with the server. */
export type AppRouter = typeof appRouter;
