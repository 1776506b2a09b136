/**
 * Lambda's event source mapping for a DynamoDB stream, for `npm start` and the tests: reads the
 * table's stream (DynamoDB Local has Streams) shard by shard, in order, and invokes the function
 * with Lambda-shaped batches, honouring what the stack configures (projector/event-source.ts):
 * - partial batch responses: records before the reported one are done, the batch is retried from it;
 * - bisect on error: a failing batch is split in two and each half retried (as Lambda does, a split
 *   does not use up a retry), so one bad record is isolated and the others go through;
 * - a maximum number of retries and a maximum record age, after which the failing records'
 *   description goes to the on-failure destination (Lambda's DDBStreamBatchInfo) and the shard moves on.
 * A shard's next batch waits for the last one, as Lambda's does (parallelization factor 1).
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from "@aws-sdk/client-dynamodb-streams";
import type { _Record as StreamRecord } from "@aws-sdk/client-dynamodb-streams";
import { projectorEventSource } from "../projector/event-source.js";
import type { EventSourceSettings } from "../projector/event-source.js";

export interface OnFailureRecord {
  requestContext: { condition: "RetryAttemptsExhausted" | "RecordAgeExceeded"; approximateInvokeCount: number };
  responseContext: { functionError?: string };
  version: "1.0";
  timestamp: string;
  DDBStreamBatchInfo: { shardId: string; startSequenceNumber: string; endSequenceNumber: string; batchSize: number; streamArn: string };
}

export interface StreamPollerOptions {
  /** The table's client; its stream is found with DescribeTable (unless `streamArn` is given). */
  dynamo?: DynamoDBClient;
  tableName?: string;
  /** The stream to read, as an event source mapping names it. */
  streamArn?: string;
  /** The client that reads the stream (by default one on the table client's endpoint). */
  streams?: DynamoDBStreamsClient;
  invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  onFailure?: (record: OnFailureRecord) => void;
  settings?: Partial<EventSourceSettings>;
  /** How often an idle poller looks for new records. */
  pollIntervalMs?: number;
  /** Where reading starts in the shards there are at the start: the oldest record (as the stack's mapping declares) or the stream's end. */
  startingPosition?: "TRIM_HORIZON" | "LATEST";
}

interface ShardState {
  iterator: string | undefined;
  done: boolean;
}

