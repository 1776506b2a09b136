import type { PostEntity } from "../entities/post.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";

export interface CountDeps {
  post: PostEntity;
}

/** The counts a post keeps from its readers' own items: views, 추천 and 비추천. */
export type Counted = "viewCount" | "upvotes" | "downvotes";
/** Where a post keeps the sequence number of the last record it counted, per kind of record. */
export type SequenceMark = "viewSeq" | "voteSeq";

/** Stream sequence numbers as fixed-width strings: compared as text, they order as numbers. */
export const sequenceKey = (sequenceNumber: string) => sequenceNumber.padStart(40, "0");

/** After this many lost races on one post's counts, the batch is retried instead. */
const maxAttempts = 5;

/**
 * Adds a post's new records (view marks, votes) to its counts exactly once: the post keeps the
 * sequence number of the last record of that kind it counted; records at or before it are
 * counted already (a batch delivered again, or retried from a later record), the rest are added
 * in one UpdateItem that holds only if the mark is still the one read. A post's marks and votes
 * each share a partition, so their records come in order on one shard. Returns how many records
 * it counted.
 */
export async function addOnce(
  deps: CountDeps,
  postId: string,
  mark: SequenceMark,
  records: { sequenceNumber: string; add: Partial<Record<Counted, number>> }[],
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const { data: current } = await deps.post.get({ postId }).go({ ...rawStoreErrors, consistent: true, attributes: ["postId", mark, "deletedAt"] });
    if (!current || current.deletedAt !== undefined) return 0;
    const counted = current[mark];
    const fresh = records
      .map((record) => ({ ...record, key: sequenceKey(record.sequenceNumber) }))
      .filter((record) => counted === undefined || record.key > counted);
    if (fresh.length === 0) return 0;
    const sums: Partial<Record<Counted, number>> = {};
    for (const record of fresh) for (const [field, value] of Object.entries(record.add) as [Counted, number][]) sums[field] = (sums[field] ?? 0) + value;
    const last = fresh.reduce((latest, record) => (record.key > latest ? record.key : latest), fresh[0]!.key);
    try {
      await deps.post
        .patch({ postId })
        .add(sums)
        .set({ [mark]: last } as Partial<Record<SequenceMark, string>>)
        .where(
          (attributes, { eq, notExists }) =>
            `${counted === undefined ? notExists(attributes[mark]) : eq(attributes[mark], counted)} AND ${notExists(attributes.deletedAt)}`,
        )
        .go(rawStoreErrors);
      return fresh.length;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      if (attempt === maxAttempts) throw new Error(`post ${postId}: its counts changed under the projector ${maxAttempts} times in a row`);
    }
  }
}
