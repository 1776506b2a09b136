import type { BoardDeps } from "./deps.js";
import { postNotFound, rawStoreErrors } from "./errors.js";
import { readerKey } from "./view-marks.js";

export type VoteValue = "up" | "down" | "none";

/**
 * 추천/비추천: one vote per reader per post (the reader: a keyed hash of the write limit's client
 * key, so everyone behind one address shares one vote), changeable and revocable. A vote writes
 * the reader's own item only — put, overwritten, or deleted — never the post; the stream projector
 * turns the changes into the post's counts. Each vote counts as a write for the rate limit, so a
 * flood costs the flooder their allowance and moves the count by one at most.
 */
export function createVoteOperations(deps: BoardDeps) {
  const { entities } = deps.service;
  return {
    async vote(input: { postId: string; vote: VoteValue }, clientKey: string): Promise<{ postId: string; vote: VoteValue }> {
      const { data: current } = await entities.post.get({ postId: input.postId }).go({ ...rawStoreErrors, attributes: ["postId", "deletedAt"] });
      if (!current || current.deletedAt !== undefined) throw postNotFound();
      const voter = readerKey(deps.signingSecret, clientKey);
      if (input.vote === "none") await entities.vote.delete({ postId: input.postId, voter }).go(rawStoreErrors);
      else await entities.vote.put({ postId: input.postId, voter, value: input.vote, votedAt: deps.now().toISOString() }).go(rawStoreErrors);
      return { postId: input.postId, vote: input.vote };
    },
  };
}
