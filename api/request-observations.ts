import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one request did, counted as it happens: by the tRPC layer (procedures and their outcomes)
 * and by the DynamoDB client (requests, retries, throttles). The HTTP layer turns it into the
 * request's log line and metrics (api/http/request-metrics.ts).
 */
export interface RequestObservations {
  procedures: string[];
  versionConflicts: number;
  writesRefused: number;
  storeUnavailable: number;
  postsCreated: number;
  commentsCreated: number;
  /** Reports (신고) counted: a flood of them is its own alarm. */
  reportsFiled: number;
  dynamoRequests: number;
  dynamoRetries: number;
  dynamoThrottles: number;
}

export const newObservations = (): RequestObservations => ({
  procedures: [],
  versionConflicts: 0,
  writesRefused: 0,
  storeUnavailable: 0,
  postsCreated: 0,
  commentsCreated: 0,
  reportsFiled: 0,
  dynamoRequests: 0,
  dynamoRetries: 0,
  dynamoThrottles: 0,
});

const storage = new AsyncLocalStorage<RequestObservations>();
/** Set on Lambda (observeOneRequestAtATime): the request in progress. */
let slot: { current?: RequestObservations | undefined } | undefined;

/**
 * The current request's observations, for code that has no request context (the SDK's
 * middleware). Where one process serves many requests at once (npm start, the tests) they are
 * kept apart by AsyncLocalStorage; on Lambda, by a slot (observeOneRequestAtATime).
 */
export const currentObservations = {
  run<T>(observations: RequestObservations, answer: () => Promise<T>): Promise<T> {
    if (!slot) return storage.run(observations, answer);
    const held = slot;
    held.current = observations;
    return answer().finally(() => {
      if (held.current === observations) held.current = undefined;
    });
  },
  getStore: (): RequestObservations | undefined => (slot ? slot.current : storage.getStore()),
};

/**
 * Lambda gives an instance one event at a time, so the request in progress is simply remembered:
 * on Node 22, AsyncLocalStorage gives every promise of the process a hook once it is used, which
 * cost a warm request 2–4% of its instructions (bench, callgrind: thread read 17.9 → 17.5 M). Work a request leaves running after its
 * answer would count toward the next request's line. Called by the Lambda entry (api/container.ts).
 */
export function observeOneRequestAtATime(): void {
  slot ??= {};
}
