import * as z from "zod";
import { publicProcedure, router } from "../trpc.js";
import { author } from "../schemas.js";
import { errors } from "./errors.js";
import { limits } from "../limits.js";

const tags = ["moderation"];
const reservedNames = z
  .object({
    names: z.array(z.string()).describe("The names the moderator reserved."),
    always: z.array(z.string()).describe("Names reserved whatever the moderator sets (운영자, 관리자, admin…)."),
  })
  .meta({ id: "ReservedNames", description: "Names only the moderator may post under." });

export function createModerationRouter() {
  return router({
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
