/**
 * `npm run bench`: cold start, bundle size, warm latency, DynamoDB requests per call and a load
 * run — ours side by side with a plain tutorial-style handler, in one run on this machine.
 * Comparisons are ratios measured in the same run; medians over interleaved repetitions.
 */
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { BatchGetItemCommand, DynamoDBClient, GetItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyResult } from "aws-lambda";
import { startDynamoDbLocal, freePort } from "../local/dynamodb-local.js";
import { metricsCost } from "./metrics-cost.js";
import { lambdaEnvironment, lambdaNode, lambdaNodeFlags } from "./lambda-node.js";
import { ensureTable, useLocalCredentials } from "../local/bootstrap.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import { meteredProjector } from "./metered-projector.js";
import type { EventOptions } from "../local/proxy-events.js";
import { createBoardOperations } from "../api/board/index.js";
import { buildBundles, buildDir, bundleSize, deployedSize, heaviestModules } from "./bundles.js";
import type { Operation, WarmInput } from "./warm.js";
import { timed } from "./timed.js";
import { imageFunctionCold } from "./image-function.js";
import { build } from "esbuild";
import { trainCodeCache } from "../tools/code-cache/build.js";
import { startSsmStandIn } from "../local/ssm-stand-in.js";
import { startCountingProxy } from "./counting-proxy.js";
import { median, ratio, round } from "./stats.js";
import { viralThreadBench } from "./viral-thread.js";
import { searchBench } from "./search.js";
import { boardPagesBench } from "./board-pages.js";
import { passwordBench } from "./passwords.js";
import { instructionCounts } from "./instructions.js";
import { costTable } from "./cost.js";
import { leverBench } from "./levers.js";
import type { OperationFacts } from "./cost.js";

// biome-ignore lint/suspicious/noExplicitAny: the results are JSON written by this run and read back to print it; their shape is the code right above.
type BenchResults = Record<string, any>;

const benchDir = fileURLToPath(new URL(".", import.meta.url));
const allParts = ["cold", "instructions", "levers", "warm", "delay", "requests", "load", "metrics", "images", "viral", "search", "pages", "passwords"];
const settings = {
  coldRuns: Number(process.env.BENCH_COLD_RUNS ?? 21),
  warmIterations: Number(process.env.BENCH_WARM_ITERATIONS ?? 800),
  warmup: Number(process.env.BENCH_WARMUP ?? 300),
  loadSeconds: Number(process.env.BENCH_LOAD_SECONDS ?? 20),
  loadConnections: Number(process.env.BENCH_LOAD_CONNECTIONS ?? 32),
  /** Held on every DynamoDB call in the "as in production" column: a typical in-region round trip. */
  dynamoDelayMs: Number(process.env.BENCH_DYNAMODB_DELAY_MS ?? 4),
  /** Held on the SSM read at start in the "with SSM" cold column: an assumed in-region GetParameters round trip with a new TLS connection. */
  ssmDelayMs: Number(process.env.BENCH_SSM_DELAY_MS ?? 15),
  /** Parts to run, comma-separated (`BENCH_ONLY=cold` while working on start-up); all by default. */
  only: new Set((process.env.BENCH_ONLY ?? allParts.join(",")).split(",").map((part) => part.trim())),
  /** The viral thread: this many people commenting on one post at once, for this long, through the conflict-faithful proxy. */
  viral: {
    commenters: Number(process.env.BENCH_VIRAL_COMMENTERS ?? 200),
    seconds: Number(process.env.BENCH_VIRAL_SECONDS ?? 10),
    thinkMs: Number(process.env.BENCH_VIRAL_THINK_MS ?? 1000),
    transactionMs: Number(process.env.BENCH_VIRAL_TRANSACTION_MS ?? 25),
  },
  /** Search: a board of this many posts, searched this many times. */
  search: { posts: Number(process.env.BENCH_SEARCH_POSTS ?? 5000), searches: Number(process.env.BENCH_SEARCHES ?? 400) },
  /** Numbered pages: a board of this many posts, each page read this many times. */
  pages: { posts: Number(process.env.BENCH_PAGES_POSTS ?? 10_000), reads: Number(process.env.BENCH_PAGES_READS ?? 50) },
  /** Instruction counts under callgrind: cold starts per variant (median), warm-up and counted requests per operation. */
  instructions: {
    coldRuns: Number(process.env.BENCH_INSTRUCTION_COLD_RUNS ?? 1),
    warmup: Number(process.env.BENCH_INSTRUCTION_WARMUP ?? 100),
    requests: Number(process.env.BENCH_INSTRUCTION_REQUESTS ?? 20),
    windows: Number(process.env.BENCH_INSTRUCTION_WINDOWS ?? 3),
  },
  /** Passwords: posts created without and with one (and unlocked), interleaved. */
  passwords: { creates: Number(process.env.BENCH_PASSWORD_CREATES ?? 40) },
};
const table = "bench-board";
const signingSecret = "bench-signing-secret-bench-signing-secret";
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

const benchStarted = performance.now();

