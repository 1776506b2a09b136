/**
 * The warm part of `npm run bench`, run by it in a child process on Lambda's Node (22) under
 * Lambda's flags: per-operation latency of ours (tRPC and REST) against the baseline, interleaved
 * after a warm-up, then the thread read with every DynamoDB call held `delayMs` (as in-region).
 * Input: one JSON argument; output: one JSON line.
 */
import type { EventOptions } from "../local/proxy-events.js";
import { startCountingProxy } from "./counting-proxy.js";
import { timed } from "./timed.js";
import { median, percentile, ratio, round } from "./stats.js";

import type { Handler } from "./timed.js";

export interface Operation {
  name: string;
  trpc: EventOptions;
  rest: EventOptions;
  baseline: EventOptions;
}

export interface WarmInput {
  ourEntry: string;
  baselineEntry: string;
  endpoint: string;
  operations: Record<string, Operation>;
  settings: { warmup: number; warmIterations: number; dynamoDelayMs: number; only: string[] };
}

const input = JSON.parse(process.argv[2] ?? "{}") as WarmInput;
const settings = input.settings;

async function warmLatency(ours: Handler, baseline: Handler, operations: Record<string, Operation>) {
  const results: Record<string, unknown> = {};
  for (const [key, operation] of Object.entries(operations)) {
    const variants: [string, Handler, EventOptions][] = [
      ["trpc", ours, operation.trpc],
      ["rest", ours, operation.rest],
      ["baseline", baseline, operation.baseline],
    ];
    for (let i = 0; i < settings.warmup; i++) for (const [, handler, event] of variants) await timed(handler, event);
    const samples: Record<string, number[]> = { trpc: [], rest: [], baseline: [] };
    for (let i = 0; i < settings.warmIterations; i++) {
      // Rotate the order so no variant always runs first.
      for (let j = 0; j < variants.length; j++) {
        const [name, handler, event] = variants[(i + j) % variants.length]!;
        samples[name]!.push(await timed(handler, event));
      }
    }
    const summary = (values: number[]) => ({ p50: round(median(values), 3), p99: round(percentile(values, 99), 3) });
    const base = summary(samples.baseline!);
    const trpc = summary(samples.trpc!);
    const rest = summary(samples.rest!);
    results[key] = { name: operation.name, trpc, rest, baseline: base, trpcRatio: ratio(trpc.p50, base.p50), restRatio: ratio(rest.p50, base.p50) };
  }
  return results;
}

/**
 * The thread read again with every DynamoDB call held `dynamoDelayMs` (what in-region DynamoDB
 * costs over the network), so the overhead reads as it would in production.
 */
async function withDynamoDelay(ourEntry: string, baselineEntry: string, endpoint: string, thread: Operation) {
  const proxy = await startCountingProxy(endpoint, { delayMs: settings.dynamoDelayMs });
  process.env.DYNAMODB_ENDPOINT = proxy.endpoint;
  try {
    const ours = (await import(`${ourEntry}?delayed`)) as { handler: Handler };
    const baseline = (await import(`${baselineEntry}?delayed`)) as { handler: Handler };
    const samples = { ours: [] as number[], baseline: [] as number[] };
    for (let i = 0; i < 50; i++) {
      await timed(ours.handler, thread.trpc);
      await timed(baseline.handler, thread.baseline);
    }
    for (let i = 0; i < 300; i++) {
      samples.ours.push(await timed(ours.handler, thread.trpc));
      samples.baseline.push(await timed(baseline.handler, thread.baseline));
    }
    const oursP50 = round(median(samples.ours), 3);
    const baselineP50 = round(median(samples.baseline), 3);
    return { delayMs: settings.dynamoDelayMs, oursP50, baselineP50, ratio: ratio(oursP50, baselineP50) };
  } finally {
    await proxy.close();
    process.env.DYNAMODB_ENDPOINT = endpoint;
  }
}

// The request log is one line written to stdout per request (api/log-line.ts); here it would
// measure the pipe to the parent, not the handler (bench's metrics part prices the line itself).
const write = process.stdout.write.bind(process.stdout);
const print = (line: string) => write(`${line}\n`);
process.stdout.write = (() => true) as typeof process.stdout.write;
process.env.DYNAMODB_ENDPOINT = input.endpoint;
const results: Record<string, unknown> = { node: process.version };
if (settings.only.includes("warm")) {
  const ours = (await import(`${input.ourEntry}?warm`)) as { handler: Handler };
  const baseline = (await import(`${input.baselineEntry}?warm`)) as { handler: Handler };
  results.warm = await warmLatency(ours.handler, baseline.handler, input.operations);
}
if (settings.only.includes("delay")) results.realistic = await withDynamoDelay(input.ourEntry, input.baselineEntry, input.endpoint, input.operations.thread!);
print(JSON.stringify(results));
