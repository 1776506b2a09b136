import type { AttributeValue, DynamoDBRecord } from "aws-lambda";
import { indexedPostOf } from "./search-index.js";
import type { IndexedPost } from "./search-index.js";

/**
 * What a stream record means to the projector. Comments arriving and leaving change a post's
 * count; a post's words changing (created, edited, being deleted, deleted) change the search index;
 * everything else (the projector's own count writes, attachments, idempotency records, rate
 * windows) is none of its business. ElectroDB names each item's entity in
 * `__edb_e__`, so a record is told apart by that, never by guessing from its keys.
 */
export type StreamChange =
  | { kind: "comment-added"; sequenceNumber: string; postId: string; commentId: string }
  | { kind: "comment-removed"; sequenceNumber: string; postId: string; commentId: string; attachmentIds: string[] }
  | { kind: "post-text"; sequenceNumber: string; board: string; postId: string; before: IndexedPost | undefined; after: IndexedPost | undefined }
  | { kind: "ignored"; sequenceNumber: string }
  | { kind: "malformed"; sequenceNumber: string; problem: string };

const entityAttribute = "__edb_e__";

export function changeOf(record: DynamoDBRecord): StreamChange {
  const sequenceNumber = record.dynamodb?.SequenceNumber ?? "";
  const image = record.eventName === "REMOVE" ? record.dynamodb?.OldImage : record.dynamodb?.NewImage;
  if (!sequenceNumber) return { kind: "malformed", sequenceNumber, problem: "a record without a sequence number" };
  if (!image)
    return { kind: "malformed", sequenceNumber, problem: `a ${record.eventName} record without its image (the stream must carry NEW_AND_OLD_IMAGES)` };
  if (image[entityAttribute]?.S === "post") return postTextChangeOf(record, sequenceNumber, image);
  if (image[entityAttribute]?.S !== "comment" || record.eventName === "MODIFY") return { kind: "ignored", sequenceNumber };
  const postId = image.postId?.S;
  const commentId = image.commentId?.S;
  if (!postId || !commentId) return { kind: "malformed", sequenceNumber, problem: "a comment without its postId or commentId" };
  if (record.eventName === "INSERT") return { kind: "comment-added", sequenceNumber, postId, commentId };
  return { kind: "comment-removed", sequenceNumber, postId, commentId, attachmentIds: attachmentIdsOf(image) };
}

function postTextChangeOf(record: DynamoDBRecord, sequenceNumber: string, image: Record<string, AttributeValue>): StreamChange {
  const board = image.board?.S;
  const postId = image.postId?.S;
  if (!board || !postId) return { kind: "malformed", sequenceNumber, problem: "a post without its board or postId" };
  const before = indexedPostOf(record.dynamodb?.OldImage);
  const after = record.eventName === "REMOVE" ? undefined : indexedPostOf(record.dynamodb?.NewImage);
  const same = before && after && before.title === after.title && before.body === after.body && before.author === after.author;
  // The projector's own count writes, and anything else that leaves the words alone.
  if (same || (!before && !after)) return { kind: "ignored", sequenceNumber };
  return { kind: "post-text", sequenceNumber, board, postId, before, after };
}

function attachmentIdsOf(image: Record<string, AttributeValue>): string[] {
  return (image.attachments?.L ?? []).flatMap((value) => (value.M?.attachmentId?.S ? [value.M.attachmentId.S] : []));
}

/** Stream sequence numbers are decimal strings of varying length: compare them as numbers. */
export const earliestSequenceNumber = (numbers: string[]): string | undefined =>
  numbers.reduce<string | undefined>(
    (earliest, candidate) => (earliest === undefined || BigInt(candidate) < BigInt(earliest) ? candidate : earliest),
    undefined,
  );
