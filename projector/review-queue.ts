import type { BoardService } from "../entities/service.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";
import { queueKeys } from "../entities/report.js";
import type { ReportReason } from "../entities/report.js";
import { sequenceKey } from "./sequenced-counts.js";

export interface ReviewDeps {
  service: BoardService;
  /** Reports since the moderator's last decision that hide an item pending review. */
  reportHideThreshold: number;
}

export interface ReportArrival {
  sequenceNumber: string;
  item: string;
  board: string;
  postId: string;
  commentId?: string | undefined;
  reason: ReportReason;
  text?: string | undefined;
  createdAt: string;
}

/** After this many lost races on one entry, the batch is retried instead. */
const maxAttempts = 5;
const excerptLength = 300;

/**
 * Counts an item's new reports into its review entry exactly once (the entry keeps the sequence
 * number of the last report counted; an item's reports share a partition, so they come in order),
 * creating the entry at the first report with what the item said then. When the reports since the
 * moderator's last decision reach the threshold, an open entry becomes hidden and so does the item.
 * Returns how many reports it counted and whether it hid the item.
 */
export async function countReports(deps: ReviewDeps, item: string, arrivals: ReportArrival[]): Promise<{ counted: number; hidden: boolean }> {
  const { reviewEntry, post, comment } = deps.service.entities;
  for (let attempt = 1; ; attempt++) {
    const { data: entry } = await reviewEntry.get({ item }).go({ ...rawStoreErrors, consistent: true });
    const fresh = arrivals.filter((arrival) => entry?.reportSeq === undefined || sequenceKey(arrival.sequenceNumber) > entry.reportSeq);
    if (fresh.length === 0) return { counted: 0, hidden: false };
    const last = fresh.at(-1)!;
    const byReason: Partial<Record<ReportReason, number>> = {};
    for (const arrival of fresh) byReason[arrival.reason] = (byReason[arrival.reason] ?? 0) + 1;
    const lastText = [...fresh].reverse().find((arrival) => arrival.text)?.text;
    const reports = (entry?.reports ?? 0) + fresh.length;
    // Reported again after the moderator set it aside: it waits again, and the threshold counts from that decision.
    const current = !entry || entry.status === "dismissed" ? "open" : entry.status;
    const reaches = reports >= deps.reportHideThreshold && current === "open";
    const status = reaches ? "hidden" : current;
    const lastReportAt = last.createdAt > (entry?.lastReportAt ?? "") ? last.createdAt : entry!.lastReportAt;
    const keys = queueKeys({ status, reports, lastReportAt, item });
    try {
      if (!entry) {
        const said = await whatItSaid(deps, last);
        if (!said) return { counted: 0, hidden: false }; // gone before its first report was counted: nothing to review
        await reviewEntry
          .create({
            item,
            board: last.board,
            postId: last.postId,
            ...(last.commentId !== undefined ? { commentId: last.commentId } : {}),
            ...said,
            status,
            reports,
            ...byReason,
            ...(lastText ? { lastText } : {}),
            lastReportAt,
            reportSeq: sequenceKey(last.sequenceNumber),
            ...keys,
          })
          .go(rawStoreErrors);
      } else {
        await reviewEntry
          .patch({ item })
          .add({ reports: fresh.length, ...byReason })
          .set({ status, lastReportAt, reportSeq: sequenceKey(last.sequenceNumber), ...keys, ...(lastText ? { lastText } : {}) })
          .where(({ reportSeq }, { eq, notExists }) => (entry.reportSeq === undefined ? notExists(reportSeq) : eq(reportSeq, entry.reportSeq)))
          .go(rawStoreErrors);
      }
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      if (attempt === maxAttempts) throw new Error(`${item}: its review entry changed under the projector ${maxAttempts} times in a row`);
      continue;
    }
    if (reaches) {
      const hiddenAt = new Date().toISOString();
      try {
        if (last.commentId === undefined) await post.patch({ postId: last.postId }).set({ hiddenAt }).go(rawStoreErrors);
        else await comment.patch({ postId: last.postId, commentId: last.commentId }).set({ hiddenAt }).go(rawStoreErrors);
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error; // deleted meanwhile: nothing to hide
      }
    }
    return { counted: fresh.length, hidden: reaches };
  }
}

/** The item's words when it is first reported, for the moderator's queue (undefined once it is gone). */
async function whatItSaid(deps: ReviewDeps, arrival: ReportArrival): Promise<{ title?: string; excerpt: string; author: string } | undefined> {
  const { post, comment } = deps.service.entities;
  if (arrival.commentId === undefined) {
    const { data } = await post.get({ postId: arrival.postId }).go({ ...rawStoreErrors, consistent: true });
    if (!data || data.deletedAt !== undefined) return undefined;
    return { title: data.title, excerpt: [...data.body].slice(0, excerptLength).join(""), author: data.author };
  }
  const { data } = await comment.get({ postId: arrival.postId, commentId: arrival.commentId }).go({ ...rawStoreErrors, consistent: true });
  return data ? { excerpt: [...data.body].slice(0, excerptLength).join(""), author: data.author } : undefined;
}
