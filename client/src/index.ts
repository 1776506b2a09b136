import { createTRPCClient, httpBatchLink, httpLink, splitLink } from "@trpc/client";
import type { Operation, TRPCClient, TRPCLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import type { AppRouter } from "../../api/router.js";
// Plain data (no server code): the server's limits, so the client's batches stay within them.
import { limits } from "../../api/limits.js";
import { issuedToken, itemToAuthorize, memoryEditTokenStore, moderatorMayOperations, moderatorOperations } from "./edit-tokens.js";
import type { EditTokenStore } from "./edit-tokens.js";
import { toBoardClientError } from "./errors.js";
import { retryingFetch } from "./retry.js";
import type { RetryPolicy } from "./retry.js";

export { BoardClientError } from "./errors.js";
export type { FieldIssue } from "./errors.js";
export { memoryEditTokenStore, webStorageEditTokenStore } from "./edit-tokens.js";
export type { EditTokenStore } from "./edit-tokens.js";
export type { RetryPolicy } from "./retry.js";
/** The limits the server enforces (lengths, page sizes, batch size…), for forms and counters. */
export { limits };
/** The text rules the server applies (what text it refuses), for checking forms before sending. */
export { textLength, textRules } from "../../api/text-rules.js";
export type { AppRouter };

export type BoardInputs = inferRouterInputs<AppRouter>;
export type BoardOutputs = inferRouterOutputs<AppRouter>;
export type Post = BoardOutputs["posts"]["get"]["post"];
export type Comment = BoardOutputs["comments"]["list"]["items"][number];
export type Thread = BoardOutputs["posts"]["get"];
export type SearchResult = BoardOutputs["posts"]["search"]["items"][number];
export type Board = BoardOutputs["boards"]["list"]["boards"][number];
export type BoardPage = BoardOutputs["boards"]["page"];
export type PostRow = BoardPage["posts"][number];

type HeaderMap = Record<string, string>;

export interface BoardClientOptions {
  /** The tRPC endpoint: `/trpc` on the site's own origin, or e.g. `https://board.example.com/trpc`. */
  url: string;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Extra headers for every request. */
  headers?: HeaderMap | (() => HeaderMap | Promise<HeaderMap>);
  /** Keeps the edit tokens creates return and sends them on update/delete (default: in memory). */
  editTokens?: EditTokenStore;
  /** Sent on update/delete of items this client holds no edit token for. */
  moderatorToken?: string | (() => string | null | undefined);
  retry?: RetryPolicy;
}

/** Per-call options: `client.posts.create.mutate(input, { context: { idempotencyKey } })`. */
export interface BoardCallContext {
  idempotencyKey?: string;
  /** A bearer token for this one call (e.g. the token `moderator.check` should check). */
  token?: string;
  [key: string]: unknown;
}

// Long GET URLs are refused by some proxies; bigger batches are split to stay under this.
const maxURLLength = 2000;

function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** Turns every failure into a BoardClientError, gives creates an idempotency key, and files edit tokens. */
function boardLink(tokens: EditTokenStore): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        const context = op.context as BoardCallContext;
        if (op.path.endsWith(".create")) context.idempotencyKey ??= newIdempotencyKey();
        return next(op).subscribe({
          next(result) {
            const data = result.result.type === "data" ? (result.result.data as Record<string, unknown> | undefined) : undefined;
            const issued = issuedToken(data);
            if (issued) tokens.set(issued.itemId, issued.token);
            const removed = op.path.endsWith(".delete") ? itemToAuthorize(op.path, op.input) : undefined;
            if (removed) tokens.delete(removed);
            observer.next(result);
          },
          error: (error) => observer.error(toBoardClientError(error)),
          complete: () => observer.complete(),
        });
      });
}

/** A typed client for the board's API, for browsers and Node alike. */
export function createBoardClient(options: BoardClientOptions): TRPCClient<AppRouter> {
  const tokens = options.editTokens ?? memoryEditTokenStore();
  const fetchImpl = retryingFetch(options.fetch ?? ((input, init) => globalThis.fetch(input, init)), options.retry);
  const baseHeaders = async () => (typeof options.headers === "function" ? await options.headers() : (options.headers ?? {}));
  const moderatorToken = () => (typeof options.moderatorToken === "function" ? options.moderatorToken() : options.moderatorToken);

  const mutationHeaders = async ({ op }: { op: Operation }): Promise<HeaderMap> => {
    const headers: HeaderMap = { ...(await baseHeaders()) };
    const idempotencyKey = (op.context as BoardCallContext).idempotencyKey;
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    const explicit = (op.context as BoardCallContext).token;
    const itemId = itemToAuthorize(op.path, op.input);
    const forModerator = moderatorOperations.includes(op.path) || moderatorMayOperations.includes(op.path);
    const token = explicit ?? ((itemId && tokens.get(itemId)) || moderatorToken());
    if ((explicit || itemId || forModerator) && token) headers.authorization = `Bearer ${token}`;
    return headers;
  };

  return createTRPCClient<AppRouter>({
    links: [
      boardLink(tokens),
      splitLink({
        // The moderator's reads (the report queue) go alone too, with the moderator token.
        condition: (op) => op.type === "query" && !moderatorOperations.includes(op.path),
        true: httpBatchLink({ url: options.url, fetch: fetchImpl, maxURLLength, maxItems: limits.batchSize, headers: baseHeaders }),
        // Mutations go one per request: each carries its own Authorization and Idempotency-Key.
        false: httpLink({ url: options.url, fetch: fetchImpl, headers: mutationHeaders }),
      }),
    ],
  });
}

export type BoardClient = ReturnType<typeof createBoardClient>;
