import { BoardError } from "../board/errors.js";
import type { Context } from "../trpc.js";

/** Updates name the version they read in the body, or (REST) in an `If-Match` header. */
export function resolveExpectedVersion(fromBody: number | undefined, ctx: Pick<Context, "ifMatchVersion">): number {
  const version = fromBody ?? ctx.ifMatchVersion;
  if (version !== undefined) return version;
  const message = "Give the version you read: expectedVersion in the body, or an If-Match header.";
  throw new BoardError("BAD_REQUEST", message, [{ path: "expectedVersion", message }]);
}
