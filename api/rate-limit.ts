import type { StoreOptions } from "../entities/service.js";
import { createRateWindowEntity } from "../entities/rate-window.js";
import { tableDefinition } from "../entities/table.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";

const windowSeconds = 60;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Writes per client per minute, counted in the board's table: one conditional UpdateItem per
 * write, refused once the window's count reaches the limit. Windows expire by TTL.
 */
export function createWriteRateLimiter(options: StoreOptions & { writesPerMinute: number; now?: () => number }) {
  // Built on the first write, not at start: reads never need it.
  let rateWindow: ReturnType<typeof createRateWindowEntity> | undefined;
  const now = options.now ?? Date.now;
  const ttl = tableDefinition.ttlAttribute;

  return {
    enabled: options.writesPerMinute > 0,
    async take(clientKey: string): Promise<RateDecision> {
      const nowSeconds = Math.floor(now() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      try {
        rateWindow ??= createRateWindowEntity({ client: options.client, table: options.table });
        await rateWindow
          .update({ clientKey, window: String(windowStart) })
          .add({ count: 1 })
          .set({ [ttl]: windowStart + 2 * windowSeconds })
          .where(({ count }, { notExists, lt }) => `${notExists(count)} OR ${lt(count, options.writesPerMinute)}`)
          .go({ ...rawStoreErrors, response: "none" });
        return { allowed: true };
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
        return { allowed: false, retryAfterSeconds: Math.max(1, windowStart + windowSeconds - nowSeconds) };
      }
    },
  };
}

export type WriteRateLimiter = ReturnType<typeof createWriteRateLimiter>;
