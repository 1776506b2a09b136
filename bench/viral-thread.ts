/**
 * "Viral thread": many people commenting on one post at once, each sending the next comment soon
 * after the last is answered, for a fixed time, through a Lambda handler (real API Gateway v1
 * events). Shared by tests/viral-thread.test.ts and the bench.
 */
import type { APIGatewayProxyResult } from "aws-lambda";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createBoardOperations } from "../api/board/index.js";
import { createApp } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { startConflictFaithfulDynamoDb } from "../local/conflict-faithful-dynamodb.js";
import { createStreamPoller } from "../local/stream-poller.js";
import { createProjector, projectorDeps } from "../projector/projector-function.js";
import { transactionalCommentCreate } from "./baselines/transactional-comment.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { percentile, round } from "./stats.js";

export type ProxyHandler = (event: ReturnType<typeof apiGatewayEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyResult>;

export interface ViralThreadResult {
  commenters: number;
  durationMs: number;
  /** Comment ids the API acknowledged (201). */
  accepted: string[];
  /** Refusals by status and error code, e.g. `503 SERVICE_UNAVAILABLE`. */
  refused: Record<string, number>;
  refusedTotal: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ViralThreadOptions {
  handler: ProxyHandler;
  postId: string;
  commenters: number;
  durationMs: number;
  /**
   * Each commenter pauses a random 0–2× this long after each answer (people read and type), so the
   * load is many people at once rather than a flood DynamoDB Local cannot serve in time; 0 for none.
   */
  thinkMs?: number;
  /** Called as each comment is acknowledged. */
  onAccepted?: () => void;
}

export async function runViralThread(options: ViralThreadOptions): Promise<ViralThreadResult> {
  const accepted: string[] = [];
  const refused: Record<string, number> = {};
  const latencies: number[] = [];
  const until = performance.now() + options.durationMs;
  const think = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * (options.thinkMs ?? 0)));
  const commenter = async (index: number) => {
    // People arrive over a moment, not in the same millisecond.
    if (options.thinkMs) await think();
    for (let n = 0; performance.now() < until; n++) {
      const event: EventOptions = {
        method: "POST",
        path: `/api/posts/${options.postId}/comments`,
        headers: { "content-type": "application/json" },
        body: { body: `comment ${n} from commenter ${index}`, author: `commenter ${index}` },
      };
      const started = performance.now();
      const result = await options.handler(apiGatewayEvent(event), lambdaContext());
      latencies.push(performance.now() - started);
      const body = JSON.parse(result.body || "{}") as { comment?: { commentId: string }; code?: string };
      if (result.statusCode === 201 && body.comment) {
        accepted.push(body.comment.commentId);
        options.onAccepted?.();
      } else {
        const reason = `${result.statusCode} ${body.code ?? ""}`.trim();
        refused[reason] = (refused[reason] ?? 0) + 1;
      }
      if (options.thinkMs) await think();
    }
  };
  await Promise.all(Array.from({ length: options.commenters }, (_, index) => commenter(index)));
  return {
    commenters: options.commenters,
    durationMs: options.durationMs,
    accepted,
    refused,
    refusedTotal: Object.values(refused).reduce((sum, count) => sum + count, 0),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
  };
}

/** Capacity units a client's calls consumed, as DynamoDB reports them (ReturnConsumedCapacity: TOTAL on every call). */
export function meterCapacity(client: DynamoDBClient) {
  const used = { read: 0, write: 0 };
  const reads = new Set(["GetItem", "Query", "BatchGetItem", "TransactGetItems", "Scan"]);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
      if (reads.has(String(context.commandName).replace(/Command$/, ""))) used.read += units;
      else used.write += units;
      return result;
    },
    { step: "initialize", name: "meterCapacity" },
  );
  return used;
}

export interface ViralThreadBenchSettings {
  commenters: number;
  seconds: number;
  thinkMs: number;
  transactionMs: number;
}

/**
 * Both designs, one after the other, through the real handler on the conflict-faithful proxy:
 * before (comment + post count in one transaction, bench/baselines/transactional-comment.ts) and
 * now (the comment alone; the count from the stream projector, polled as the event source
 * mapping would while the commenters write). For now: how long each comment took to be counted
 * (projector lag), and whether the count is exact once the stream drains.
 */
