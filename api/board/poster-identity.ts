import { createHmac } from "node:crypto";
import type { BoardDeps } from "./deps.js";
import { BoardError, rawStoreErrors } from "./errors.js";
import { assertModerator, isModeratorToken } from "./tokens.js";
import type { Actor } from "./deps.js";
import { limits } from "../limits.js";

/** Letters that cannot be mistaken for one another (no l/1, o/0). */
const tagAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
const tagLength = 6;
/** The board's day is Korea's (UTC+9): a tag changes at midnight where most of its readers are. */
const dayOffsetMs = 9 * 3600 * 1000;

/**
 * A poster tag: the same for one client key on one board for one day, different on another board
 * or the next day, and computable only with the server's secret — so it tells two "ㅇㅇ" apart in a
 * thread without following anyone across boards or days, and never shows (or leaks) an address.
 * 6 of 32 letters: 30 bits, so two of a thousand posters of a day share a tag about once in 2,000 days.
 */
export function posterTag(signingSecret: string, board: string, clientKey: string, now: Date): string {
  const day = new Date(now.getTime() + dayOffsetMs).toISOString().slice(0, 10);
  const digest = createHmac("sha256", signingSecret).update(`poster\n${board}\n${day}\n${clientKey}`).digest();
  return Array.from(digest.subarray(0, tagLength), (byte) => tagAlphabet[byte % tagAlphabet.length]).join("");
}

/** Names no one but the moderator may use, whatever the moderator adds. */
export const alwaysReservedNames: string[] = [...limits.reservedNames.always];

/**
 * A name as it is compared with the reserved ones: compatibility-composed (full-width letters,
 * circled letters…), lowercased, and with everything but letters dropped — so "운 영 자", "운영자1",
 * "ＡＤＭＩＮ" and "ad-min" are all the reserved name.
 */
export function nameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/\P{L}/gu, "");
}

export const reservedNameMessage = limits.reservedNames.message;

/** Moderator-set names are read once a minute at most per instance: a create costs no extra read. */
const cacheMs = 60_000;

/**
 * Who a new post or comment is by: the moderator (the moderator token was sent), or a poster with
 * a tag; a reserved name without the moderator token is a 400 on `author` and writes nothing.
 */
export function createPosterIdentity(deps: BoardDeps) {
  const { entities } = deps.service;
  let cached: { keys: Set<string>; until: number } | undefined;

  async function reservedKeys(): Promise<Set<string>> {
    const now = deps.now().getTime();
    if (cached && cached.until > now) return cached.keys;
    const { data } = await entities.reservedNames.get({}).go(rawStoreErrors);
    const keys = new Set([...alwaysReservedNames, ...(data?.names ?? [])].map(nameKey).filter((key) => key.length > 0));
    cached = { keys, until: now + cacheMs };
    return keys;
  }

  return {
    async of(input: { board: string; author: string }, actor: Actor, clientKey: string): Promise<{ byModerator: true } | { posterTag: string }> {
      if (isModeratorToken(actor.token, deps.ownership)) return { byModerator: true };
      if ((await reservedKeys()).has(nameKey(input.author)))
        throw new BoardError("BAD_REQUEST", reservedNameMessage, [{ path: "author", message: reservedNameMessage }]);
      return { posterTag: posterTag(deps.signingSecret, input.board, clientKey, deps.now()) };
    },

    /** The moderator-set names (the always-reserved ones are not stored). */
    async list(): Promise<{ names: string[]; always: string[] }> {
      const { data } = await entities.reservedNames.get({}).go({ ...rawStoreErrors, consistent: true });
      return { names: data?.names ?? [], always: alwaysReservedNames };
    },

    async set(input: { names: string[] }, actor: Actor): Promise<{ names: string[]; always: string[] }> {
      assertModerator(actor.token, deps.ownership);
      const names = [...new Map(input.names.map((name) => [nameKey(name), name.trim()])).entries()].filter(([key]) => key.length > 0).map(([, name]) => name);
      await entities.reservedNames.put({ names, updatedAt: deps.now().toISOString() }).go(rawStoreErrors);
      cached = undefined;
      return { names, always: alwaysReservedNames };
    },
  };
}

export type PosterIdentity = ReturnType<typeof createPosterIdentity>;
