import type { BoardOperations } from "../board/index.js";
import type { RateDecision } from "../rate-limit.js";
import type { RequestObservations } from "../request-observations.js";
import type { Context } from "../trpc.js";

/** `Authorization: Bearer <token>`; anything else counts as no token. */
export function bearerToken(header: string | null): string | undefined {
  return header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
}

/** `If-Match: "3"` (or `W/"3"`, or `3`): the version an update expects. */
export function ifMatchVersion(header: string | null): number | undefined {
  const digits = header?.trim().match(/^(?:W\/)?"?(\d{1,15})"?$/)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

export interface RequestScope {
  requestId: string;
  /** Who is asking, as the write limit counts them (an address or its /64; see client-address.ts). */
  clientKey: string;
  takeWrite: () => Promise<RateDecision>;
  responseHeaders: Headers;
  observations: RequestObservations;
}

/** The procedure context, from the request's headers; the same for tRPC and REST. */
export function contextFromHeaders(operations: BoardOperations, headers: Headers, scope: RequestScope): Context {
  return {
    operations,
    ...scope,
    actor: { token: bearerToken(headers.get("authorization")) },
    idempotencyKey: headers.get("idempotency-key") ?? undefined,
    ifMatchVersion: ifMatchVersion(headers.get("if-match")),
  };
}
