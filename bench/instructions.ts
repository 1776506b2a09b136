/**
 * Instruction counts (valgrind's callgrind, `--smc-check=all-non-file` for V8's JIT): what the
 * judged ratios are computed from, since they repeat within about ±0.5% where times move ±10% on
 * a shared 2-core machine. For each bundle: a cold start (process start to the first response and
 * out, Node 22 with Lambda's flags, the same event and seeded DynamoDB Local as the timed cold
 * starts) and, per operation, instructions per warm request (after a warm-up, several windows of
 * `requests` requests, each counted between a zero and a dump of the counters), with and without
 * what V8's optimising compiler did inside the window.
 * Two processes run at once (callgrind runs each on one core).
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
  /** Requests per counted window. */
  requests: number;
  /** Counted windows per operation and side (each starts after a full collection). */
  windows: number;
}

const collected = (stderr: string) => {
  const match = /Collected : (\d+)/.exec(stderr);
  if (!match) throw new Error(`callgrind printed no count: …${stderr.slice(-800)}`);
  return Number(match[1]);
};

/**
 * Warm counts run V8 single-threaded: its background compiler and GC threads otherwise tier code
 * up at moments that depend on the clock, and per-request counts moved ±10% run to run (measured);
 * and each counted window starts after a full collection (`--expose-gc`), so what ran before
 * (the warm-up's responses arriving in other chunks, say) leaves no garbage to be collected inside
 * it. Cold counts keep Lambda's flags exactly (they repeat within ±0.5% as they are).
 */
const warmOnlyFlags = ["--predictable", "--expose-gc"];

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

export async function cold(dir: string, settings: InstructionSettings, bundle: string, event: EventOptions): Promise<number> {
  const { stderr } = await execFileAsync("valgrind", [...callgrindArgs(dir, settings), bundle, JSON.stringify(apiGatewayEvent(event)), "cold"], {
    env: settings.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return collected(stderr);
}

/** What one counted window of warm requests cost, per request. */
export interface WarmWindow {
  /** Everything the process executed. */
  total: number;
  /**
   * Of that, V8's optimising compiler (TurboFan, `Runtime_CompileOptimized` and all it calls):
   * work done once per function and instance, which 100 warm-up requests do not finish (measured:
   * 24–55% of a window, at different windows in each process), and which Lambda does on a
   * background thread. What is left is the request itself, and repeats within a few percent.
   */
  optimizing: number;
}

const optimizingCompiler = /^\s*([\d,]+) .*v8::internal::Runtime_CompileOptimized\(/m;

/** The instructions callgrind wrote at its `dump`-th dump of process `pid`, and how many of them the optimising compiler ran. */
async function dumped(dir: string, pid: number, dump: number): Promise<WarmWindow> {
  const file = join(dir, `callgrind.${pid}.${dump}`);
  const match = /^summary: (\d+)$/m.exec(readFileSync(file, "utf8"));
  if (!match) throw new Error(`callgrind dump ${dump} of ${pid} has no summary`);
  // Inclusive costs by function (Node's release binaries keep V8's symbols); absent when nothing was optimised.
  const { stdout } = await execFileAsync("callgrind_annotate", ["--inclusive=yes", "--threshold=100", file], { maxBuffer: 256 * 1024 * 1024 });
  const compiled = optimizingCompiler.exec(stdout);
  return { total: Number(match[1]), optimizing: compiled ? Number(compiled[1]!.replaceAll(",", "")) : 0 };
}

/**
 * Instructions per warm request, one number per window of `requests` requests: the counters are
 * zeroed when the child says "ready" and dumped when it says "done" (callgrind_control), so the
 * process's start and exit are never counted.
 */
export function warm(dir: string, settings: InstructionSettings, bundle: string, event: EventOptions): Promise<WarmWindow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "valgrind",
      [
        ...callgrindArgs(dir, settings, warmOnlyFlags),
        bundle,
        JSON.stringify(apiGatewayEvent(event)),
        "warm",
        String(settings.warmup),
        String(settings.requests),
        String(settings.windows),
      ],
      { env: settings.env, stdio: ["pipe", "pipe", "pipe"] },
    );
    let stderr = "";
    let pending = "";
    const counted: WarmWindow[] = [];
    const control = async (line: string) => {
      if (line === "ready") await execFileAsync("callgrind_control", ["-z", String(child.pid)]);
      else if (line === "done") {
        await execFileAsync("callgrind_control", ["-d", String(child.pid)]);
        const { total, optimizing } = await dumped(dir, child.pid!, counted.length + 1);
        counted.push({ total: total / settings.requests, optimizing: optimizing / settings.requests });
      } else return;
      child.stdin.write("go\n");
    };
    // One line at a time, in order (the handler's own log lines pass by on the same stream).
    let queue = Promise.resolve();
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) queue = queue.then(() => control(line)).catch(reject);
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      queue.then(() => {
        if (code !== 0 || counted.length !== settings.windows) reject(new Error(`warm count failed (${code}): …${stderr.slice(-800)}`));
        else resolve(counted);
      }, reject);
    });
  });
}

const mean = (counts: number[]) => counts.reduce((sum, count) => sum + count, 0) / counts.length;

/**
 * Instructions per warm request, the judged measure: over all windows, without the optimising
 * compiler's one-off work. What remains is steady (V8 being --predictable, a collection falls at
 * the same request in every run).
 */
export const perRequest = (windows: WarmWindow[]) => mean(windows.map((window) => window.total - window.optimizing));

/** The same with the optimising compiler's work in it, as the windows happened to catch it. */
export const perRequestWithCompiler = (windows: WarmWindow[]) => mean(windows.map((window) => window.total));

/** Runs `tasks` two at a time. */
export async function twoAtOnce<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
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
      async () => ({ key, side: "ours", windows: await warm(dir, settings, bundles.ours, operation.trpc) }),
      async () => ({ key, side: "baseline", windows: await warm(dir, settings, bundles.baseline, operation.baseline) }),
    ]);
    const started = performance.now();
    const coldResults = await twoAtOnce(coldTasks);
    const warmResults = await twoAtOnce(warmTasks);
    const coldOf = (name: string) => median(coldResults.filter((result) => result.name === name).map((result) => result.count));
    const windowsOf = (key: string, side: string) => warmResults.find((result) => result.key === key && result.side === side)!.windows;
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
          const ours = windowsOf(key, "ours");
          const baseline = windowsOf(key, "baseline");
          return [
            key,
            {
              name: operation.name,
              ours: Math.round(perRequest(ours)),
              baseline: Math.round(perRequest(baseline)),
              ratio: ratio(perRequest(ours), perRequest(baseline)),
              withCompiler: {
                ours: Math.round(perRequestWithCompiler(ours)),
                baseline: Math.round(perRequestWithCompiler(baseline)),
                ratio: ratio(perRequestWithCompiler(ours), perRequestWithCompiler(baseline)),
              },
              windows: { ours, baseline },
            },
          ];
        }),
      ),
      requests: settings.requests,
      windows: settings.windows,
      warmup: settings.warmup,
      seconds: round((performance.now() - started) / 1000, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
