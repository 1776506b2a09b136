import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../api/router.js";

import type { FieldIssue } from "../../api/board/errors.js";

export type { FieldIssue };

/**
 * The one error every client call rejects with. `code` is the API's error code (`NOT_FOUND`,
 * `CONFLICT`, …, or `NETWORK_ERROR` when no answer came), `status` the HTTP status (0 without one).
 */
export class BoardClientError extends TRPCClientError<AppRouter> {
  readonly code: string;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly issues: FieldIssue[];
  /** Seconds the server asked to wait (Retry-After) before trying again, on a 429 or 503. */
  readonly retryAfterSeconds: number | undefined;

  constructor(source: TRPCClientError<AppRouter>) {
    super(source.message, { cause: source, meta: source.meta, ...(source.shape ? { result: { error: source.shape } } : {}) });
    // TRPCClientError pins its own prototype; restore ours so `instanceof BoardClientError` holds.
    Object.setPrototypeOf(this, BoardClientError.prototype);
    this.name = "BoardClientError";
    const data = source.data as { code?: string; httpStatus?: number; requestId?: string; issues?: FieldIssue[] } | undefined;
    this.code = data?.code ?? "NETWORK_ERROR";
    this.status = data?.httpStatus ?? 0;
    this.requestId = data?.requestId;
    this.issues = data?.issues ?? [];
    const retryAfter = (source.meta?.response as Response | undefined)?.headers?.get("retry-after");
    this.retryAfterSeconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  }

  /** The message for one field, if the server rejected it. */
  issueFor(path: string): string | undefined {
    return this.issues.find((issue) => issue.path === path)?.message;
  }
}

export function toBoardClientError(error: unknown): BoardClientError {
  if (error instanceof BoardClientError) return error;
  return new BoardClientError(TRPCClientError.from(error as Error) as TRPCClientError<AppRouter>);
}
