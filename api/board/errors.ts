/** What went wrong, in the board's own words; the API layer maps each kind to a status. */
export type BoardErrorKind = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "TOO_MANY_REQUESTS" | "SERVICE_UNAVAILABLE";

export interface FieldIssue {
  path: string;
  message: string;
}

export class BoardError extends Error {
  constructor(
    readonly kind: BoardErrorKind,
    message: string,
    readonly issues?: FieldIssue[],
    /** For TOO_MANY_REQUESTS: when to try again (the response's Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "BoardError";
  }
}

/** The errors every operation may answer with, worded once. */
export const postNotFound = () => new BoardError("NOT_FOUND", "No such post.");
export const commentNotFound = () => new BoardError("NOT_FOUND", "No such comment.");
export const storeBusy = () => new BoardError("SERVICE_UNAVAILABLE", "The board could not save this: please try again.");
export const storeUnavailable = () => new BoardError("SERVICE_UNAVAILABLE", "The board's store is unavailable: please retry shortly.");
export const deleteUnfinished = () => new BoardError("SERVICE_UNAVAILABLE", "The delete did not finish: please retry it.");

export { isConditionalCheckFailure, isStoreUnavailable, rawStoreErrors } from "../../entities/store-errors.js";
