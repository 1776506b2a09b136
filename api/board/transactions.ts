import { storeBusy } from "./errors.js";

export interface CancellationReason {
  rejected?: boolean;
  code?: string;
}

export interface WriteTransactionResult {
  canceled: boolean;
  data: CancellationReason[];
}

const maxAttempts = 8;

/**
 * Runs a write transaction, retrying the ones DynamoDB cancelled only because another
 * transaction touched the same item at the same time (as every comment on a busy post does).
 * ElectroDB resolves cancellations instead of throwing; the caller gets the reasons back.
 */
export async function runWriteTransaction(run: () => Promise<WriteTransactionResult>): Promise<CancellationReason[] | null> {
  for (let attempt = 1; ; attempt++) {
    const result = await run();
    if (!result.canceled) return null;
    const conflicted = result.data.some((reason) => reason.code === "TransactionConflict");
    const failedCondition = result.data.some((reason) => reason.code === "ConditionalCheckFailed");
    if (failedCondition || !conflicted) return result.data;
    if (attempt === maxAttempts) {
      throw storeBusy();
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
  }
}

export function wasRejected(reasons: CancellationReason[], index: number): boolean {
  return reasons[index]?.code === "ConditionalCheckFailed";
}
