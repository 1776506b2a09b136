/** What went wrong, in the board's own words; the API layer maps each kind to a status. */
export type BoardErrorKind =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE";

export interface FieldIssue {
  path: string;
  message: string;
}

export class BoardError extends Error {
  constructor(
    readonly kind: BoardErrorKind,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = "BoardError";
  }
}

/** The errors every operation may answer with, worded once. */
export const postNotFound = () => new BoardError("NOT_FOUND", "No such post.");
export const commentNotFound = () => new BoardError("NOT_FOUND", "No such comment.");
export const storeBusy = () => new BoardError("SERVICE_UNAVAILABLE", "The board could not save this: please try again.");

const unavailableErrorNames = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
]);
const unavailableNetworkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** Errors from the store (through ElectroDB or the SDK) that mean "try again later", not "bug". */
export function isStoreUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { name?: string; code?: string; $retryable?: unknown; cause?: unknown };
    if (candidate.name && unavailableErrorNames.has(candidate.name)) return true;
    if (candidate.code && unavailableNetworkCodes.has(candidate.code)) return true;
    current = candidate.cause;
  }
  return false;
}

export function isConditionalCheckFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if ((current as { name?: string }).name === "ConditionalCheckFailedException") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
