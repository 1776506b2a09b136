import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import type { BoardDeps } from "./deps.js";
import { BoardError, isConditionalCheckFailure, rawStoreErrors } from "./errors.js";
import { deriveEditToken } from "./tokens.js";
import { readerKey } from "./view-marks.js";
import { limits } from "../limits.js";
import { tableDefinition } from "../../entities/table.js";

/**
 * scrypt (Node's, from OpenSSL) with N = 2^14, r = 8, p = 1: 16 MiB and about 40 ms of one core
 * per hash (the bench measures it), so an offline guess at a stolen hash costs as much, while a
 * post with a password costs its writer one hash and an unlock one more.
 */
export const scryptParameters = { cost: 2 ** 14, blockSize: 8, parallelization: 1 } as const;
const parameters = scryptParameters;
const keyBytes = 32;
const tag = "scrypt";

function derive(password: string, salt: Buffer, options: { cost: number; blockSize: number; parallelization: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, keyBytes, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$<log2 N>$<r>$<p>$<salt>$<key>`: the parameters travel with the hash, so they can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, parameters);
  return [tag, Math.log2(parameters.cost), parameters.blockSize, parameters.parallelization, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, logCost, blockSize, parallelization, salt, key] = stored.split("$");
  if (kind !== tag || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const given = await derive(password, Buffer.from(salt, "base64url"), {
    cost: 2 ** Number(logCost),
    blockSize: Number(blockSize),
    parallelization: Number(parallelization),
  });
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The edit token a right password is exchanged for: derived from the item and its password's
 * hash, so nothing new is stored and the token works from any device, like the one its author
 * got at creation (api/board/tokens.ts accepts both).
 */
export function passwordEditToken(signingSecret: string, item: string, passwordHash: string): string {
  return deriveEditToken(signingSecret, `password\n${item}\n${passwordHash}`);
}

export const wrongPassword = () => new BoardError("FORBIDDEN", "That is not this item's password.");
export const noPassword = () => new BoardError("FORBIDDEN", "This item was written without a password: only its edit token or the moderator can change it.");

/**
 * Bounds guessing at one item's password: each attempt is taken from the client's allowance for
 * the item and from the item's own (everyone's) before the password is checked. Both are windows
 * of `limits.password.attempts.windowSeconds` that end by themselves, so a flood of wrong guesses
 * keeps the author out for at most the rest of one window (and never their edit token or the
 * moderator); every attempt is also a write against the client's write limit.
 */
export function createPasswordGuard(deps: BoardDeps) {
  const { entities } = deps.service;
  const { perClient, perItem, windowSeconds } = limits.password.attempts;
  const ttl = tableDefinition.ttlAttribute;

  async function take(item: string, who: string, window: number, allowed: number): Promise<boolean> {
    try {
      await entities.passwordGuard
        .update({ item, who, window: String(window) })
        .add({ attempts: 1 })
        .set({ [ttl]: window + 2 * windowSeconds })
        .where(({ attempts }, { notExists, lt }) => `${notExists(attempts)} OR ${lt(attempts, allowed)}`)
        .go({ ...rawStoreErrors, response: "none" });
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  return {
    async attempt(item: string, clientKey: string): Promise<void> {
      const nowSeconds = Math.floor(deps.now().getTime() / 1000);
      const window = nowSeconds - (nowSeconds % windowSeconds);
      const waitSeconds = Math.max(1, window + windowSeconds - nowSeconds);
      const byClient = await take(item, readerKey(deps.signingSecret, clientKey), window, perClient);
      const byAnyone = byClient && (await take(item, "all", window, perItem));
      if (!byAnyone)
        throw new BoardError(
          "TOO_MANY_REQUESTS",
          `Too many password attempts on this item: try again in ${Math.ceil(waitSeconds / 60)} min.`,
          undefined,
          waitSeconds,
        );
    },
  };
}

export type PasswordGuard = ReturnType<typeof createPasswordGuard>;
