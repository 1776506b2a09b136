/**
 * The lighter-client lever, measured in the same run as everything else: a minimal handler making
 * one Query (the thread's partition) through the AWS SDK v3 DocumentClient, through
 * @aws-lite/client + @aws-lite/dynamodb, and through the board's own client (what shipped) — and
 * the whole board as it was before, on the SDK v3 client (bench/levers/board-sdk-v3.ts), counted
 * per operation to set beside the shipped board's counts (the instructions part). Instructions
 * (callgrind, as bench/instructions.ts counts them), timed cold starts (fresh processes,
 * interleaved, Lambda's flags), bytes.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { apiBundle, lambdaBuildOptions } from "../tools/bundle.js";
import { apiGatewayEvent } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { buildDir, bundleSize, deployedSize } from "./bundles.js";
import { cold, perRequest, twoAtOnce, warm } from "./instructions.js";
import type { InstructionSettings } from "./instructions.js";
import { median, round } from "./stats.js";

const execFileAsync = promisify(execFile);
const benchDir = fileURLToPath(new URL(".", import.meta.url));

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
    ownClient: join(benchDir, "levers", "own-client-query.ts"),
  };
  const built: Record<string, { entry: string; bytes: ReturnType<typeof bundleSize>; deployed: ReturnType<typeof deployedSize> }> = {};
  for (const [name, entry] of Object.entries({ ...variants, boardSdkV3: join(benchDir, "levers", "board-sdk-v3.ts") })) {
    const outdir = join(buildDir, "levers", name);
    rmSync(outdir, { recursive: true, force: true });
    // The board on SDK v3 differs from the shipped one in its DynamoDB client only.
    const kind = name === "ownClient" ? apiBundle : name === "boardSdkV3" ? { ...apiBundle, sdkDocumentClient: true } : undefined;
    const { metafile } = await build(lambdaBuildOptions(entry, outdir, kind));
    const bundle = { entry: join(outdir, "index.mjs"), metafile };
    built[name] = { entry: bundle.entry, bytes: bundleSize(bundle), deployed: deployedSize(bundle) };
  }
  const event: EventOptions = { path: "/" };
  const dir = mkdtempSync(join(tmpdir(), "bench-levers-"));
  try {
    const board = built.boardSdkV3!;
    const names = Object.keys(variants);
    // Two callgrind processes at a time, as the instructions part runs them.
    const [boardCold, ...rest] = await twoAtOnce([
      () => cold(dir, counting, board.entry, operations.thread!.trpc),
      ...names.map((name) => () => cold(dir, counting, built[name]!.entry, event)),
      ...names.map((name) => async () => perRequest(await warm(dir, counting, built[name]!.entry, event))),
      ...Object.values(operations).map((operation) => async () => perRequest(await warm(dir, counting, board.entry, operation.trpc))),
    ]);
    const counts: Record<string, { cold: number; warm: number }> = Object.fromEntries(
      names.map((name, index) => [name, { cold: rest[index]!, warm: rest[names.length + index]! }]),
    );
    const boardWarmCounts = rest.slice(2 * names.length);
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
    const against = (other: ReturnType<typeof row>) => ({
      ...other,
      coldRatio: round(other.coldInstructions / sdkV3.coldInstructions, 3),
      warmRatio: round(other.warmInstructions / sdkV3.warmInstructions, 3),
      coldMsRatio: round(other.coldMs / sdkV3.coldMs, 2),
    });
    return {
      timedRuns: settings.timedRuns,
      /** One Query: each client against the SDK v3 DocumentClient. */
      oneQuery: { sdkV3, awsLite: against(row("awsLite")), ownClient: against(row("ownClient")) },
      /** The board before the lever (ElectroDB over SDK v3), to set beside the shipped board's counts (the instructions part). */
      boardSdkV3: { coldInstructions: boardCold, warmInstructions: boardWarm, gzipBytes: board.deployed.gzipBytes },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
