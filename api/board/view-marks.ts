import { createHmac } from "node:crypto";
import type { BoardDeps } from "./deps.js";
import { isConditionalCheckFailure, rawStoreErrors } from "./errors.js";

/**
 * A reader as views and votes know them: a keyed hash of the client key the write limit counts
 * (an address, or an IPv6 /64), so the table never holds an address and no one outside can
 * compute whose a mark or vote is.
 */
export const readerKey = (signingSecret: string, clientKey: string) =>
  createHmac("sha256", signingSecret).update(`reader\n${clientKey}`).digest("base64url").slice(0, 22);

/** How long a view mark stays (DynamoDB's TTL removes it); its count stays with the post. */
const markLifetimeSeconds = 2 * 24 * 3600;

/**
 * Counting views (조회) without a write to the post: a view writes one small mark, one per reader
 * per post per hour (a refresh, or a reader's second tab, writes nothing new), and the stream
 * projector adds the marks to the post's count. The reader is a keyed hash of their client key (the
 * write limit's), so the table never holds an address.
 */
export function createViewOperations(deps: BoardDeps) {
  const { entities } = deps.service;
  return {
    async viewed(input: { postId: string }, clientKey: string): Promise<{ counted: boolean }> {
      const now = deps.now();
      const viewer = readerKey(deps.signingSecret, clientKey);
      try {
        await entities.viewMark
          .create({
            postId: input.postId,
            hour: now.toISOString().slice(0, 13),
            viewer,
            expiresAt: Math.floor(now.getTime() / 1000) + markLifetimeSeconds,
          })
          .go(rawStoreErrors);
        return { counted: true };
      } catch (error) {
        if (isConditionalCheckFailure(error)) return { counted: false };
        throw error;
      }
    },
  };
}
