import type { AttributeValue, DynamoDBRecord } from "aws-lambda";

/**
 * What a stream record means to the projector. Only comments arriving and leaving change a post's
 * count; everything else (posts, the projector's own count writes, attachments, idempotency
 * records, rate windows) is none of its business. ElectroDB names each item's entity in
 * `__edb_e__`, so a record is told apart by that, never by guessing from its keys.
 */
export type StreamChange =
  | { kind: "comment-added"; sequenceNumber: string; postId: string; commentId: string }
  | { kind: "comment-removed"; sequenceNumber: string; postId: string; commentId: string; attachmentIds: string[] }
  | { kind: "ignored"; sequenceNumber: string }
  | { kind: "malformed"; sequenceNumber: string; problem: string };

const entityAttribute = "__edb_e__";

export function changeOf(record: DynamoDBRecord): StreamChange {
  const sequenceNumber = record.dynamodb?.SequenceNumber ?? "";
  const image = record.eventName === "REMOVE" ? record.dynamodb?.OldImage : record.dynamodb?.NewImage;
  if (!sequenceNumber) return { kind: "malformed", sequenceNumber, problem: "a record without a sequence number" };
  if (!image)
    return { kind: "malformed", sequenceNumber, problem: `a ${record.eventName} record without its image (the stream must carry NEW_AND_OLD_IMAGES)` };
  if (image[entityAttribute]?.S !== "comment" || record.eventName === "MODIFY") return { kind: "ignored", sequenceNumber };
  const postId = image.postId?.S;
  const commentId = image.commentId?.S;
  if (!postId || !commentId) return { kind: "malformed", sequenceNumber, problem: "a comment without its postId or commentId" };
  if (record.eventName === "INSERT") return { kind: "comment-added", sequenceNumber, postId, commentId };
  return { kind: "comment-removed", sequenceNumber, postId, commentId, attachmentIds: attachmentIdsOf(image) };
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
