import type { AttributeValue, DynamoDBRecord } from "aws-lambda";
import { indexedPostOf } from "./search-index.js";
import type { IndexedPost } from "./search-index.js";
import { bestRowOf, noticeRowOf } from "./notices.js";
import type { BestRow, NoticeRow } from "./notices.js";
import { reportReasons } from "../entities/report.js";
import type { ReportArrival } from "./review-queue.js";

/**
 * What a stream record means to the projector. Comments arriving and leaving change a post's
 * count; a post's words changing (created, edited, being deleted, deleted) change the search index;
 * a post arriving takes its board's next number and leaving lowers the board's post count; a
 * pinned post's row is its board's notice; everything else (the projector's own count writes, attachments, idempotency records, rate
 * windows) is none of its business. ElectroDB names each item's entity in
 * `__edb_e__`, so a record is told apart by that, never by guessing from its keys.
 */
export type StreamChange =
  | { kind: "comment-added"; sequenceNumber: string; postId: string; commentId: string }
  | { kind: "comment-removed"; sequenceNumber: string; postId: string; commentId: string; attachmentIds: string[] }
  | {
      kind: "post";
      sequenceNumber: string;
      board: string;
      postId: string;
      event: "INSERT" | "MODIFY" | "REMOVE";
      /** Its words before and after, when they changed (for the search index). */
      text: { before: IndexedPost | undefined; after: IndexedPost | undefined } | undefined;
      /** When it is or was pinned: its notice row after the change (none once unpinned or deleted). */
      notice: { row: NoticeRow | undefined } | undefined;
      /** When it is in its board's 베스트: its row after the change (none once deleted). */
      best: { row: BestRow | undefined } | undefined;
    }
  | { kind: "viewed"; sequenceNumber: string; postId: string }
  /** A reader's report (신고) arriving: counted into the item's review entry. */
  | ({ kind: "reported" } & ReportArrival)
  /** A vote given, changed or taken back: what it adds to the post's 추천 (up) and 비추천 (down), each -1, 0 or 1. */
  | { kind: "voted"; sequenceNumber: string; postId: string; up: number; down: number }
  | { kind: "ignored"; sequenceNumber: string }
  | { kind: "malformed"; sequenceNumber: string; problem: string };

const entityAttribute = "__edb_e__";

export function changeOf(record: DynamoDBRecord): StreamChange {
  const sequenceNumber = record.dynamodb?.SequenceNumber ?? "";
  const image = record.eventName === "REMOVE" ? record.dynamodb?.OldImage : record.dynamodb?.NewImage;
  if (!sequenceNumber) return { kind: "malformed", sequenceNumber, problem: "a record without a sequence number" };
  if (!image)
    return { kind: "malformed", sequenceNumber, problem: `a ${record.eventName} record without its image (the stream must carry NEW_AND_OLD_IMAGES)` };
  if (image[entityAttribute]?.S === "post") return postChangeOf(record, sequenceNumber, image);
  if (image[entityAttribute]?.S === "vote") return voteChangeOf(record, sequenceNumber, image);
  if (image[entityAttribute]?.S === "report")
    return record.eventName === "INSERT" ? reportChangeOf(sequenceNumber, image) : { kind: "ignored", sequenceNumber };
  // A view mark arriving is a view; its removal by TTL two days later is nothing.
  if (image[entityAttribute]?.S === "viewMark") {
    if (record.eventName !== "INSERT") return { kind: "ignored", sequenceNumber };
    const postId = image.postId?.S;
    return postId ? { kind: "viewed", sequenceNumber, postId } : { kind: "malformed", sequenceNumber, problem: "a view mark without its postId" };
  }
  if (image[entityAttribute]?.S !== "comment" || record.eventName === "MODIFY") return { kind: "ignored", sequenceNumber };
  const postId = image.postId?.S;
  const commentId = image.commentId?.S;
  if (!postId || !commentId) return { kind: "malformed", sequenceNumber, problem: "a comment without its postId or commentId" };
  if (record.eventName === "INSERT") return { kind: "comment-added", sequenceNumber, postId, commentId };
  return { kind: "comment-removed", sequenceNumber, postId, commentId, attachmentIds: attachmentIdsOf(image) };
}

function postChangeOf(record: DynamoDBRecord, sequenceNumber: string, image: Record<string, AttributeValue>): StreamChange {
  const board = image.board?.S;
  const postId = image.postId?.S;
  if (!board || !postId) return { kind: "malformed", sequenceNumber, problem: "a post without its board or postId" };
  const event = record.eventName as "INSERT" | "MODIFY" | "REMOVE";
  const oldImage = record.dynamodb?.OldImage;
  const newImage = event === "REMOVE" ? undefined : record.dynamodb?.NewImage;
  const before = indexedPostOf(oldImage);
  const after = indexedPostOf(newImage);
  const sameText = before && after && before.title === after.title && before.body === after.body && before.author === after.author;
  const text = sameText || (!before && !after) ? undefined : { before, after };
  const pinned = Boolean(oldImage?.pinnedAt?.S || newImage?.pinnedAt?.S);
  const notice = pinned ? { row: noticeRowOf(newImage) } : undefined;
  const best = oldImage?.bestAt?.S || newImage?.bestAt?.S ? { row: bestRowOf(newImage) } : undefined;
  // The projector's own count writes to a post that is neither a notice nor 베스트, and anything else that changes nothing it keeps.
  if (event === "MODIFY" && !text && !notice && !best) return { kind: "ignored", sequenceNumber };
  return { kind: "post", sequenceNumber, board, postId, event, text, notice, best };
}

function voteChangeOf(record: DynamoDBRecord, sequenceNumber: string, image: Record<string, AttributeValue>): StreamChange {
  const postId = image.postId?.S;
  if (!postId) return { kind: "malformed", sequenceNumber, problem: "a vote without its postId" };
  const before = record.eventName === "INSERT" ? undefined : record.dynamodb?.OldImage?.value?.S;
  const after = record.eventName === "REMOVE" ? undefined : record.dynamodb?.NewImage?.value?.S;
  const up = (after === "up" ? 1 : 0) - (before === "up" ? 1 : 0);
  const down = (after === "down" ? 1 : 0) - (before === "down" ? 1 : 0);
  if (up === 0 && down === 0) return { kind: "ignored", sequenceNumber };
  return { kind: "voted", sequenceNumber, postId, up, down };
}

function reportChangeOf(sequenceNumber: string, image: Record<string, AttributeValue>): StreamChange {
  const [item, board, postId, reason, createdAt] = ["item", "board", "postId", "reason", "createdAt"].map((name) => image[name]?.S);
  if (!item || !board || !postId || !createdAt || !reportReasons.includes(reason as never))
    return { kind: "malformed", sequenceNumber, problem: "a report without its item, board, postId, reason or time" };
  return {
    kind: "reported",
    sequenceNumber,
    item,
    board,
    postId,
    commentId: image.commentId?.S,
    reason: reason as ReportArrival["reason"],
    text: image.text?.S,
    createdAt,
  };
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
