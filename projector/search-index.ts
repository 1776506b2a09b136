import type { AttributeValue } from "aws-lambda";
import type { SearchEntryEntity } from "../entities/search-entry.js";
import { indexTokens } from "../entities/search-tokens.js";
import { rawStoreErrors } from "../entities/store-errors.js";
import { limits } from "../api/limits.js";

export interface IndexedPost {
  board: string;
  postId: string;
  title: string;
  body: string;
  author: string;
}

/** A post's text from a stream image; none for an image of a post being deleted (it leaves the index then). */
export function indexedPostOf(image: Record<string, AttributeValue> | undefined): IndexedPost | undefined {
  if (!image || image.deletedAt?.S) return undefined;
  const [board, postId, title, body, author] = ["board", "postId", "title", "body", "author"].map((name) => image[name]?.S);
  if (!board || !postId || title === undefined || body === undefined || author === undefined) return undefined;
  return { board, postId, title, body, author };
}

/**
 * The index entries of a post: token → where it holds it (t, b, a). The title and author are
 * always indexed; the body's tokens in order until the post has `limits.search.tokensPerPost`, so a
 * long post costs a bounded number of writes (the rest of a very long body is not searchable).
 */
export function entriesOf(post: IndexedPost): Map<string, string> {
  const entries = new Map<string, string>();
  const add = (tokens: string[], field: string, cap = Number.POSITIVE_INFINITY) => {
    for (const token of tokens) {
      const held = entries.get(token);
      if (held === undefined && entries.size >= cap) continue;
      if (!held?.includes(field)) entries.set(token, `${held ?? ""}${field}`);
    }
  };
  add(indexTokens(post.title), "t");
  add(indexTokens(post.author), "a");
  add(indexTokens(post.body), "b", limits.search.tokensPerPost);
  return entries;
}

export interface IndexChange {
  board: string;
  postId: string;
  /** Every state of the post the batch names (old and new images, oldest first); undefined for "not indexed". */
  states: (IndexedPost | undefined)[];
}

/**
 * Brings a post's index entries to its last state: writes the entries that state has and the
 * first state did not (or had with other fields), deletes the tokens any state had and the last
 * has not. Puts and deletes are idempotent, so a batch delivered again ends the same.
 */
export async function reindexPost(entity: SearchEntryEntity, change: IndexChange): Promise<{ put: number; deleted: number }> {
  const last = change.states.at(-1);
  const wanted = last ? entriesOf(last) : new Map<string, string>();
  const first = change.states[0];
  const had = first ? entriesOf(first) : new Map<string, string>();
  const ever = new Set(change.states.flatMap((state) => (state ? [...entriesOf(state).keys()] : [])));
  const puts = [...wanted].filter(([token, fields]) => had.get(token) !== fields);
  const deletes = [...ever].filter((token) => !wanted.has(token));
  const { board, postId } = change;
  if (puts.length > 0) {
    const { unprocessed } = await entity.put(puts.map(([token, fields]) => ({ board, token, postId, fields }))).go(rawStoreErrors);
    if (unprocessed.length > 0) throw new Error(`post ${postId}: ${unprocessed.length} index entries not written (DynamoDB left them unprocessed)`);
  }
  if (deletes.length > 0) {
    const { unprocessed } = await entity.delete(deletes.map((token) => ({ board, token, postId }))).go(rawStoreErrors);
    if (unprocessed.length > 0) throw new Error(`post ${postId}: ${unprocessed.length} index entries not deleted (DynamoDB left them unprocessed)`);
  }
  return { put: puts.length, deleted: deletes.length };
}
