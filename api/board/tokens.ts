import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { BoardError } from "./errors.js";

/** 256 random bits; shown to the creator once, only its hash is stored. */
export function newEditToken(): string {
  return randomBytes(32).toString("base64url");
}

/** An edit token only this server can compute from `material` (used to replay idempotent creates). */
export function deriveEditToken(secret: string, material: string): string {
  return createHmac("sha256", secret).update(`edit-token\n${material}`).digest("base64url");
}

/** A fast hash is enough: edit tokens are random, so there is nothing to brute-force offline. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface Ownership {
  /** Hash of the moderator token, or undefined when moderation is not configured. */
  moderatorTokenHash: string | undefined;
}

/** Whether `token` is the moderator token (false when moderation is not configured). */
export function isModeratorToken(token: string | undefined, ownership: Ownership): boolean {
  return token !== undefined && ownership.moderatorTokenHash !== undefined && hashesEqual(hashToken(token), ownership.moderatorTokenHash);
}

/** What an item keeps of the secrets that may change it. */
export interface Secrets {
  editTokenHash: string;
  /** Its 비밀번호's hash, when its author gave one. */
  passwordHash?: string | undefined;
}

/**
 * Throws unless `token` is the item's edit token, the token its password was exchanged for
 * (`passwordToken`, derived from the item and its password's hash), or the moderator token.
 */
export function assertMayChange(token: string | undefined, secrets: Secrets, ownership: Ownership, passwordToken?: (passwordHash: string) => string): void {
  if (!token) throw missingTokenError();
  const presented = hashToken(token);
  const isModerator = ownership.moderatorTokenHash !== undefined && hashesEqual(presented, ownership.moderatorTokenHash);
  const isAuthor =
    hashesEqual(presented, secrets.editTokenHash) ||
    (secrets.passwordHash !== undefined && passwordToken !== undefined && hashesEqual(token, passwordToken(secrets.passwordHash)));
  if (!isModerator && !isAuthor) {
    throw new BoardError("FORBIDDEN", "This token may not change this item.");
  }
}

/** Throws unless the actor holds the moderator token (401 without a token, 403 with another). */
export function assertModerator(token: string | undefined, ownership: Ownership): void {
  if (!token) throw missingTokenError();
  if (!isModeratorToken(token, ownership)) throw new BoardError("FORBIDDEN", "Only the moderator may do this.");
}

export function missingTokenError(): BoardError {
  return new BoardError("UNAUTHORIZED", "An edit token is required: send 'Authorization: Bearer <editToken>'.");
}
