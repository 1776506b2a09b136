/**
 * How Lambda feeds the projector from the table's stream, in one place: the stack's event source
 * mapping is configured with these, and `npm start`'s poller (local/stream-poller.ts) honours the
 * same numbers.
 */
export interface EventSourceSettings {
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  maximumRetryAttempts: number;
  maximumRecordAgeInSeconds: number;
  bisectBatchOnFunctionError: boolean;
}

export const projectorEventSource: EventSourceSettings & { startingPosition: "TRIM_HORIZON" | "LATEST" } = {
  /** Records per invocation: one recount per post per batch, so larger batches cost less per comment. */
  batchSize: 100,
  /** Lambda waits up to this long to fill a batch: the longest a count lags when comments trickle in. */
  maximumBatchingWindowInSeconds: 1,
  /** After this many retries of a failing record, its batch's description goes to the failure queue. */
  maximumRetryAttempts: 5,
  /** Records older than this are not retried any more (DynamoDB keeps a stream for 24 hours). */
  maximumRecordAgeInSeconds: 6 * 60 * 60,
  bisectBatchOnFunctionError: true,
  /** From the oldest record the stream still holds: nothing written before the projector existed is skipped. */
  startingPosition: "TRIM_HORIZON",
};

/** The projector's timeout: a batch of 100 recounts takes well under a second; a slow DynamoDB gets room. */
export const projectorTimeoutSeconds = 60;