async function main() {
  useLocalCredentials();
  // The write limit is off: the baseline has none, and a benchmark from one address would hit it
  // (when on, it costs one conditional UpdateItem per write).
  const environment = { TABLE_NAME: table, AWS_REGION: "us-east-1", NODE_ENV: "production", SIGNING_SECRET: signingSecret, WRITE_RATE_LIMIT: "0" };
  Object.assign(process.env, environment);

  log("building bundles…");
  const bundles = await buildBundles();
  log("starting DynamoDB Local and seeding…");
  const dynamo = await startDynamoDbLocal();
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1" });
  try {
    await ensureTable(client, table);
    const board = createBoardOperations({ client, table, signingSecret });
    for (let i = 0; i < 60; i++)
      await board.posts.create({ board: "bench", title: `Post ${i}`, body: "Seeded for the benchmark. ".repeat(8), author: "bench" });
    const thread = (await board.posts.create({ board: "bench", title: "The thread", body: "A thread with comments.", author: "bench" })).post.postId;
    for (let i = 0; i < 30; i++) await board.comments.create({ postId: thread, body: `Comment ${i}`, author: "bench" });
    const commentTargets: string[] = [];
    for (let i = 0; i < 16; i++)
      commentTargets.push(
        (await board.posts.create({ board: "bench-comments", title: `Comment target ${i}`, body: "Comments land here.", author: "bench" })).post.postId,
      );
    const commentTarget = commentTargets[0]!;

    const operations = operationsFor(thread, commentTarget);
    const env = { ...process.env, ...environment, DYNAMODB_ENDPOINT: dynamo.endpoint };

    /** Seconds each part took (the whole bench is to stay within 10 minutes). */
    const partSeconds: Record<string, number> = {};
    const part = async <T>(name: string, description: string, run: () => Promise<T> | T): Promise<T | undefined> => {
      if (!settings.only.has(name)) return undefined;
      log(`${description}…`);
      const started = performance.now();
      try {
        return await run();
      } finally {
        partSeconds[name] = round((performance.now() - started) / 1000, 0);
      }
    };
    let cachesTrained: Promise<void> | undefined;
    const trainCaches = () => (cachesTrained ??= trainBothCaches());
    async function trainBothCaches() {
      const node = lambdaNode();
      const trainingEnv = { ...env, ...lambdaEnvironment(lambdaMemoryMb) };
      log("training the code caches (both bundles, Node 22 under Lambda's flags)…");
      const ops = Object.values(operations);
      await trainCodeCache({
        outdir: bundles.boardCached.dir,
        node: node.path,
        flags: lambdaNodeFlags(lambdaMemoryMb),
        env: trainingEnv,
        events: [...ops.map((op) => apiGatewayEvent(op.trpc)), ...ops.map((op) => apiGatewayEvent(op.rest))],
      });
      await trainCodeCache({
        outdir: bundles.baselineCached.dir,
        node: node.path,
        flags: lambdaNodeFlags(lambdaMemoryMb),
        env: trainingEnv,
        events: ops.map((op) => apiGatewayEvent(op.baseline)),
      });
    }
    const cold = await part("cold", `cold starts (${settings.coldRuns} fresh processes each, interleaved)`, async () => {
      await trainCaches();
      return coldStarts(bundles, operations.thread, env);
    });
    const instructions = await part("instructions", "instruction counts under callgrind (cold and warm, both bundles)", async () => {
      await trainCaches();
      return instructionCounts(
        {
          node: lambdaNode().path,
          flags: lambdaNodeFlags(lambdaMemoryMb),
          env: { ...env, ...lambdaEnvironment(lambdaMemoryMb) },
          coldRuns: settings.instructions.coldRuns,
          warmup: settings.instructions.warmup,
          requests: settings.instructions.requests,
          windows: settings.instructions.windows,
        },
        { ours: bundles.board.entry, oursCached: bundles.boardCached.entry, baseline: bundles.baseline.entry, baselineCached: bundles.baselineCached.entry },
        operations,
      );
    });

    const levers = await part(
      "levers",
      "levers: one Query through the AWS SDK v3, @aws-lite and the board's own client; the board on SDK v3, counted and timed",
      () =>
        leverBench(
          {
            node: lambdaNode().path,
            flags: lambdaNodeFlags(lambdaMemoryMb),
            env: { ...env, ...lambdaEnvironment(lambdaMemoryMb) },
            coldRuns: 1,
            warmup: settings.instructions.warmup,
            requests: settings.instructions.requests,
            windows: settings.instructions.windows,
            timedRuns: Math.min(settings.coldRuns, 11),
          },
          `post#${thread}`,
          operations,
        ),
    );

    const warmParts =
      settings.only.has("warm") || settings.only.has("delay")
        ? await part(settings.only.has("warm") ? "warm" : "delay", "warm latency (Node 22, Lambda's flags, in a child process)", () =>
            warmInChild(
              {
                ourEntry: bundles.board.entry,
                baselineEntry: bundles.baseline.entry,
                endpoint: dynamo.endpoint,
                operations,
                settings: { warmup: settings.warmup, warmIterations: settings.warmIterations, dynamoDelayMs: settings.dynamoDelayMs, only: [...settings.only] },
              },
              env,
            ),
          )
        : undefined;
    const warm = warmParts?.warm;
    const realistic = warmParts?.realistic;
    const logs = catchLogLines();
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    const requests = await part("requests", "DynamoDB requests and capacity per call, log and response bytes", () =>
      // Comments on a post of a few comments, as most are: the projector recounts the post's comments (see the cost notes).
      requestsPerCall(bundles.board.entry, bundles.baseline.entry, dynamo.endpoint, operationsFor(thread, commentTargets[1]!), logs),
    );
    const load = await part("load", `load (${settings.loadSeconds} s, ${settings.loadConnections} connections) against npm start`, () =>
      loadRun(dynamo.endpoint, client, thread, commentTargets),
    );
    const metrics = await part("metrics", "metrics cost", () => metricsCost(bundles.board));
    const images = await part("images", "the image function, cold, on a 4000×3000 JPEG", () => imageFunctionCold(client, table, dynamo.endpoint, 5));
    // Before search and pages: its projector first works through the stream's history, which they lengthen by thousands of posts.
    const viral = await part("viral", `viral thread (${settings.viral.commenters} commenters on one post, ${settings.viral.seconds} s, both designs)`, () =>
      viralThreadBench(dynamo.endpoint, table, signingSecret, settings.viral),
    );
    const search = await part("search", `search on a board of ${settings.search.posts} posts`, () =>
      searchBench(dynamo.endpoint, table, signingSecret, settings.search),
    );
    const pages = await part("pages", `numbered pages of a board of ${settings.pages.posts} posts`, () =>
      boardPagesBench(dynamo.endpoint, table, signingSecret, settings.pages),
    );
    const passwords = await part("passwords", "the 비밀번호's scrypt hash, cold and warm", () =>
      passwordBench(dynamo.endpoint, table, signingSecret, { memoryMb: lambdaMemoryMb, runs: 5, creates: settings.passwords.creates }),
    );

    // The cost table needs what an operation asks of AWS (requests part) and its warm time (warm part).
    const cost =
      requests && warm
        ? costTable(
            Object.fromEntries(
              Object.entries(operations).map(([key, operation]) => {
                const asked = (requests as BenchResults)[key];
                const facts: OperationFacts = {
                  name: operation.name,
                  capacity: asked.capacity,
                  projectorCapacity: asked.projectorCapacity,
                  logBytes: asked.logBytes,
                  responseBytes: asked.responseBytes,
                  warmMs: (warm as BenchResults)[key].trpc.p50,
                  dynamoRequests: Object.values(asked.trpc as Record<string, number>).reduce((sum, count) => sum + count, 0),
                };
                return [key, facts];
              }),
            ) as Parameters<typeof costTable>[0],
          )
        : undefined;
    const ourSize = bundleSize(bundles.board);
    const baselineSize = bundleSize(bundles.baseline);
    const results = {
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGiB: round(totalmem() / 2 ** 30, 1),
        node: process.version,
        date: new Date().toISOString(),
      },
      settings: { ...settings, only: [...settings.only] },
      seconds: { total: round((performance.now() - benchStarted) / 1000, 0), parts: partSeconds },
      lambdaNode: lambdaNode().version,
      coldStart: cold,
      instructions,
      levers,
      bundle: { ours: ourSize, baseline: baselineSize, heaviestModules: heaviestModules(bundles.board) },
      warm,
      dynamoRequestsPerCall: requests,
      load,
      metrics,
      images,
      viral,
      search,
      pages,
      passwords,
      cost,
      realistic,
      deployed: { ours: deployedSize(bundles.board), baseline: deployedSize(bundles.baseline) },
    };
    // A partial run does not overwrite the last full one.
    writeFileSync(join(benchDir, settings.only.size === allParts.length ? "results.json" : "results-partial.json"), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${report(results)}\n`);
  } finally {
    await dynamo.stop();
  }
}

function operationsFor(thread: string, commentTarget: string): Record<"thread" | "list" | "createPost" | "addComment", Operation> {
  const json = { "content-type": "application/json" };
  const newPost = { board: "bench-writes", title: "Benchmark post", body: "Written by the benchmark.", author: "bench" };
  const newComment = { body: "A benchmark comment.", author: "bench" };
  return {
    thread: {
      name: "thread read",
      trpc: { path: "/trpc/posts.get", query: { input: JSON.stringify({ postId: thread }) } },
      rest: { path: `/api/posts/${thread}` },
      baseline: { path: `/posts/${thread}` },
    },
    list: {
      name: "list page",
      trpc: { path: "/trpc/posts.list", query: { input: JSON.stringify({ board: "bench" }) } },
      rest: { path: "/api/boards/bench/posts" },
      baseline: { path: "/boards/bench/posts" },
    },
    createPost: {
      name: "create post",
      trpc: { method: "POST", path: "/trpc/posts.create", headers: json, body: newPost },
      rest: { method: "POST", path: "/api/posts", headers: json, body: newPost },
      baseline: { method: "POST", path: "/posts", headers: json, body: newPost },
    },
    addComment: {
      name: "add comment",
      trpc: { method: "POST", path: "/trpc/comments.create", headers: json, body: { postId: commentTarget, ...newComment } },
      rest: { method: "POST", path: `/api/posts/${commentTarget}/comments`, headers: json, body: newComment },
      baseline: { method: "POST", path: `/posts/${commentTarget}/comments`, headers: json, body: newComment },
    },
  };
}

/** Function memory for the cold starts (the stack's default); it sets Lambda's heap flags. */
const lambdaMemoryMb = 1024;

const execFileAsync = promisify(execFile);

/**
 * Cold starts as Lambda runs them (Node 22, its bootstrap's flags, its environment), in fresh
 * processes, interleaved: ours; ours reading its secrets from SSM at start (a stand-in holding
 * each answer `ssmDelayMs`); ours with the trained code cache; the baseline, plain and cached.
 */
async function coldStarts(bundles: Awaited<ReturnType<typeof buildBundles>>, thread: Operation, baseEnv: NodeJS.ProcessEnv) {
  const node = lambdaNode();
  const flags = lambdaNodeFlags(lambdaMemoryMb);
  const env = { ...baseEnv, ...lambdaEnvironment(lambdaMemoryMb) };
  const ssm = await startSsmStandIn(
    { "/bench/signing": signingSecret, "/bench/moderator": "bench-moderator-token-0123456789" },
    { delayMs: settings.ssmDelayMs },
  );
  const withSsm = {
    ...env,
    SIGNING_SECRET: undefined,
    SIGNING_SECRET_PARAMETER: "/bench/signing",
    MODERATOR_TOKEN_PARAMETER: "/bench/moderator",
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
  };
  const once = async (entry: string, event: EventOptions, variantEnv: NodeJS.ProcessEnv = env) => {
    const { stdout } = await execFileAsync(node.path, [...flags, join(benchDir, "cold-child.mjs"), entry, JSON.stringify(apiGatewayEvent(event))], {
      env: variantEnv,
      maxBuffer: 256 * 1024 * 1024,
    }).catch((error: { stderr?: string }) => {
      // A crash prints the (minified, very long) source line first: keep the end, where the message is.
      throw new Error(`cold start of ${entry} failed: …${String(error.stderr ?? error).slice(-1500)}`);
    });
    const lines = stdout.trim().split("\n");
    // The handler logs to stdout too; the measurement is the last line, the cache's verdict a line before.
    const codeCache = lines.map((line) => /"codeCache":"(\w+)"/.exec(line)?.[1]).find(Boolean);
    return { ms: (JSON.parse(lines.pop()!) as { ms: number }).ms, codeCache };
  };
  const variants: Record<string, () => Promise<{ ms: number; codeCache?: string | undefined }>> = {
    ours: () => once(bundles.board.entry, thread.trpc),
    oursWithSsm: () => once(bundles.board.entry, thread.trpc, withSsm),
    oursCached: () => once(bundles.boardCached.entry, thread.trpc),
    baseline: () => once(bundles.baseline.entry, thread.baseline),
    baselineCached: () => once(bundles.baselineCached.entry, thread.baseline),
  };
  const names = Object.keys(variants);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const verdicts = new Set<string>();
  try {
    for (const name of names) await variants[name]!(); // let the OS cache the files before timing
    for (let i = 0; i < settings.coldRuns; i++) {
      // Rotate the order, so no variant always meets a warmer (or colder) machine.
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j) % names.length]!;
        const { ms, codeCache } = await variants[name]!();
        samples[name]!.push(ms);
        if (name.endsWith("Cached")) verdicts.add(`${name}: ${codeCache ?? "?"}`);
      }
    }
  } finally {
    await ssm.close();
  }
  // A cached run that did not hit would measure the fallback under the wrong name.
  for (const verdict of verdicts) if (!verdict.endsWith(": hit")) throw new Error(`code cache not used (${verdict})`);
  const pairedRatio = (a: string, b: string) => round(median(samples[a]!.map((value, i) => value / samples[b]![i]!)), 2);
  const ms = (name: string) => round(median(samples[name]!), 1);
  return {
    oursMs: ms("ours"),
    baselineMs: ms("baseline"),
    ratio: pairedRatio("ours", "baseline"),
    withSsm: { ms: ms("oursWithSsm"), ratio: pairedRatio("oursWithSsm", "baseline"), ssmDelayMs: settings.ssmDelayMs },
    cached: {
      oursMs: ms("oursCached"),
      baselineMs: ms("baselineCached"),
      ratio: pairedRatio("oursCached", "baseline"),
      ratioToCachedBaseline: pairedRatio("oursCached", "baselineCached"),
    },
    cacheBytes: { ours: bundles.boardCached.cacheBytes(), baseline: bundles.baselineCached.cacheBytes() },
    runs: settings.coldRuns,
    node: node.version,
    flags: flags.join(" "),
  };
}

/** Runs bench/warm.ts (bundled) on Node 22 under Lambda's flags, as the function would run warm. */
async function warmInChild(input: WarmInput, env: NodeJS.ProcessEnv): Promise<{ warm?: BenchResults; realistic?: BenchResults; node: string }> {
  const script = join(buildDir, "warm.mjs");
  await build({
    entryPoints: [join(benchDir, "warm.ts")],
    outfile: script,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    packages: "external",
    logLevel: "warning",
  });
  const { stdout } = await execFileAsync(lambdaNode().path, [...lambdaNodeFlags(lambdaMemoryMb), script, JSON.stringify(input)], {
    env: { ...env, ...lambdaEnvironment(lambdaMemoryMb) },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

/**
 * What each operation asks of AWS, through the shipped bundle (tRPC, as the web board calls it):
 * DynamoDB requests and the capacity DynamoDB reports for them, the stream projector's capacity
 * for the records it leaves (the projector run on the table's stream, metered), the bytes of its
 * log line and of its response. REST and the baseline: requests only.
 */
async function requestsPerCall(ourEntry: string, baselineEntry: string, endpoint: string, operations: Record<string, Operation>, logs: LogSink) {
  const proxy = await startCountingProxy(endpoint, { meter: true });
  process.env.DYNAMODB_ENDPOINT = proxy.endpoint;
  const ours = (await import(`${ourEntry}?counting`)) as { handler: Handler };
  const baseline = (await import(`${baselineEntry}?counting`)) as { handler: Handler };
  const { poller: projector, used: projectorUnits } = meteredProjector(endpoint, table);
  const calls = 10;
  const perCall = async (handler: Handler, event: EventOptions) => {
    await timed(handler, event); // connection set-up and lazy loading out of the way
    await projector.drain(); // the stream's earlier records, unmetered
    proxy.reset();
    Object.assign(projectorUnits, { read: 0, write: 0 });
    logs.bytes = 0;
    let responseBytes = 0;
    for (let i = 0; i < calls; i++) {
      const result = await handler(apiGatewayEvent(event), lambdaContext());
      responseBytes += Buffer.byteLength(result.body) + Buffer.byteLength(JSON.stringify(result.headers ?? {}));
    }
    const requests = Object.fromEntries([...proxy.counts.entries()].map(([operation, count]) => [operation, count / calls]));
    const capacity = { read: round(proxy.units.read / calls, 2), write: round(proxy.units.write / calls, 2) };
    const logBytes = Math.round(logs.bytes / calls);
    await projector.drain();
    const projectorCapacity = { read: round(projectorUnits.read / calls, 2), write: round(projectorUnits.write / calls, 2) };
    return { requests, capacity, projectorCapacity, logBytes, responseBytes: Math.round(responseBytes / calls) };
  };
  const results: Record<string, unknown> = {};
  try {
    for (const [key, operation] of Object.entries(operations)) {
      const trpc = await perCall(ours.handler, operation.trpc);
      results[key] = {
        trpc: trpc.requests,
        rest: (await perCall(ours.handler, operation.rest)).requests,
        baseline: (await perCall(baseline.handler, operation.baseline)).requests,
        capacity: trpc.capacity,
        projectorCapacity: trpc.projectorCapacity,
        logBytes: trpc.logBytes,
        responseBytes: trpc.responseBytes,
      };
    }
  } finally {
    projector.stop();
    await proxy.close();
  }
  return results;
}

/**
 * The function's log lines go straight to stdout (api/log-line.ts): during the in-process parts
 * they are counted (bytes, for the cost of logs) and kept out of the report.
 */
interface LogSink {
  bytes: number;
}
function catchLogLines(): LogSink {
  const sink = { bytes: 0 };
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    if (!text.startsWith("{")) return write(chunk, ...rest);
    sink.bytes += Buffer.byteLength(text);
    return true;
  }) as typeof process.stdout.write;
  return sink;
}

async function loadRun(endpoint: string, client: DynamoDBClient, thread: string, commentTargets: string[]) {
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", join(benchDir, "..", "local", "server.ts")], {
    // The per-client write limit would refuse a load test from one address by design.
    env: { ...process.env, DYNAMODB_ENDPOINT: endpoint, PORT: String(port), TABLE_NAME: table, NODE_ENV: "production", WRITE_RATE_LIMIT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  server.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  for (let waited = 0; !output.includes("Press Ctrl-C"); waited += 100) {
    if (waited > 60_000 || server.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const createdPosts: string[] = [];
  const createdComments: { postId: string; commentId: string }[] = [];
  const json = { "content-type": "application/json" };
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: settings.loadConnections,
    duration: settings.loadSeconds,
    requests: [
      { method: "GET", path: `/trpc/posts.list?input=${encodeURIComponent(JSON.stringify({ board: "bench" }))}` },
      { method: "GET", path: `/trpc/posts.get?input=${encodeURIComponent(JSON.stringify({ postId: thread }))}` },
      {
        method: "POST",
        path: "/trpc/posts.create",
        headers: json,
        body: JSON.stringify({ board: "bench-load", title: "Load test", body: "Written under load.", author: "load" }),
        onResponse: (status: number, body: string) => void (status === 200 && createdPosts.push(JSON.parse(body).result.data.post.postId)),
      },
      {
        method: "POST",
        path: "/trpc/comments.create",
        headers: json,
        // Comments spread over several posts, as on a real board (one post's count is one hot item).
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ postId: commentTargets[Math.floor(Math.random() * commentTargets.length)], body: "Written under load.", author: "load" }),
        }),
        onResponse: (status: number, body: string) => {
          if (status === 200) createdComments.push(JSON.parse(body).result.data.comment);
        },
      },
    ],
  });
  // Counts are the stream projector's (running in npm start): wait until they match, up to 30 s.
  const drift = async () => {
    let total = 0;
    for (const postId of commentTargets) total += Math.abs((await commentCountOf(client, postId)) - (await commentItemsOf(client, postId)));
    return total;
  };
  const loadEnded = performance.now();
  let countDrift = await drift();
  while (countDrift > 0 && performance.now() - loadEnded < 30_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    countDrift = await drift();
  }
  const countsConvergedAfterMs = Math.round(performance.now() - loadEnded);
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));

  const missingPosts = await missingItems(
    client,
    createdPosts.map((id) => ({ pk: `post#${id}`, sk: "thread" })),
  );
  const missingComments = await missingItems(
    client,
    createdComments.map(({ postId, commentId }) => ({ pk: `post#${postId}`, sk: `thread#comment#${commentId}` })),
  );
  return {
    seconds: settings.loadSeconds,
    connections: settings.loadConnections,
    requestsPerSecond: round(result.requests.average, 0),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    acknowledgedWrites: createdPosts.length + createdComments.length,
    missingWrites: missingPosts + missingComments,
    commentCountDrift: countDrift,
    countsConvergedAfterMs,
  };
}

