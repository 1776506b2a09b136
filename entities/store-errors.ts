/** How the store (DynamoDB, through ElectroDB or the SDK) says what went wrong, told apart once. */

const throttleErrorNames = new Set(["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]);
const unavailableErrorNames = new Set([...throttleErrorNames, "InternalServerError", "ServiceUnavailable", "TimeoutError"]);
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

/** DynamoDB refused for capacity: the SDK retries these, and the metrics count them. */
export function isThrottle(error: unknown): boolean {
  return throttleErrorNames.has((error as { name?: string } | undefined)?.name ?? "");
}

/**
 * Options every ElectroDB call passes: let DynamoDB's own error through (the predicates above
 * read it, wrapped or not) rather than have ElectroDB build a wrapping error, stack trace and all,
 * before *every* call in case it fails (≈ 20 µs a call in the warm profile). ElectroDB's own
 * option; transactions are not affected (they resolve, not reject, when cancelled).
 */
export const rawStoreErrors = { originalErr: true } as const;