export function createStreamPoller(options: StreamPollerOptions) {
  const settings = { ...projectorEventSource, ...options.settings };
  const endpoint = options.dynamo?.config.endpoint;
  const streams = options.streams ?? new DynamoDBStreamsClient({ region: "us-east-1", ...(endpoint ? { endpoint } : {}) });
  const shards = new Map<string, ShardState>();
  const failures: OnFailureRecord[] = [];
  let streamArn = options.streamArn;
  // One pass at a time, whoever asks (the background loop or drain()): shard iterators are shared.
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let invocations = 0;
  /** What it has done so far, for a person reading why nothing happened. */
  const stats = { polls: 0, shards: 0, recordsRead: 0 };

  let firstDiscovery = true;
  const discoverShards = async () => {
    streamArn ??= (await options.dynamo?.send(new DescribeTableCommand({ TableName: options.tableName })))?.Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`${options.tableName} has no stream`);
    for (let start: string | undefined, more = true; more; ) {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue;
        // A child shard is read once its parent is finished, so one item's changes stay in order.
        if (shard.ParentShardId && shards.has(shard.ParentShardId) && !shards.get(shard.ParentShardId)!.done) continue;
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            // Shards that appear later are read from their start: their records are all new.
            ShardIteratorType: firstDiscovery && options.startingPosition === "LATEST" ? "LATEST" : "TRIM_HORIZON",
          }),
        );
        shards.set(shard.ShardId, { iterator: ShardIterator, done: false });
      }
      start = StreamDescription?.LastEvaluatedShardId;
      more = Boolean(start);
    }
    firstDiscovery = false;
  };

  const toLambdaRecord = (record: StreamRecord): DynamoDBRecord =>
    ({
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: record.awsRegion ?? "us-east-1",
      eventSourceARN: streamArn,
      dynamodb: { ...record.dynamodb, ApproximateCreationDateTime: Math.floor((record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000) },
    }) as DynamoDBRecord;

  const sendToDestination = (
    shardId: string,
    records: DynamoDBRecord[],
    condition: OnFailureRecord["requestContext"]["condition"],
    invokeCount: number,
    functionError?: string,
  ) => {
    const failure: OnFailureRecord = {
      requestContext: { condition, approximateInvokeCount: invokeCount },
      responseContext: functionError ? { functionError } : {},
      version: "1.0",
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: records[0]!.dynamodb!.SequenceNumber!,
        endSequenceNumber: records.at(-1)!.dynamodb!.SequenceNumber!,
        batchSize: records.length,
        streamArn: streamArn!,
      },
    };
    failures.push(failure);
    options.onFailure?.(failure);
  };

  /** One batch, delivered as Lambda would: retried from a reported failure, split on error, given up on after its retries. */
  const deliver = async (shardId: string, records: DynamoDBRecord[], retriesLeft: number, invokeCount = 0): Promise<void> => {
    if (records.length === 0) return;
    invocations++;
    let failedFrom = 0;
    let functionError: string | undefined;
    try {
      const response = await options.invoke({ Records: records });
      const reported = response?.batchItemFailures ?? [];
      if (reported.length === 0) return;
      const earliest = reported.map((failure) => records.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier));
      // An identifier that is not in the batch fails the whole batch, as Lambda treats it.
      failedFrom = earliest.some((index) => index < 0) ? 0 : Math.min(...earliest);
    } catch (error) {
      functionError = (error as Error).name || "Error";
    }
    const rest = records.slice(failedFrom);
    const oldest = (rest[0]!.dynamodb!.ApproximateCreationDateTime ?? 0) * 1000;
    if (Date.now() - oldest > settings.maximumRecordAgeInSeconds * 1000)
      return sendToDestination(shardId, rest, "RecordAgeExceeded", invokeCount + 1, functionError);
    if (settings.bisectBatchOnFunctionError && rest.length > 1) {
      const middle = Math.ceil(rest.length / 2);
      await deliver(shardId, rest.slice(0, middle), retriesLeft, invokeCount + 1);
      await deliver(shardId, rest.slice(middle), retriesLeft, invokeCount + 1);
      return;
    }
    if (retriesLeft === 0) return sendToDestination(shardId, rest, "RetryAttemptsExhausted", invokeCount + 1, functionError);
    await deliver(shardId, rest, retriesLeft - 1, invokeCount + 1);
  };

  /** Reads every shard to its current end, invoking the function batch by batch; the number of records read. */
  const pollOnce = async (): Promise<number> => {
    await discoverShards();
    stats.polls++;
    stats.shards = shards.size;
    let read = 0;
    for (const [shardId, shard] of shards) {
      let pending: DynamoDBRecord[] = [];
      while (!shard.done && shard.iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
        shard.iterator = page.NextShardIterator;
        if (!shard.iterator) shard.done = true;
        const records = (page.Records ?? []).map(toLambdaRecord);
        read += records.length;
        stats.recordsRead += records.length;
        pending.push(...records);
        while (pending.length >= settings.batchSize || (pending.length > 0 && records.length === 0)) {
          await deliver(shardId, pending.slice(0, settings.batchSize), settings.maximumRetryAttempts);
          pending = pending.slice(settings.batchSize);
        }
        if (records.length === 0) break;
      }
      for (; pending.length > 0; pending = pending.slice(settings.batchSize))
        await deliver(shardId, pending.slice(0, settings.batchSize), settings.maximumRetryAttempts);
    }
    return read;
  };

  const poll = (): Promise<number> => {
    const pass = queue.then(pollOnce);
    queue = pass.catch(() => 0);
    return pass;
  };

  return {
    failures,
    stats,
    get invocations() {
      return invocations;
    },
    /** Until the stream has nothing new: every record written so far is projected (or sent to the destination). */
    async drain(): Promise<void> {
      while ((await poll()) > 0) {}
    },
    /** Polls in the background, as the event source mapping does, until stopped. */
    start(onError: (error: Error) => void = () => {}) {
      const loop = async () => {
        while (!stopped) {
          try {
            await poll();
          } catch (error) {
            onError(error as Error);
          }
          await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? settings.maximumBatchingWindowInSeconds * 1000));
        }
      };
      void loop();
    },
    stop() {
      stopped = true;
      streams.destroy();
    },
  };
}

export type StreamPoller = ReturnType<typeof createStreamPoller>;
