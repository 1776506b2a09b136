import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;
const [gsi1, gsi2] = globalSecondaryIndexes;

/** Why a reader reports a post or comment (신고). */
export const reportReasons = ["spam", "abuse", "illegal", "other"] as const;
export type ReportReason = (typeof reportReasons)[number];

/**
 * One reader's report of one post or comment: written once (a second report by the same reader is
 * refused by its key), read by no request. Its stream record is what the projector counts into the
 * item's review entry, so a report writes this small item, never anything other readers share.
 */
export const reportSchema = trustedModel({
  model: { entity: "report", version: "1", service: "board" },
  attributes: {
    /** `post#<postId>` or `comment#<postId>#<commentId>`. */
    item: { type: "string", required: true, readOnly: true },
    /** A keyed hash of the reporter's client key (never the address). */
    reporter: { type: "string", required: true, readOnly: true },
    board: { type: "string", required: true, readOnly: true },
    postId: { type: "string", required: true, readOnly: true },
    commentId: { type: "string", readOnly: true },
    reason: { type: reportReasons, required: true, readOnly: true },
    text: { type: "string", readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byItem: {
      pk: { field: partitionKey, composite: ["item"], template: "reports#${item}", casing: "none" },
      sk: { field: sortKey, composite: ["reporter"], template: "by#${reporter}", casing: "none" },
    },
  },
} as const);

/** Where an entry stands in the moderator's queue: waiting (open, or hidden pending review) or done with. */
export const reviewStatuses = ["open", "hidden", "dismissed", "removed"] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];
export const waitsForReview = (status: ReviewStatus) => status === "open" || status === "hidden";

/**
 * A reported item in the moderator's queue, kept by the stream projector from its reports (counts
 * exact once the stream drains, guarded by the last counted sequence number) and by the
 * moderator's decisions. The queue is read newest-reported first (gsi1) or most-reported first
 * (gsi2), waiting entries before the ones done with.
 */
export const reviewEntrySchema = trustedModel({
  model: { entity: "reviewEntry", version: "1", service: "board" },
  attributes: {
    item: { type: "string", required: true, readOnly: true },
    board: { type: "string", required: true, readOnly: true },
    postId: { type: "string", required: true, readOnly: true },
    commentId: { type: "string", readOnly: true },
    /** What the item said when it was first reported: its title and the start of its text. */
    title: { type: "string" },
    excerpt: { type: "string", required: true },
    author: { type: "string", required: true },
    status: { type: reviewStatuses, required: true },
    /** Reports since the moderator last decided (what the hiding threshold counts). */
    reports: { type: "number", required: true },
    spam: { type: "number" },
    abuse: { type: "number" },
    illegal: { type: "number" },
    other: { type: "number" },
    /** The latest "other" report's words. */
    lastText: { type: "string" },
    lastReportAt: { type: "string", required: true },
    /** The stream sequence number of the last report counted. */
    reportSeq: { type: "string" },
    /** gsi1's sort key: waiting or done, then the latest report's time. */
    byTime: { type: "string", hidden: true, required: true },
    /** gsi2's sort key: waiting or done, then the reports (counted down, so most sort first). */
    byCount: { type: "string", hidden: true, required: true },
  },
  indexes: {
    byItem: {
      pk: { field: partitionKey, composite: ["item"], template: "review#${item}", casing: "none" },
      sk: { field: sortKey, composite: [], template: "review", casing: "none" },
    },
    newest: {
      index: gsi1.name,
      pk: { field: gsi1.partitionKey, composite: [], template: "review-queue", casing: "none" },
      sk: { field: gsi1.sortKey, composite: ["byTime"], template: "${byTime}", casing: "none" },
    },
    most: {
      index: gsi2.name,
      pk: { field: gsi2.partitionKey, composite: [], template: "review-queue", casing: "none" },
      sk: { field: gsi2.sortKey, composite: ["byCount"], template: "${byCount}", casing: "none" },
    },
  },
} as const);

/**
 * The queue's sort keys for an entry, so that waiting entries come before the ones done with in
 * either order: newest first reads gsi1 descending (waiting under `1#`, done under `0#`); most
 * reported first reads gsi2 ascending (waiting under `0#`, done under `1#`, counts counted down).
 */
export function queueKeys(entry: { status: ReviewStatus; reports: number; lastReportAt: string; item: string }) {
  const waiting = waitsForReview(entry.status);
  const countedDown = String(1e9 - Math.min(entry.reports, 1e9 - 1)).padStart(10, "0");
  return {
    byTime: `${waiting ? 1 : 0}#${entry.lastReportAt}#${entry.item}`,
    byCount: `${waiting ? 0 : 1}#${countedDown}#${entry.lastReportAt}#${entry.item}`,
  };
}

export const createReportEntity = (config: EntityConfiguration) => trustedEntity(new Entity(reportSchema, config));
export const createReviewEntryEntity = (config: EntityConfiguration) => trustedEntity(new Entity(reviewEntrySchema, config));
export type ReportEntity = ReturnType<typeof createReportEntity>;
export type ReviewEntryEntity = ReturnType<typeof createReviewEntryEntity>;