async function commentCountOf(client: DynamoDBClient, postId: string): Promise<number> {
  const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `post#${postId}` }, sk: { S: "thread" } }, ConsistentRead: true }));
  return Number(Item?.commentCount?.N ?? 0);
}

/** The comment items actually in the post's partition (a COUNT Query, for checking only). */
async function commentItemsOf(client: DynamoDBClient, postId: string): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :comments)",
        ExpressionAttributeValues: { ":pk": { S: `post#${postId}` }, ":comments": { S: "thread#comment#" } },
        Select: "COUNT",
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** How many of these keys are not in the table (BatchGetItem, 100 at a time). */
async function missingItems(client: DynamoDBClient, keys: { pk: string; sk: string }[]): Promise<number> {
  let found = 0;
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, { S: string }>[]; ConsistentRead: boolean }> | undefined = {
      [table]: { Keys: keys.slice(i, i + 100).map(({ pk, sk }) => ({ pk: { S: pk }, sk: { S: sk } })), ConsistentRead: true },
    };
    while (request && Object.keys(request).length > 0) {
      const answer = await client.send(new BatchGetItemCommand({ RequestItems: request }));
      found += answer.Responses?.[table]?.length ?? 0;
      request = answer.UnprocessedKeys as typeof request;
    }
  }
  return keys.length - found;
}

