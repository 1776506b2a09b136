import type { PostEntity } from "../entities/post.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";

export interface ViewDeps {
  post: PostEntity;
}

/** Stream sequence numbers as fixed-width strings: compared as text, they order as numbers. */
export const sequenceKey = (sequenceNumber: string) => sequenceNumber.padStart(40, "0");

/** After this many lost races on one post's count, the batch is retried instead. */
const maxAttempts = 5;

/**
 * Adds a post's new views (view marks' INSERT records) to its `viewCount`, exactly once: the post
 * keeps the sequence number of the last record it counted (`viewSeq`); records at or before it are
 * counted already (a batch delivered again, or retried from a record after these), the rest are
 * added in one UpdateItem that holds only if `viewSeq` is still the one read. A post's marks share
 * a partition, so their records come in order on one shard.
 */
export async function countViews(deps: ViewDeps, postId: string, sequenceNumbers: string[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const { data: current } = await deps.post.get({ postId }).go({ ...rawStoreErrors, consistent: true, attributes: ["postId", "viewSeq", "deletedAt"] });
    if (!current || current.deletedAt !== undefined) return 0;
    const counted = current.viewSeq;
    const fresh = sequenceNumbers.map(sequenceKey).filter((key) => counted === undefined || key > counted);
    if (fresh.length === 0) return 0;
    const last = fresh.reduce((latest, key) => (key > latest ? key : latest));
    try {
      await deps.post
        .patch({ postId })
        .add({ viewCount: fresh.length })
        .set({ viewSeq: last })
        .where(
          ({ viewSeq, deletedAt }, { eq, notExists }) => `${counted === undefined ? notExists(viewSeq) : eq(viewSeq, counted)} AND ${notExists(deletedAt)}`,
        )
        .go(rawStoreErrors);
      return fresh.length;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      if (attempt === maxAttempts) throw new Error(`post ${postId}: its view count changed under the projector ${maxAttempts} times in a row`);
    }
  }
}
