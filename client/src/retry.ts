export interface RetryPolicy {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First back-off delay; doubles each time, with jitter (default 250 ms). */
  baseDelayMs?: number;
  /** No wait is longer than this, whatever Retry-After says (default 5,000 ms). */
  maxDelayMs?: number;
}

const retryableStatuses = new Set([429, 503]);

/** How long to wait before retry number `attempt + 1`: Retry-After when given, else jittered back-off; never over the cap. */
export function retryDelayMs(attempt: number, retryAfter: string | null, policy: Required<RetryPolicy>): number {
  const backoff = policy.baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2);
  let asked = NaN;
  if (retryAfter) asked = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - Date.now();
  return Math.min(policy.maxDelayMs, Number.isFinite(asked) && asked >= 0 ? asked : backoff);
}

const sleep = (ms: number, signal?: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * A fetch that retries what is safe to repeat — reads (GET) and creates carrying an
 * Idempotency-Key — when the network fails or the server answers 429/503, honouring Retry-After.
 */
export function retryingFetch(fetchImpl: typeof fetch, options: RetryPolicy = {}): typeof fetch {
  const policy = { retries: 3, baseDelayMs: 250, maxDelayMs: 5000, ...options };
  return async (input, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    const repeatable = method === "GET" || new Headers(init?.headers).has("idempotency-key");
    for (let attempt = 0; ; attempt++) {
      const canRetry = repeatable && attempt < policy.retries && !init?.signal?.aborted;
      let response: Response;
      try {
        response = await fetchImpl(input, init);
      } catch (error) {
        // A browser that knows it is offline: say so now, instead of after the back-off.
        if (!canRetry || globalThis.navigator?.onLine === false) throw error;
        await sleep(retryDelayMs(attempt, null, policy), init?.signal);
        continue;
      }
      if (!canRetry || !retryableStatuses.has(response.status)) return response;
      // Asked to wait longer than we ever would (a rate-limit window): retrying early only fails
      // again, so hand the answer back now and let the caller say how long to wait.
      const asked = Number(response.headers.get("retry-after"));
      if (Number.isFinite(asked) && asked * 1000 > policy.maxDelayMs) return response;
      await sleep(retryDelayMs(attempt, response.headers.get("retry-after"), policy), init?.signal);
    }
  };
}
