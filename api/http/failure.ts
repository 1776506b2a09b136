/**
 * What a 500's log line says about its cause — the error's class, its message and, when AWS
 * answered it, AWS's error code (a network failure's code otherwise) — found below the wrappers
 * tRPC puts around it. Only the log gets this: the client's answer never says more than "500".
 */
export interface FailureFacts {
  errorName: string;
  errorMessage: string;
  awsCode?: string;
}

export function describeFailure(error: unknown): FailureFacts {
  let cause: unknown = error;
  // tRPC wraps what a procedure threw (error.cause); so may a fetch failure (cause.code).
  for (let depth = 0; depth < 5 && isWrapper(cause); depth++) cause = (cause as { cause: unknown }).cause;
  const failure = (cause ?? {}) as { name?: string; message?: string; code?: unknown; Code?: unknown; $metadata?: unknown; cause?: { code?: unknown } };
  const awsCode = failure.$metadata !== undefined ? (failure.Code ?? failure.name) : (failure.code ?? failure.cause?.code);
  return {
    errorName: cause instanceof Error ? cause.name : typeof cause,
    errorMessage: failure.message ?? String(cause),
    ...(typeof awsCode === "string" ? { awsCode } : {}),
  };
}

function isWrapper(error: unknown): boolean {
  return error instanceof Error && error.name === "TRPCError" && (error as { cause?: unknown }).cause !== undefined;
}