function report(results: BenchResults): string {
  const lines: string[] = [];
  const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
  const { machine, coldStart, bundle, warm, dynamoRequestsPerCall, load, metrics, realistic, deployed, images, viral, search, pages, passwords, cost } =
    results;
  lines.push(
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB; DynamoDB Local in memory; NODE_ENV=production; the load run on this machine's Node ${machine.node}`,
  );
  lines.push(
    `Cold starts and warm calls: Node ${results.lambdaNode} with Lambda's flags (${lambdaNodeFlags(lambdaMemoryMb).join(" ")}) and environment (${lambdaMemoryMb} MB).`,
  );
  lines.push("");
  lines.push("| measure | ours | baseline | ratio | target |");
  lines.push("|---|---|---|---|---|");
  const { instructions } = results;
  if (instructions) {
    // The judged ratios: instruction counts repeat within about ±0.5%; the timed rows below are what a person feels.
    const mi = (count: number) => `${(count / 1e6).toFixed(1)} M`;
    const ki = (count: number) => `${(count / 1e3).toFixed(0)} k`;
    const c = instructions.cold;
    lines.push(
      `| **instructions**, cold start to first response (callgrind, median of ${c.runs}) | ${mi(c.ours)} | ${mi(c.baseline)} | **×${c.ratio}** | ≤ ×1.3 |`,
    );
    lines.push(
      `| **instructions**, cold start with the trained code cache (vs plain baseline) | ${mi(c.oursCached)} | ${mi(c.baseline)} | **×${c.cachedRatio}** | ≤ ×1.1 |`,
    );
    lines.push(
      `| instructions, cold start, both with a trained code cache | ${mi(c.oursCached)} | ${mi(c.baselineCached)} | ×${c.cachedRatioToCachedBaseline} | |`,
    );
    // Without V8's optimising compiler: its one-off work lands in whichever window it happens to (bench/instructions.ts).
    for (const op of Object.values(instructions.warm) as BenchResults[])
      lines.push(
        `| **instructions** per warm request, ${op.name}, tRPC (${instructions.windows} × ${instructions.requests} after ${instructions.warmup}; without V8's optimising compiler) | ${ki(op.ours)} | ${ki(op.baseline)} | **×${op.ratio}** | ≤ ×1.25 |`,
      );
    for (const op of Object.values(instructions.warm) as BenchResults[])
      lines.push(
        `| instructions per warm request, ${op.name}, with the optimising compiler's work the windows caught | ${ki(op.withCompiler.ours)} | ${ki(op.withCompiler.baseline)} | ×${op.withCompiler.ratio} | |`,
      );
  }
  if (results.levers) {
    const { sdkV3, awsLite, ownClient } = results.levers.oneQuery;
    const mi = (count: number) => `${(count / 1e6).toFixed(1)} M`;
    for (const [label, lever] of [
      ["@aws-lite", awsLite],
      ["the board's own client (shipped)", ownClient],
    ] as const) {
      lines.push(
        `| lever, a lighter client: one Query's cold start, ${label} vs AWS SDK v3 DocumentClient (instructions; ms, median of ${results.levers.timedRuns}; zip) | ${mi(lever.coldInstructions)}; ${lever.coldMs} ms; ${kib(lever.gzipBytes)} | ${mi(sdkV3.coldInstructions)}; ${sdkV3.coldMs} ms; ${kib(sdkV3.gzipBytes)} | ×${lever.coldRatio}; ×${lever.coldMsRatio} | |`,
      );
      lines.push(
        `| lever, a lighter client: instructions per warm Query, ${label} vs AWS SDK v3 | ${(lever.warmInstructions / 1e3).toFixed(0)} k | ${(sdkV3.warmInstructions / 1e3).toFixed(0)} k | ×${lever.warmRatio} | |`,
      );
    }
    // The board as shipped (the instructions part, when it ran) beside the board as it was on the SDK v3 client.
    const before = results.levers.boardSdkV3;
    const shipped = results.instructions;
    const after = (count: number, ours?: number) => (ours ? `${mi(ours)} | ${mi(count)} | ×${round(ours / count, 3)}` : `– | ${mi(count)} | –`);
    lines.push(
      `| lever taken, the board on its own client vs on the AWS SDK v3 client (every other lever in both): cold start, instructions | ${after(before.coldInstructions, shipped?.cold.ours)} | |`,
    );
    for (const [key, count] of Object.entries(before.warmInstructions as Record<string, number>))
      lines.push(
        `| lever taken: instructions per warm request, ${shipped?.warm[key]?.name ?? key}, own client vs SDK v3 | ${shipped ? `${(shipped.warm[key].ours / 1e3).toFixed(0)} k` : "–"} | ${(count / 1e3).toFixed(0)} k | ${shipped ? `×${round(shipped.warm[key].ours / count, 3)}` : "–"} | |`,
      );
  }
  if (coldStart) {
    lines.push(
      `| cold start to first response (median of ${coldStart.runs}) | ${coldStart.oursMs} ms | ${coldStart.baselineMs} ms | ×${coldStart.ratio} | ≤ ×1.5 |`,
    );
    lines.push(
      `| cold start, secrets read from SSM at start (stand-in, +${coldStart.withSsm.ssmDelayMs} ms per answer) | ${coldStart.withSsm.ms} ms | ${coldStart.baselineMs} ms | ×${coldStart.withSsm.ratio} | |`,
    );
    lines.push(
      `| cold start with the trained code cache (vs plain baseline) | ${coldStart.cached.oursMs} ms | ${coldStart.baselineMs} ms | ×${coldStart.cached.ratio} | ≤ ×1.15 |`,
    );
    lines.push(
      `| cold start, both with a trained code cache | ${coldStart.cached.oursMs} ms | ${coldStart.cached.baselineMs} ms | ×${coldStart.cached.ratioToCachedBaseline} | |`,
    );
    lines.push(
      `| code cache size (raw / gzip) | ${kib(coldStart.cacheBytes.ours.raw)} / ${kib(coldStart.cacheBytes.ours.gzip)} | ${kib(coldStart.cacheBytes.baseline.raw)} / ${kib(coldStart.cacheBytes.baseline.gzip)} | | |`,
    );
  }
  lines.push(
    `| bundle, gzip (all / cold path) | ${kib(bundle.ours.gzipBytes)} / ${kib(bundle.ours.coldGzipBytes)} | ${kib(bundle.baseline.gzipBytes)} | ×${ratio(bundle.ours.gzipBytes, bundle.baseline.gzipBytes)} | |`,
  );
  lines.push(
    `| deployed zip contents (${deployed.ours.files} files, each gzipped) | ${kib(deployed.ours.gzipBytes)} | ${kib(deployed.baseline.gzipBytes)} | | ≤ 400 KB |`,
  );
  lines.push(`| bundle, raw (all / cold path) | ${kib(bundle.ours.rawBytes)} / ${kib(bundle.ours.coldRawBytes)} | ${kib(bundle.baseline.rawBytes)} | | |`);
  for (const op of Object.values(warm ?? {}) as BenchResults[]) {
    lines.push(
      `| warm p50 / p99, ${op.name}, tRPC | ${op.trpc.p50} / ${op.trpc.p99} ms | ${op.baseline.p50} / ${op.baseline.p99} ms | ×${op.trpcRatio} | ≤ ×1.3 |`,
    );
    lines.push(
      `| warm p50 / p99, ${op.name}, REST | ${op.rest.p50} / ${op.rest.p99} ms | ${op.baseline.p50} / ${op.baseline.p99} ms | ×${op.restRatio} | ≤ ×1.3 |`,
    );
  }
  if (realistic)
    lines.push(
      `| warm p50, thread read, tRPC, with +${realistic.delayMs} ms per DynamoDB call (as in-region) | ${realistic.oursP50} ms | ${realistic.baselineP50} ms | ×${realistic.ratio} | |`,
    );
  const describe = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([name, count]) => `${count} ${name}`)
      .join(" + ") || "0";
  for (const [key, counts] of Object.entries(dynamoRequestsPerCall ?? {}) as [string, BenchResults][]) {
    lines.push(
      `| DynamoDB requests per call, ${key} | tRPC ${describe(counts.trpc)}; REST ${describe(counts.rest)} | ${describe(counts.baseline)} | | reads: 1 |`,
    );
  }
  if (load) {
    lines.push(
      `| load: requests/s, p99 (${load.connections} connections, ${load.seconds} s, npm start) | ${load.requestsPerSecond}/s, ${load.latencyP99Ms} ms | | | |`,
    );
    lines.push(
      `| load: non-2xx, errors, acknowledged writes missing, comments miscounted once the projector caught up (after ${load.countsConvergedAfterMs} ms) | ${load.non2xx}, ${load.errors}, ${load.missingWrites} of ${load.acknowledgedWrites}, ${load.commentCountDrift} | | | all 0 |`,
    );
  }
  if (metrics) {
    lines.push(
      `| metrics: request log line with EMF vs the plain line it replaced (build + serialise, per request) | ${metrics.emfLineMicros} µs, ${metrics.emfLineBytes} B | ${metrics.plainLineMicros} µs, ${metrics.plainLineBytes} B | | nothing measurable warm |`,
    );
    lines.push(`| metrics: their code in the bundle (all on the cold path) | ${(metrics.codeBytes / 1024).toFixed(1)} KiB | | | ≤ 5 ms cold |`);
  }
  if (images) {
    lines.push(`| image function: cold start to ready (Node 22, 1536 MB flags; sharp loaded), median of ${images.runs} | ${images.readyMs} ms | | | |`);
    lines.push(
      `| image function: first event, a 4000×3000 JPEG of ${Math.round(images.inputBytes / 1024)} KiB → two WebP sizes, recorded | ${images.eventMs} ms | | | |`,
    );
    lines.push(`| image function bundle (without sharp's binaries), raw / gzip | ${kib(images.bundle.rawBytes)} / ${kib(images.bundle.gzipBytes)} | | | |`);
  }
  if (viral) {
    const { before, now, settings: s } = viral;
    lines.push("");
    lines.push(
      `Viral thread: ${s.commenters} people commenting on one post for ${s.seconds} s (each waits 0–${2 * s.thinkMs} ms between comments), through the real handler, on DynamoDB Local behind the conflict-faithful proxy (transactions ongoing ${s.transactionMs} ms):`,
    );
    lines.push("");
    lines.push(
      "| design | accepted | refused | p50 / p99 | transactions cancelled | count exact after the stream drains | capacity per comment: request (RCU / WCU) | projector (RCU / WCU) | projector lag p50 / p99 |",
    );
    lines.push("|---|---|---|---|---|---|---|---|---|");
    for (const [name, row] of [
      ["before: comment + post count in one transaction", before],
      ["now: the comment alone, count from the stream", now],
    ] as const)
      lines.push(
        `| ${name} | ${row.accepted} | ${row.refused} ${JSON.stringify(row.refusedBy)} | ${row.p50Ms} / ${row.p99Ms} ms | ${row.conflicts.writeTransactionsCancelled} | ${row.countAfterDrain} (${row.countExact ? "exact" : "NOT exact"}) | ${row.capacityPerComment.read} / ${row.capacityPerComment.write} | ${row.projectorCapacityPerComment ? `${row.projectorCapacityPerComment.read} / ${row.projectorCapacityPerComment.write}` : "–"} | ${row.lagP50Ms !== undefined ? `${row.lagP50Ms} / ${row.lagP99Ms} ms` : "–"} |`,
      );
  }
  if (search) {
    lines.push("");
    lines.push(
      `Search: a board of ${search.posts} posts (seeded in ${search.seededSeconds} s, indexed by the projector from the stream in ${search.indexedSeconds} s, ${search.indexWriteUnitsPerSeededPost} index write units a post), ${search.searches} searches (8 kinds of query, ${search.meanResults} results each on average), in-process on DynamoDB Local:`,
    );
    lines.push("");
    lines.push("| measure | value |");
    lines.push("|---|---|");
    lines.push(`| search p50 / p99 | ${search.p50Ms} / ${search.p99Ms} ms |`);
    lines.push(`| read units per search (ReturnConsumedCapacity) | ${search.readUnitsPerSearch} |`);
    lines.push(`| DynamoDB cost per 1,000 searches (on-demand reads, us-east-1) | $${search.usdPerThousandSearches} |`);
    lines.push(
      `| a typical post (${search.typical.titleCharacters}-character title, ${search.typical.bodyCharacters}-character Korean body): index entries, write units to index it | ${search.typical.indexEntries}, ${search.typical.writeUnits} WCU ($${search.usdPerTypicalPostIndexed}) |`,
    );
  }
  if (pages) {
    lines.push("");
    lines.push(
      `Numbered pages: a board of ${pages.posts} posts (${pages.pageCount} pages of ${20} numbers, two notices), each page read ${results.settings.pages.reads} times with boards.page, in-process on DynamoDB Local:`,
    );
    lines.push("");
    lines.push("| page | rows | DynamoDB requests | read units (ReturnConsumedCapacity) | p50 | DynamoDB $ per million pages |");
    lines.push("|---|---|---|---|---|---|");
    for (const row of pages.pages)
      lines.push(`| ${row.page} | ${row.rows} | ${row.requests} | ${row.readUnits} | ${row.p50Ms} ms | $${row.usdPerMillionPages} |`);
  }
  if (passwords) {
    const { parameters: p, cold: c, warm: w } = passwords;
    lines.push("");
    lines.push(
      `비밀번호: scrypt N=2^${p.logCost}, r=${p.blockSize}, p=${p.parallelization} (${passwords.memoryMiB} MiB). On Node ${passwords.node} with Lambda's flags, in a new process: the first hash ${c.firstHashMs} ms (the cold path of a create with a password), later ones ${c.laterHashMs} ms (median of ${c.runs} processes); on Lambda at ${lambdaMemoryMb} MB (CPU in proportion to memory) about ${passwords.lambdaEstimateMs} ms, an estimate. In-process on DynamoDB Local (p50 of ${w.creates} each, interleaved): posts.create ${w.createP50Ms} ms, with a password ${w.createWithPasswordP50Ms} ms (×${w.ratio}), posts.unlock ${w.unlockP50Ms} ms.`,
    );
  }
  if (cost) lines.push("", ...costReport(cost, dynamoRequestsPerCall));
  lines.push("");
  lines.push(
    `This run: ${results.seconds.total} s (${Object.entries(results.seconds.parts)
      .map(([name, seconds]) => `${name} ${seconds} s`)
      .join(", ")}).`,
  );
  lines.push(`Heaviest packages in our bundle: ${bundle.heaviestModules.map((m: { name: string; kib: number }) => `${m.name} ${m.kib} KiB`).join(", ")}`);
  return lines.join("\n");
}

