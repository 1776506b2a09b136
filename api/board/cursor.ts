import { createHmac, timingSafeEqual } from "node:crypto";
import { isValid as isUlid } from "ulid";
import { BoardError } from "./errors.js";

const cursorLifetimeSeconds = 24 * 60 * 60;

/**
 * Page cursors name the last item a page showed. They are signed and bound to the query they
 * continue (a board, a post's comments), so a client can neither forge nor transplant them.
 */
export function createCursorCodec(secret: string, now: () => number = Date.now) {
  const sign = (payload: string) => createHmac("sha256", secret).update(payload).digest("base64url");

  return {
    encode(scope: string, lastId: string): string {
      const expires = Math.floor(now() / 1000) + cursorLifetimeSeconds;
      const payload = Buffer.from(JSON.stringify({ s: scope, k: lastId, x: expires })).toString("base64url");
      return `${payload}.${sign(payload)}`;
    },

    /** The id (a ULID, unless `isKey` says otherwise) to continue after; throws BAD_REQUEST for anything not made by `encode` for this scope. */
    decode(scope: string, cursor: string, isKey: (key: string) => boolean = isUlid): string {
      const [payload, signature, extra] = cursor.split(".");
      if (!payload || !signature || extra !== undefined) throw invalidCursor();
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalidCursor();
      const decoded = parse(payload);
      if (decoded.s !== scope || typeof decoded.k !== "string" || !isKey(decoded.k)) throw invalidCursor();
      if (typeof decoded.x !== "number" || decoded.x < now() / 1000) throw invalidCursor("This cursor has expired: start from the first page.");
      return decoded.k;
    },
  };
}

export type CursorCodec = ReturnType<typeof createCursorCodec>;

function parse(payload: string): { s?: unknown; k?: unknown; x?: unknown } {
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? value : {};
  } catch {
    return {};
  }
}

function invalidCursor(message = "This cursor is not valid for this list."): BoardError {
  return new BoardError("BAD_REQUEST", message, [{ path: "cursor", message }]);
}
