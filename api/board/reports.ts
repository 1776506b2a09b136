import type { Actor, BoardDeps } from "./deps.js";
import { commentNotFound, isConditionalCheckFailure, postNotFound, rawStoreErrors } from "./errors.js";
import { readerKey } from "./view-marks.js";
import { assertModerator } from "./tokens.js";
import { queueKeys } from "../../entities/report.js";
import type { ReportReason, ReviewStatus } from "../../entities/report.js";
import type { EntityItem } from "electrodb";
import type { ReviewEntryEntity } from "../../entities/report.js";

/** The item a report or review names: a post, or a comment on it. */
export interface ItemRef {
  postId: string;
  commentId?: string | undefined;
}

export const itemKey = ({ postId, commentId }: ItemRef) => (commentId === undefined ? `post#${postId}` : `comment#${postId}#${commentId}`);

export type ReviewAction = "hide" | "unhide" | "dismiss" | "delete";
export type QueueOrder = "newest" | "most";

export interface ReviewEntryView {
  postId: string;
  commentId?: string;
  board: string;
  title?: string;
  excerpt: string;
  author: string;
  status: ReviewStatus;
  reports: number;
  reasons: Record<ReportReason, number>;
  lastText?: string;
  lastReportAt: string;
}

const toEntryView = (entry: EntityItem<ReviewEntryEntity>): ReviewEntryView => ({
  postId: entry.postId,
  ...(entry.commentId !== undefined ? { commentId: entry.commentId } : {}),
  board: entry.board,
  ...(entry.title !== undefined ? { title: entry.title } : {}),
  excerpt: entry.excerpt,
  author: entry.author,
  status: entry.status,
  reports: entry.reports,
  reasons: { spam: entry.spam ?? 0, abuse: entry.abuse ?? 0, illegal: entry.illegal ?? 0, other: entry.other ?? 0 },
  ...(entry.lastText !== undefined ? { lastText: entry.lastText } : {}),
  lastReportAt: entry.lastReportAt,
});

/**
 * 신고: a reader reports a post or comment once (their report is its own small item; the stream
 * projector counts reports into the item's review entry and hides an item that reaches the
 * threshold), and the moderator works through the queue: hide, unhide, dismiss or delete.
 */
export function createReportOperations(deps: BoardDeps, remove: (item: ItemRef, actor: Actor) => Promise<unknown>) {
  const { entities } = deps.service;

  /** The live item, or 404: its board for the report. */
  async function liveItem(item: ItemRef): Promise<{ board: string }> {
    const { data: head } = await entities.post.get({ postId: item.postId }).go({ ...rawStoreErrors, consistent: true, attributes: ["board", "deletedAt"] });
    if (!head || head.deletedAt !== undefined) throw postNotFound();
    if (item.commentId !== undefined) {
      const { data: found } = await entities.comment
        .get({ postId: item.postId, commentId: item.commentId })
        .go({ ...rawStoreErrors, consistent: true, attributes: ["commentId"] });
      if (!found) throw commentNotFound();
    }
    return { board: head.board };
  }

  /** Sets or clears the item's `hiddenAt` (404 when it is gone). */
  async function setHidden(item: ItemRef, hidden: boolean): Promise<void> {
    const target =
      item.commentId === undefined ? entities.post.patch({ postId: item.postId }) : entities.comment.patch({ postId: item.postId, commentId: item.commentId });
    try {
      await (hidden ? target.set({ hiddenAt: deps.now().toISOString() }) : target.remove(["hiddenAt"])).go(rawStoreErrors);
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw item.commentId === undefined ? postNotFound() : commentNotFound();
      throw error;
    }
  }

  /** The moderator's decision on the queue entry: its status, and its count of reports since the last decision back to 0. */
  async function decide(item: ItemRef, status: ReviewStatus): Promise<void> {
    const key = itemKey(item);
    const { data: entry } = await entities.reviewEntry.get({ item: key }).go({ ...rawStoreErrors, consistent: true });
    if (!entry) return;
    await entities.reviewEntry
      .patch({ item: key })
      .set({ status, reports: 0, ...queueKeys({ status, reports: 0, lastReportAt: entry.lastReportAt, item: key }) })
      .go(rawStoreErrors);
  }

  return {
    async report(
      input: ItemRef & { reason: ReportReason; text?: string | undefined },
      clientKey: string,
    ): Promise<{ postId: string; commentId?: string; counted: boolean }> {
      const { board } = await liveItem(input);
      const ref = { postId: input.postId, ...(input.commentId !== undefined ? { commentId: input.commentId } : {}) };
      try {
        await entities.report
          .create({
            item: itemKey(input),
            reporter: readerKey(deps.signingSecret, clientKey),
            board,
            ...ref,
            reason: input.reason,
            ...(input.text ? { text: input.text } : {}),
            createdAt: deps.now().toISOString(),
          })
          .go(rawStoreErrors);
        return { ...ref, counted: true };
      } catch (error) {
        if (isConditionalCheckFailure(error)) return { ...ref, counted: false };
        throw error;
      }
    },

    /** Waiting entries first (open, or hidden pending review), then the ones done with: one Query a page. */
    async queue(input: { order: QueueOrder; limit: number; cursor?: string | null | undefined }, actor: Actor) {
      assertModerator(actor.token, deps.ownership);
      const scope = `review-queue:${input.order}`;
      const after = input.cursor ? deps.cursors.decode(scope, input.cursor, (key) => /^[01]#/.test(key)) : undefined;
      const index = input.order === "newest" ? entities.reviewEntry.query.newest({}) : entities.reviewEntry.query.most({});
      const ranged = after ? (input.order === "newest" ? index.lt({ byTime: after }) : index.gt({ byCount: after })) : index;
      const { data } = await ranged.go({ ...rawStoreErrors, order: input.order === "newest" ? "desc" : "asc", limit: input.limit + 1 });
      const shown = data.slice(0, input.limit);
      const last = shown[shown.length - 1];
      const lastKeys = last ? queueKeys({ status: last.status, reports: last.reports, lastReportAt: last.lastReportAt, item: last.item }) : undefined;
      return {
        items: shown.map(toEntryView),
        nextCursor: data.length > input.limit && lastKeys ? deps.cursors.encode(scope, input.order === "newest" ? lastKeys.byTime : lastKeys.byCount) : null,
      };
    },

    async review(input: ItemRef & { action: ReviewAction }, actor: Actor): Promise<ItemRef & { action: ReviewAction; status: ReviewStatus }> {
      assertModerator(actor.token, deps.ownership);
      const ref = { postId: input.postId, ...(input.commentId !== undefined ? { commentId: input.commentId } : {}) };
      let status: ReviewStatus;
      if (input.action === "delete") {
        await remove(ref, actor);
        status = "removed";
      } else {
        await setHidden(ref, input.action === "hide");
        status = input.action === "hide" ? "hidden" : "dismissed";
      }
      await decide(ref, status);
      return { ...ref, action: input.action, status };
    },
  };
}