export async function viralThreadBench(endpoint: string, table: string, signingSecret: string, settings: ViralThreadBenchSettings) {
  const proxy = await startConflictFaithfulDynamoDb({ target: endpoint, transactionMs: settings.transactionMs });
  try {
    const client = new DynamoDBClient({ endpoint: proxy.endpoint, region: "us-east-1", maxAttempts: 3, requestHandler: { requestTimeout: 20_000 } });
    const capacity = meterCapacity(client);
    const operations = createBoardOperations({ client, table, signingSecret });
    const before = { ...operations, comments: { ...operations.comments, create: transactionalCommentCreate({ client, table }) } };
    const handlerFor = (ops: typeof operations) =>
      createLambdaHandler(createApp({ operations: ops, allowedOrigins: [], log: () => {} })) as unknown as ProxyHandler;
    const run = async (ops: typeof operations, withProjector: boolean) => {
      const { post } = await operations.posts.create({ board: "bench-viral", title: "A viral thread", body: "Everyone comments here.", author: "bench" });
      const conflictsBefore = { ...proxy.counts };
      const usedBefore = { ...capacity };
      // The projector on the same conflict-faithful DynamoDB (it writes posts while comments arrive).
      const projectorClient = new DynamoDBClient({ endpoint: proxy.endpoint, region: "us-east-1" });
      const projectorCapacity = meterCapacity(projectorClient);
      const poller = withProjector
        ? createStreamPoller({
            dynamo: projectorClient,
            tableName: table,
            invoke: createProjector({
              ...projectorDeps(
                { tableName: table, region: "us-east-1", dynamoEndpoint: proxy.endpoint, mediaBucket: undefined, metricsNamespace: "bench" },
                projectorClient,
              ),
              log: () => {},
            }),
            pollIntervalMs: 100,
            // The stream's history (the bench's other parts) is not this run's: read from its end, so the lag measured is this run's.
            startingPosition: "LATEST",
          })
        : undefined;
      await poller?.drain();
      const projectorBaseline = { ...projectorCapacity };
      poller?.start();
      const acknowledged: number[] = [];
      const counted: number[] = [];
      let watching = withProjector;
      const watcher = (async () => {
        while (watching) {
          const { post: seen } = await ops.posts.thread({ postId: post.postId, limit: 1 });
          const now = performance.now();
          while (counted.length < Math.min(seen.commentCount, acknowledged.length)) counted.push(now);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const result = await runViralThread({
        handler: handlerFor(ops),
        postId: post.postId,
        commenters: settings.commenters,
        durationMs: settings.seconds * 1000,
        thinkMs: settings.thinkMs,
        onAccepted: () => acknowledged.push(performance.now()),
      });
      const requestCapacity = { read: capacity.read - usedBefore.read, write: capacity.write - usedBefore.write };
      let drainedAfterMs: number | undefined;
      if (poller) {
        const started = performance.now();
        await poller.drain();
        drainedAfterMs = Math.round(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 300));
        watching = false;
        await watcher;
        poller.stop();
      }
      const thread = await operations.posts.thread({ postId: post.postId, limit: 1 });
      const lags = counted.map((at, index) => at - acknowledged[index]!);
      const perComment = (units: number) => round(units / Math.max(1, result.accepted.length), 2);
      return {
        accepted: result.accepted.length,
        refused: result.refusedTotal,
        refusedBy: result.refused,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        conflicts: {
          writeTransactionsCancelled: proxy.counts.writeTransactionsCancelled - conflictsBefore.writeTransactionsCancelled,
          writeConflicts: proxy.counts.writeConflicts - conflictsBefore.writeConflicts,
        },
        countAfterDrain: thread.post.commentCount,
        countExact: thread.post.commentCount === result.accepted.length,
        capacityPerComment: { read: perComment(requestCapacity.read), write: perComment(requestCapacity.write) },
        ...(withProjector
          ? {
              projectorCapacityPerComment: {
                read: perComment(projectorCapacity.read - projectorBaseline.read),
                write: perComment(projectorCapacity.write - projectorBaseline.write),
              },
              lagP50Ms: round(percentile(lags, 50), 0),
              lagP99Ms: round(percentile(lags, 99), 0),
              drainedAfterMs,
            }
          : {}),
      };
    };
    const transactional = await run(before, false);
    const projected = await run(operations, true);
    return { settings, before: transactional, now: projected };
  } finally {
    await proxy.stop();
  }
}
