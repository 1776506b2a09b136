import type { StoreOptions } from "../entities/service.js";
import { createRateWindowEntity } from "../entities/rate-window.js";
import { tableDefinition } from "../entities/table.js";
import { isConditionalCheckFailure } from "./board/errors.js";

const windowSeconds = 60;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Writes per client per minute, counted in the board's table: one conditional UpdateItem per
 * write, refused once the window's count reaches the limit. Windows expire by TTL.
 */
export function createWriteRateLimiter(options: StoreOptions & { writesPerMinute: number; now?: () => number }) {
  const rateWindow = createRateWindowEntity({ client: options.client, table: options.table });
  const now = options.now ?? Date.now;
  const ttl = tableDefinition.ttlAttribute;

  return {
    enabled: options.writesPerMinute > 0,
    async take(clientKey: string): Promise<RateDecision> {
      const nowSeconds = Math.floor(now() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      try {
        await rateWindow
          .update({ clientKey, window: String(windowStart) })
          .add({ count: 1 })
          .set({ [ttl]: windowStart + 2 * windowSeconds })
          .where(({ count }, { notExists, lt }) => `${notExists(count)} OR ${lt(count, options.writesPerMinute)}`)
          .go({ response: "none" });
        return { allowed: true };
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
        return { allowed: false, retryAfterSeconds: Math.max(1, windowStart + windowSeconds - nowSeconds) };
      }
    },
  };
}

export type WriteRateLimiter = ReturnType<typeof createWriteRateLimiter>;

/**
 * Who a request counts against. API Gateway appends the address it saw to X-Forwarded-For, and
 * each trusted proxy in front of it (CloudFront: 1) appends one more; the entry just before them
 * is the client. Without the header, the connection's address.
 */
export function clientKeyOf(forwardedFor: string | undefined, sourceIp: string | undefined, trustedProxyHops: number): string {
  const chain = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  return chain[chain.length - 1 - trustedProxyHops] ?? sourceIp ?? "unknown";
}
