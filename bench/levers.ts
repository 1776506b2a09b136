/**
 * Levers still being weighed, measured in the same run as everything else: a minimal handler
 * making one Query (the thread's partition) through the AWS SDK v3 DocumentClient, against the
 * same handler through @aws-lite/client + @aws-lite/dynamodb — the ceiling of what a lighter
 * client could take off a cold start — and the whole board with @aws-lite under ElectroDB
 * (bench/levers/board-aws-lite.ts), counted per operation. Instructions (callgrind, as
 * bench/instructions.ts counts them), timed cold starts (fresh processes, interleaved, Lambda's
 * flags), bytes.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Plugin } from "esbuild";
import { lambdaBuildOptions } from "../tools/bundle.js";
import { apiGatewayEvent } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { buildDir, bundleSize, deployedSize } from "./bundles.js";
import { cold, twoAtOnce, warm } from "./instructions.js";
import type { InstructionSettings } from "./instructions.js";
import { median, round } from "./stats.js";

const execFileAsync = promisify(execFile);
const benchDir = fileURLToPath(new URL(".", import.meta.url));

/** ElectroDB requires these when it loads; a v2-style client never calls them (an unmarshalled cancellation reason stays as it is). */
const withoutSdkDocumentClient: Plugin = {
  name: "without-sdk-document-client",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/(lib|util)-dynamodb$/ }, (args) => ({ path: args.path, namespace: "sdk-stub" }));
    build.onLoad({ filter: /.*/, namespace: "sdk-stub" }, () => ({ contents: "module.exports = { unmarshall: (value) => value };", loader: "js" }));
  },
};

export async function leverBench(
  settings: InstructionSettings & { timedRuns: number },
  partitionKey: string,
  operations: Record<string, { name: string; trpc: EventOptions }>,
) {
  const env = { ...settings.env, LEVER_PK: partitionKey };
  const counting = { ...settings, env };
  const variants = {
    sdkV3: join(benchDir, "levers", "sdk-v3-query.ts"),
    awsLite: join(benchDir, "levers", "aws-lite-query.mjs"),
  };
  const built: Record<string, { entry: string; bytes: ReturnType<typeof bundleSize>; deployed: ReturnType<typeof deployedSize> }> = {};
  for (const [name, entry] of Object.entries({ ...variants, boardAwsLite: join(benchDir, "levers", "board-aws-lite.ts") })) {
    const outdir = join(buildDir, "levers", name);
    rmSync(outdir, { recursive: true, force: true });
    const options = lambdaBuildOptions(entry, outdir);
    const { metafile } = await build(name === "boardAwsLite" ? { ...options, plugins: [withoutSdkDocumentClient, ...(options.plugins ?? [])] } : options);
    const bundle = { entry: join(outdir, "index.mjs"), metafile };
    built[name] = { entry: bundle.entry, bytes: bundleSize(bundle), deployed: deployedSize(bundle) };
  }
  const event: EventOptions = { path: "/" };
  const dir = mkdtempSync(join(tmpdir(), "bench-levers-"));
  try {
    const mean = (windows: number[]) => windows.reduce((sum, count) => sum + count, 0) / windows.length;
    const board = built.boardAwsLite!;
    // Two callgrind processes at a time, as the instructions part runs them.
    const [boardCold, sdkV3Cold, awsLiteCold, sdkV3Warm, awsLiteWarm, ...boardWarmCounts] = await twoAtOnce([
      () => cold(dir, counting, board.entry, operations.thread!.trpc),
      () => cold(dir, counting, built.sdkV3!.entry, event),
      () => cold(dir, counting, built.awsLite!.entry, event),
      async () => mean(await warm(dir, counting, built.sdkV3!.entry, event)),
      async () => mean(await warm(dir, counting, built.awsLite!.entry, event)),
      ...Object.values(operations).map((operation) => async () => mean(await warm(dir, counting, board.entry, operation.trpc))),
    ]);
    const counts: Record<string, { cold: number; warm: number }> = {
      sdkV3: { cold: sdkV3Cold!, warm: sdkV3Warm! },
      awsLite: { cold: awsLiteCold!, warm: awsLiteWarm! },
    };
    const boardWarm = Object.fromEntries(Object.keys(operations).map((key, index) => [key, Math.round(boardWarmCounts[index]!)]));
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(built).map((name) => [name, []]));
    for (let i = 0; i < settings.timedRuns; i++)
      for (const [name, { entry }] of Object.entries(variants).map(([key]) => [key, built[key]!] as const)) {
        const { stdout } = await execFileAsync(
          settings.node,
          [...settings.flags, join(benchDir, "cold-child.mjs"), entry, JSON.stringify(apiGatewayEvent(event))],
          { env },
        );
        times[name]!.push((JSON.parse(stdout.trim().split("\n").pop()!) as { ms: number }).ms);
      }
    const row = (name: string) => ({
      coldInstructions: counts[name]!.cold,
      warmInstructions: Math.round(counts[name]!.warm),
      coldMs: round(median(times[name]!), 1),
      gzipBytes: built[name]!.deployed.gzipBytes,
    });
    const sdkV3 = row("sdkV3");
    const awsLite = row("awsLite");
    return {
      timedRuns: settings.timedRuns,
      lighterClient: {
        sdkV3,
        awsLite,
        coldRatio: round(awsLite.coldInstructions / sdkV3.coldInstructions, 3),
        warmRatio: round(awsLite.warmInstructions / sdkV3.warmInstructions, 3),
        coldMsRatio: round(awsLite.coldMs / sdkV3.coldMs, 2),
      },
      /** The board with @aws-lite under ElectroDB: instructions, to set beside the shipped board's (the instructions part). */
      boardAwsLite: { coldInstructions: boardCold, warmInstructions: boardWarm, gzipBytes: board.deployed.gzipBytes },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
