import type { AttributeValue } from "aws-lambda";
import type { BestEntryEntity, NoticeEntity } from "../entities/board.js";
import { rawStoreErrors } from "../entities/store-errors.js";

/** What a notice shows of its post: the post's list row. */
export interface NoticeRow {
  board: string;
  postId: string;
  title: string;
  author: string;
  createdAt: string;
  commentCount: number;
  viewCount: number;
  upvotes: number;
  number?: number;
  pinnedAt: string;
}

/** A pinned, live post's row from a stream image; none when it is not pinned, being deleted or gone. */
export function noticeRowOf(image: Record<string, AttributeValue> | undefined): NoticeRow | undefined {
  const row = listRowOf(image, "pinnedAt");
  if (!row) return undefined;
  const { since, ...rest } = row;
  return { ...rest, pinnedAt: since };
}

/** A 베스트 post's row from a stream image; none before it reached the rule, or once it is deleted. */
export function bestRowOf(image: Record<string, AttributeValue> | undefined): BestRow | undefined {
  const row = listRowOf(image, "bestAt");
  if (!row) return undefined;
  const { since, ...rest } = row;
  return { ...rest, bestAt: since };
}

type ListRow = Omit<NoticeRow, "pinnedAt"> & { since: string };
export type BestRow = Omit<NoticeRow, "pinnedAt"> & { bestAt: string };

/** A live post's list row from a stream image, when it holds `flag` (pinned, best); else none. */
function listRowOf(image: Record<string, AttributeValue> | undefined, flag: "pinnedAt" | "bestAt"): ListRow | undefined {
  const since = image?.[flag]?.S;
  if (!image || image.deletedAt?.S || !since) return undefined;
  const [board, postId, title, author, createdAt] = ["board", "postId", "title", "author", "createdAt"].map((name) => image[name]?.S);
  if (!board || !postId || title === undefined || author === undefined || !createdAt) return undefined;
  const number = image.number?.N === undefined ? undefined : Number(image.number.N);
  return {
    board,
    postId,
    title,
    author,
    ...(image.posterTag?.S !== undefined ? { posterTag: image.posterTag.S } : {}),
    ...(image.byModerator?.BOOL !== undefined ? { byModerator: image.byModerator.BOOL } : {}),
    ...(image.hiddenAt?.S ? { hidden: true } : {}),
    createdAt,
    commentCount: Number(image.commentCount?.N ?? 0),
    viewCount: Number(image.viewCount?.N ?? 0),
    upvotes: Number(image.upvotes?.N ?? 0),
    ...(number ? { number } : {}),
    since,
  };
}

/**
 * Brings a board's notice for a post to the post's last state: its row while it is pinned (title,
 * count and number as the post has them now), nothing once it is unpinned or deleted. A put or a
 * delete of the last state is idempotent, so a batch delivered again ends the same.
 */
export async function projectNotice(notice: NoticeEntity, change: { board: string; postId: string; row: NoticeRow | undefined }): Promise<void> {
  if (change.row) await notice.put(change.row).go(rawStoreErrors);
  else await notice.delete({ board: change.board, postId: change.postId }).go(rawStoreErrors);
}

/** The same for a 베스트 entry: the post's row while it lives, nothing once it is deleted. */
export async function projectBest(best: BestEntryEntity, change: { board: string; postId: string; row: BestRow | undefined }): Promise<void> {
  if (change.row) await best.put(change.row).go(rawStoreErrors);
  else await best.delete({ board: change.board, postId: change.postId }).go(rawStoreErrors);
}
