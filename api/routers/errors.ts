import { limits } from "../limits.js";

/**
 * The error statuses each operation can answer with, in the OpenAPI document, worded for that
 * operation. (The document adds 405 to every operation and the headers each status carries.)
 */
const tooManyWrites = "Too many writes from this client: wait `Retry-After` seconds";
const storeUnavailable = "The store is unavailable: retry after `Retry-After` seconds";
const invalid = "Invalid input: `issues` names each field";
const tooLarge = `The body is over ${limits.requestBodyBytes / 1024} KiB`;
const notJson = "The body is not application/json";
const noToken = "No edit token: send `Authorization: Bearer <editToken>`";
const wrongToken = "This token is neither the item's edit token nor the moderator's";

/**
 * What any operation may answer, whatever it does (added to each by the document): throttling
 * (API Gateway's stage limits and the WAF's rate rule reach reads too), an unexpected failure,
 * and what API Gateway answers itself when the function cannot (its gateway responses carry the
 * same Error body: infra/gateway-responses.ts).
 */
export const anyOperation = {
  429: "Too many requests: API Gateway's throttling or the WAF's rate rule (reads and writes alike), or this client's write limit; wait `Retry-After` seconds",
  500: "An unexpected failure, never an answer to bad input: quote `requestId` when reporting it",
  502: "API Gateway got no valid answer from the function (`code` INTEGRATION_FAILURE)",
  503: storeUnavailable,
  504: "The function did not answer in time (`code` INTEGRATION_TIMEOUT)",
} satisfies Record<number, string>;

export const errors = {
  list: { 400: "Invalid board, limit or cursor (a cursor from another list, tampered or expired)", 503: storeUnavailable },
  search: { 400: "Invalid board, query (empty, too long, too many words, nothing to search for), scope, limit or cursor", 503: storeUnavailable },
  thread: { 400: "Invalid post id or limit", 404: "No such post", 503: storeUnavailable },
  createPost: {
    400: "Invalid input (`issues` names each field), or a reserved name without the moderator token",
    409: "This Idempotency-Key was used for a different request",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  createComment: {
    400: "Invalid input (`issues` names each field), or a reserved name without the moderator token",
    404: "No such post (or it is being deleted)",
    409: "This Idempotency-Key was used for a different request",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  update: {
    400: invalid,
    401: noToken,
    403: wrongToken,
    404: "No such item",
    409: "Version conflict: the item changed since you read it",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  remove: { 400: "Invalid id", 401: noToken, 403: wrongToken, 404: "No such item", 429: tooManyWrites, 503: storeUnavailable },
  prepareUpload: {
    400: "Not an accepted image type, or over 10 MB",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: "Images are not enabled on this board, or the store is unavailable",
  },
  attachmentStatus: { 400: "Invalid image id", 404: "No such image (or it is already used)", 503: storeUnavailable },
  boardList: { 503: storeUnavailable },
  best: { 400: "Invalid board, limit or cursor", 404: "No such board", 503: storeUnavailable },
  vote: {
    400: "Invalid post id or vote",
    404: "No such post (or it is being deleted)",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  viewed: { 400: "Invalid post id", 413: tooLarge, 415: notJson, 429: tooManyWrites, 503: storeUnavailable },
  boardPage: { 400: "Invalid board or page number", 404: "No such board", 503: storeUnavailable },
  createBoard: {
    400: invalid,
    401: "No moderator token: send `Authorization: Bearer <moderator token>`",
    403: "This token is not the moderator's",
    409: "A board with this slug exists already",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  updateBoard: {
    400: invalid,
    401: "No moderator token: send `Authorization: Bearer <moderator token>`",
    403: "This token is not the moderator's",
    404: "No such board",
    409: "Version conflict: the board changed since you read it",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  pin: {
    400: invalid,
    401: "No moderator token: send `Authorization: Bearer <moderator token>`",
    403: "This token is not the moderator's",
    404: "No such post (or it is being deleted)",
    409: "The board has as many notices as it may show: unpin one first",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  unlock: {
    400: "Invalid id or password",
    403: "Not this item's password, or the item has none",
    404: "No such item",
    413: tooLarge,
    415: notJson,
    429: `Too many writes from this client, or more than ${limits.password.attempts.perClient} password attempts on this item from this client (${limits.password.attempts.perItem} from everyone) this hour: wait \`Retry-After\` seconds`,
    503: storeUnavailable,
  },
  report: {
    400: "Invalid id, reason or text",
    404: "No such post or comment (or it is being deleted)",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  queue: {
    400: "Invalid order, limit or cursor",
    401: "No moderator token: send `Authorization: Bearer <moderator token>`",
    403: "This token is not the moderator's",
    503: storeUnavailable,
  },
  review: {
    400: invalid,
    401: "No moderator token: send `Authorization: Bearer <moderator token>`",
    403: "This token is not the moderator's",
    404: "No such post or comment",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  moderatorWrite: {
    400: invalid,
    401: "No moderator token: send `Authorization: Bearer <moderator token>`",
    403: "This token is not the moderator's",
    413: tooLarge,
    415: notJson,
    429: tooManyWrites,
    503: storeUnavailable,
  },
  health: {},
} satisfies Record<string, Record<number, string>>;
