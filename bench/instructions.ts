/**
 * Instruction counts (valgrind's callgrind, `--smc-check=all-non-file` for V8's JIT): what the
 * judged ratios are computed from, since they repeat within about ±0.5% where times move ±10% on
 * a shared 2-core machine. For each bundle: a cold start (process start to the first response and
 * out, Node 22 with Lambda's flags, the same event and seeded DynamoDB Local as the timed cold
 * starts) and, per operation, instructions per warm request (after a warm-up, the counters are
 * zeroed and `requests` requests counted; the process's exit, measured alone, is taken off).
 * Two processes run at once (callgrind runs each on one core).
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { apiGatewayEvent } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { median, round } from "./stats.js";

const execFileAsync = promisify(execFile);
const child = fileURLToPath(new URL("instructions-child.mjs", import.meta.url));

export interface InstructionSettings {
  node: string;
  flags: string[];
  env: NodeJS.ProcessEnv;
  /** Cold starts counted per variant (the median is kept). */
  coldRuns: number;
  warmup: number;
  requests: number;
}

const collected = (stderr: string) => {
  const match = /Collected : (\d+)/.exec(stderr);
  if (!match) throw new Error(`callgrind printed no count: …${stderr.slice(-800)}`);
  return Number(match[1]);
};

/**
 * Warm counts run V8 single-threaded: its background compiler and GC threads otherwise tier code
 * up at moments that depend on the clock, and per-request counts moved ±10% run to run (measured);
 * cold counts keep Lambda's flags exactly (they repeat within ±0.5% as they are).
 */
const warmOnlyFlags = ["--predictable"];

function callgrindArgs(dir: string, settings: InstructionSettings, extraFlags: string[] = []): string[] {
  return [
    "--tool=callgrind",
    "--smc-check=all-non-file",
    `--callgrind-out-file=${join(dir, "callgrind.%p")}`,
    settings.node,
    ...settings.flags,
    ...extraFlags,
    child,
  ];
}

async function cold(dir: string, settings: InstructionSettings, bundle: string, event: EventOptions): Promise<number> {
  const { stderr } = await execFileAsync("valgrind", [...callgrindArgs(dir, settings), bundle, JSON.stringify(apiGatewayEvent(event)), "cold"], {
    env: settings.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return collected(stderr);
}

/** Instructions of `requests` warm requests and the process's exit (zeroed in between with callgrind_control). */
function warm(dir: string, settings: InstructionSettings, bundle: string, event: EventOptions, requests: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const process = spawn(
      "valgrind",
      [...callgrindArgs(dir, settings, warmOnlyFlags), bundle, JSON.stringify(apiGatewayEvent(event)), "warm", String(settings.warmup), String(requests)],
      {
        env: settings.env,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stderr = "";
    let stdout = "";
    process.stderr.on("data", (chunk) => (stderr += chunk));
    process.stdout.on("data", async (chunk) => {
      stdout += chunk;
      if (!stdout.includes("ready\n")) return;
      stdout = "";
      try {
        await execFileAsync("callgrind_control", ["-z", String(process.pid)]);
        process.stdin.write("go\n");
      } catch (error) {
        reject(error);
      }
    });
    process.on("error", reject);
    process.on("exit", (code) => {
      try {
        if (code !== 0) throw new Error(`warm count failed (${code}): …${stderr.slice(-800)}`);
        resolve(collected(stderr));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Runs `tasks` two at a time. */
async function twoAtOnce<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < tasks.length; index = next++) results[index] = await tasks[index]!();
  };
  await Promise.all([worker(), worker()]);
  return results;
}

export async function instructionCounts(
  settings: InstructionSettings,
  bundles: { ours: string; oursCached: string; baseline: string; baselineCached: string },
  operations: Record<string, { name: string; trpc: EventOptions; baseline: EventOptions }>,
) {
  const dir = mkdtempSync(join(tmpdir(), "bench-callgrind-"));
  try {
    const thread = operations.thread!;
    const coldVariants = {
      ours: () => cold(dir, settings, bundles.ours, thread.trpc),
      oursCached: () => cold(dir, settings, bundles.oursCached, thread.trpc),
      baseline: () => cold(dir, settings, bundles.baseline, thread.baseline),
      baselineCached: () => cold(dir, settings, bundles.baselineCached, thread.baseline),
    };
    const coldTasks = Object.entries(coldVariants).flatMap(([name, run]) =>
      Array.from({ length: settings.coldRuns }, () => async () => ({ name, count: await run() })),
    );
    const warmTasks = Object.entries(operations).flatMap(([key, operation]) => [
      async () => ({ key, side: "ours", count: await warm(dir, settings, bundles.ours, operation.trpc, settings.requests) }),
      async () => ({ key, side: "baseline", count: await warm(dir, settings, bundles.baseline, operation.baseline, settings.requests) }),
    ]);
    // What exiting costs each bundle, counted the same way with no requests (taken off the warm counts).
    const exitTasks = [
      async () => ({ key: "exit", side: "ours", count: await warm(dir, settings, bundles.ours, thread.trpc, 0) }),
      async () => ({ key: "exit", side: "baseline", count: await warm(dir, settings, bundles.baseline, thread.baseline, 0) }),
    ];
    const started = performance.now();
    const coldResults = await twoAtOnce(coldTasks);
    const warmResults = await twoAtOnce([...warmTasks, ...exitTasks]);
    const coldOf = (name: string) => median(coldResults.filter((result) => result.name === name).map((result) => result.count));
    const exitOf = (side: string) => warmResults.find((result) => result.key === "exit" && result.side === side)!.count;
    const perRequest = (key: string, side: string) =>
      (warmResults.find((result) => result.key === key && result.side === side)!.count - exitOf(side)) / settings.requests;
    const ratio = (a: number, b: number) => round(a / b, 3);
    const coldCounts = { ours: coldOf("ours"), oursCached: coldOf("oursCached"), baseline: coldOf("baseline"), baselineCached: coldOf("baselineCached") };
    return {
      cold: {
        ...coldCounts,
        ratio: ratio(coldCounts.ours, coldCounts.baseline),
        cachedRatio: ratio(coldCounts.oursCached, coldCounts.baseline),
        cachedRatioToCachedBaseline: ratio(coldCounts.oursCached, coldCounts.baselineCached),
        runs: settings.coldRuns,
      },
      warm: Object.fromEntries(
        Object.entries(operations).map(([key, operation]) => {
          const ours = perRequest(key, "ours");
          const baseline = perRequest(key, "baseline");
          return [key, { name: operation.name, ours: Math.round(ours), baseline: Math.round(baseline), ratio: ratio(ours, baseline) }];
        }),
      ),
      requests: settings.requests,
      warmup: settings.warmup,
      seconds: round((performance.now() - started) / 1000, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