/** The cost table: per million of each operation, then a month at each level, with what it assumes. */
function costReport(cost: BenchResults, asked: BenchResults): string[] {
  const usd = (value: number) => (value >= 100 ? `$${Math.round(value).toLocaleString("en-US")}` : `$${value.toFixed(2)}`);
  const keys = Object.keys(cost.perMillion);
  const lines = [
    `Cost (us-east-1 list prices read ${cost.pricesReadOn}, bench/prices.ts; no free tier): $ per million of each operation, measured here — capacity as DynamoDB reports it (ReturnConsumedCapacity), the projector's from the stream it leaves, log and response bytes; Lambda time an estimate (warm p50 here × ${round(cost.assumptions.lambdaCpuFactor, 2)} for 1,024 MB's CPU share + ${cost.assumptions.dynamoRoundTripMs} ms per DynamoDB round trip):`,
    "",
    `| line | ${keys.map((key) => `${key} (${asked[key].capacity.read} RRU + ${asked[key].capacity.write} WRU; projector ${asked[key].projectorCapacity.read} + ${asked[key].projectorCapacity.write}; ${cost.perMillion[key].logBytes} B logged; ≈ ${cost.perMillion[key].lambdaMs} ms)`).join(" | ")} |`,
    `|---|${keys.map(() => "---").join("|")}|`,
  ];
  for (const line of Object.keys(cost.perMillion[keys[0]!].lines))
    lines.push(`| ${line} | ${keys.map((key) => usd(cost.perMillion[key].lines[line])).join(" | ")} |`);
  lines.push(`| **total per million** | ${keys.map((key) => `**${usd(cost.perMillion[key].total)}**`).join(" | ")} |`);
  const a = cost.assumptions;
  lines.push(
    "",
    `A month (30 days): each view one API read (${a.viewMix.thread * 100}% threads, ${a.viewMix.list * 100}% lists), a comment per ${1 / a.writesPerView.addComment} views and a post per ${1 / a.writesPerView.createPost}, ${a.staticRequestsPerView} static files per view from CloudFront's cache (${a.staticBytes / 1000} KB each); WAF on; ${cost.stackFacts.alarms} alarms, a dashboard (free within an account's first three); logs kept ${cost.stackFacts.logRetentionDays} days; a cold start's ${a.coldStartMs} ms init billed:`,
    "",
    `| level | API requests / month | ${Object.keys(cost.months[0].lines).join(" | ")} | **total / month** | biggest line |`,
    `|---|---|${Object.keys(cost.months[0].lines)
      .map(() => "---")
      .join("|")}|---|---|`,
  );
  for (const month of cost.months)
    lines.push(
      `| ${month.level} (${month.viewsPerDay.toLocaleString("en-US")} views/day) | ${(month.apiRequestsPerMonth / 1e6).toFixed(2)} M | ${Object.values(
        month.lines as Record<string, number>,
      )
        .map(usd)
        .join(" | ")} | **${usd(month.total)}** | ${month.biggest.line} (${Math.round(month.biggest.share * 100)}%) |`,
    );
  return lines;
}

await main();
