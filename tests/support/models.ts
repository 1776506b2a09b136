import { attachmentSchema } from "../../entities/attachment.js";
import { commentSchema } from "../../entities/comment.js";
import { idempotencySchema } from "../../entities/idempotency.js";
import { postSchema } from "../../entities/post.js";
import { rateWindowSchema } from "../../entities/rate-window.js";
import { searchEntrySchema } from "../../entities/search-entry.js";
import { bestEntrySchema, boardSchema, boardStatsSchema, noticeSchema, postTallySchema } from "../../entities/board.js";
import { viewMarkSchema } from "../../entities/view-mark.js";
import { voteSchema } from "../../entities/vote.js";
import { passwordGuardSchema } from "../../entities/password-guard.js";
import { reservedNamesSchema } from "../../entities/reserved-names.js";
import { reportSchema, reviewEntrySchema } from "../../entities/report.js";

/** Every ElectroDB model of the board, by name (the suites that hold all of them to something). */
export const boardModels = {
  post: postSchema,
  comment: commentSchema,
  idempotency: idempotencySchema,
  rateWindow: rateWindowSchema,
  attachment: attachmentSchema,
  searchEntry: searchEntrySchema,
  board: boardSchema,
  boardStats: boardStatsSchema,
  notice: noticeSchema,
  postTally: postTallySchema,
  viewMark: viewMarkSchema,
  vote: voteSchema,
  bestEntry: bestEntrySchema,
  passwordGuard: passwordGuardSchema,
  reservedNames: reservedNamesSchema,
  report: reportSchema,
  reviewEntry: reviewEntrySchema,
};
