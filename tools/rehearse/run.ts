/**
 * `npm run rehearse`: the deploy, rehearsed against an AWS API emulator (moto) on this machine —
 * no AWS account, nothing beyond loopback. It synthesizes the stack, applies it to the emulator
 * through a rehearsal-only copy (tools/rehearse/emulator-stack.ts), checks that a second plan
 * finds nothing to change, checks what the emulator cannot apply another way, destroys the stack
 * (the table's deletion protection first refusing, as docs/deploying.md says) and lists the
 * emulator to show nothing is left. One line per phase, then a summary; exit 1 with one line when
 * a phase fails.
 *
 * The functions phase runs the zips terraform uploaded on Node 22 for arm64 with their roles
 * (tools/rehearse/functions.ts). Not rehearsed yet: the roles' policies evaluated on each call
 * (docs/deploying.md says what that leaves unverified).
 */
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { GetBucketLifecycleConfigurationCommand, PutBucketLifecycleConfigurationCommand, S3Client } from "@aws-sdk/client-s3";
import type { LifecycleRule } from "@aws-sdk/client-s3";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { smoke } from "../../infra/smoke.js";
import { startEdge, watchUploads } from "./edge.js";
import { assumeRole, shippedFunctions, startFunction } from "./functions.js";
import type { RunningFunction } from "./functions.js";
import { arm64Node } from "../arm64-node.js";
import { rolePolicies, startIamProxy } from "./iam-proxy.js";
import type { Decision, RoleUnderTest } from "./iam-proxy.js";
import { defaultStackDir, ephemeralOnly, synth, terraformIn } from "../stack.js";
import { terraformPluginMirror } from "../terraform-cli-config.js";
import { emulatorQuirks, emulatorStack, notInEmulator } from "./emulator-stack.js";
import type { EmulatorStack } from "./emulator-stack.js";
import { inventory } from "./inventory.js";
import { startStreamMapping } from "./stream-mapping.js";
import { startMoto } from "./moto.js";
import type { RunningMoto } from "./moto.js";

export class RehearsalFailed extends Error {}

// The secrets, and a runtime version for the pin a trained code cache brings (unused without one).
const secrets = [
  ...["-var", `signing_secret=${"s".repeat(48)}`, "-var", `moderator_token=${"m".repeat(24)}`, "-var", `origin_verify_secret=${"o".repeat(48)}`],
  ...["-var", "lambda_runtime_version_arn=arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"],
];
const credentials = { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" };

export interface RehearsalReport {
  phases: { name: string; seconds: number; said: string }[];
  declared: number;
  created: number;
  excluded: Record<string, number>;
  drift: string[];
  leftovers: Record<string, string[]>;
  /** Per role: each action it is granted or used, and whether the rehearsal's calls used it. */
  permissions: { role: string; action: string; granted: boolean; used: boolean }[];
}

/** The rehearsal, phase by phase; `say` gets one line per phase. */
export async function rehearse({
  synthesize = true,
  codeCache = false,
  revoke = [],
  say = (line: string) => console.log(line),
}: {
  synthesize?: boolean;
  /** Ship the API with a code cache trained for arm64 (`npm run build:code-cache`, under qemu-user here), and check it is used. */
  codeCache?: boolean;
  /** Permissions to take away from a role before applying (`role name`, `service:Action`): the rehearsal must then fail where AWS would. */
  revoke?: { role: string; action: string }[];
  say?: (line: string) => void;
} = {}): Promise<RehearsalReport> {
  // Nothing beyond loopback: the AWS provider comes from this machine's mirror when it has one.
  process.env.TF_PLUGIN_MIRROR ??= terraformPluginMirror();
  const report: RehearsalReport = { phases: [], declared: 0, created: 0, excluded: {}, drift: [], leftovers: {}, permissions: [] };
  const phase = async <T>(name: string, work: () => Promise<[T, string]> | [T, string]): Promise<T> => {
    const started = performance.now();
    try {
      const [result, said] = await work();
      const seconds = (performance.now() - started) / 1000;
      report.phases.push({ name, seconds, said });
      say(`${name.padEnd(10)} ${seconds.toFixed(1).padStart(6)} s  ${said}`);
      return result;
    } catch (error) {
      throw new RehearsalFailed(`${name}: ${(error as Error).message}`);
    }
  };
  const terraform = (stack: EmulatorStack, args: string[], ok = [0]) => {
    const result = terraformIn(stack.dir, args);
    if (!ok.includes(result.status)) throw new Error(`terraform ${args[0]} failed:\n${lastLines(result.output)}`);
    return result;
  };

  if (codeCache)
    await phase("code cache", () => {
      const out = mkdtempSync(join(tmpdir(), "board-code-cache-"));
      const trained = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("../code-cache/cli.ts", import.meta.url)), "--out", out], {
        encoding: "utf8",
      });
      if (trained.status !== 0) throw new Error(`npm run build:code-cache failed:\n${lastLines(`${trained.stdout}${trained.stderr}`)}`);
      process.env.FUNCTION_CODE_CACHE = out;
      return [
        undefined,
        trained.stdout
          .trim()
          .split("\n")
          .find((line) => line.startsWith("trained on")) ?? "trained",
      ];
    });
  if (synthesize || codeCache)
    await phase("synth", () => {
      synth();
      return [undefined, "cdktf.out/stacks/serverless-board"];
    });
  let moto: RunningMoto | undefined;
  let stack: EmulatorStack | undefined;
  try {
    moto = await phase("emulator", async () => {
      const started = await startMoto();
      return [started, `moto on ${started.endpoint}`];
    });
    const running = moto;
    stack = await phase("prepare", () => {
      const prepared = emulatorStack(defaultStackDir, running.endpoint, { revoke });
      report.declared = Object.values(prepared.declared).reduce((sum, count) => sum + count, 0);
      report.excluded = prepared.excluded;
      const left = Object.entries(prepared.excluded).map(([type, count]) => `${type} ×${count}`);
      return [prepared, `${report.declared} resources declared; not in the emulator: ${left.join(", ") || "none"}`];
    });
    const applied = stack;
    await phase("init", () => {
      terraform(applied, ["init", "-input=false"]);
      return [undefined, "providers from the mirror or the registry"];
    });
    await phase("apply", async () => {
      const plan = terraform(applied, ["plan", "-input=false", "-out=rehearsal.tfplan", ...secrets]);
      const planned = Number(/Plan: (\d+) to add/.exec(plan.output)?.[1] ?? Number.NaN);
      // Ephemeral variables are not kept in a plan file: the apply is given them again.
      terraform(applied, ["apply", "-input=false", "-parallelism=16", ...ephemeralOnly(applied.dir, secrets), "rehearsal.tfplan"]);
      report.created = terraform(applied, ["state", "list"])
        .output.split("\n")
        .filter((line) => /^aws_/.test(line)).length;
      if (report.created !== planned) throw new Error(`${report.created} resources created of ${planned} planned`);
      const excluded = Object.values(report.excluded).reduce((sum, count) => sum + count, 0);
      const switchedOff = report.declared - excluded - planned;
      // The emulator's own listing sees them too: the same listing later shows the destroy left nothing.
      const empty = Object.entries(await inventory(running.endpoint)).filter(([, names]) => names.length === 0);
      if (empty.length > 0) throw new Error(`the emulator lists none of: ${empty.map(([kind]) => kind).join(", ")}`);
      return [
        undefined,
        `${report.created} of ${planned} planned resources created (${report.declared} declared: ${excluded} not in the emulator, ${switchedOff} off by default)`,
      ];
    });
    const outputs = JSON.parse(terraform(applied, ["output", "-json"]).output) as Record<string, { value: string }>;
    await phase("lifecycle", async () => {
      const s3 = new S3Client({ endpoint: running.endpoint, region: "us-east-1", forcePathStyle: true, credentials });
      const bucket = outputs.media_bucket!.value;
      const rules = applied.lifecycleRules.map(toLifecycleRule);
      await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: rules } }));
      const read = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
      const ids = (read.Rules ?? []).map((rule) => `${rule.ID}:${rule.Status}:${JSON.stringify(rule.Filter)}:${rule.Expiration?.Days}`);
      const expected = rules.map((rule) => `${rule.ID}:${rule.Status}:${JSON.stringify(rule.Filter)}:${rule.Expiration?.Days}`);
      if (JSON.stringify(ids) !== JSON.stringify(expected)) throw new Error(`the bucket holds ${JSON.stringify(ids)}, not ${JSON.stringify(expected)}`);
      return [undefined, `${rules.length} rules put through the S3 API and read back the same`];
    });
    await phase("drift", () => {
      const plan = terraform(applied, ["plan", "-input=false", "-detailed-exitcode", "-out=drift.tfplan", ...secrets], [0, 2]);
      if (plan.status === 0) return [undefined, "a second plan finds nothing to change"];
      const shown = JSON.parse(terraform(applied, ["show", "-json", "drift.tfplan"]).output) as { resource_changes: ResourceChange[] };
      const quirks: string[] = [];
      for (const change of shown.resource_changes.filter((candidate) => candidate.change.actions.join() !== "no-op")) {
        const changed = changedAttributes(change);
        const known = emulatorQuirks[change.type] ?? {};
        const unexplained =
          change.change.actions.join() === "update" ? changed.filter((attribute) => !(attribute in known)) : [change.change.actions.join("+")];
        if (unexplained.length > 0) report.drift.push(`${change.address}: ${unexplained.join(", ")}`);
        else quirks.push(`${change.type}.${changed.join("/")}`);
      }
      if (report.drift.length > 0) throw new Error(`a second plan wants changes the emulator does not explain (drift):\n${report.drift.join("\n")}`);
      return [undefined, `a second plan changes only what the emulator reads back differently: ${[...new Set(quirks)].join(", ")}`];
    });
    await phase("functions", async () => {
      const node = arm64Node();
      const functions = await shippedFunctions(running.endpoint, applied.dir);
      for (const fn of functions)
        if (fn.runtime !== "nodejs22.x" || fn.architecture !== "arm64")
          throw new Error(`${fn.name} runs ${fn.runtime} on ${fn.architecture}, not nodejs22.x on arm64`);
      const byName = (suffix: string) => functions.find((fn) => fn.name.endsWith(suffix))!;
      const [apiFunction, imageFunction, projectorFunction] = [byName("-api"), byName("-images"), byName("-projector")];
      // Each function's calls go through IAM as applied: its role's policies, read back from the emulator.
      const roles = await Promise.all(
        [apiFunction, imageFunction, projectorFunction].map(async (fn) => {
          const session = `rehearsal-${fn.name}`;
          const credentials = await assumeRole(running.endpoint, fn.roleArn, session);
          return {
            fn,
            credentials,
            role: { roleArn: fn.roleArn, session, accessKeyId: credentials.accessKeyId, policies: await rolePolicies(running.endpoint, fn.roleArn) },
          };
        }),
      );
      const iam = await startIamProxy(
        running.endpoint,
        roles.map(({ role }) => role),
      );
      const started = performance.now();
      const starts = await Promise.allSettled(roles.map(({ fn, credentials }) => startFunction(fn, { endpoint: iam.endpoint, credentials, node })));
      const failedStart = starts.find((start) => start.status === "rejected");
      if (failedStart) {
        // The one that did start is stopped too, or its process would keep the rehearsal alive.
        for (const start of starts) if (start.status === "fulfilled") start.value.stop();
        await iam.close();
        throw withDenials(failedStart.reason as Error, iam.decisions);
      }
      const [api, images, projector] = starts.map((start) => (start as PromiseFulfilledResult<RunningFunction>).value);
      const projectorRole = roles.find(({ fn }) => fn === projectorFunction)!;
      const stream = await startStreamMapping({
        endpoint: running.endpoint,
        iamEndpoint: iam.endpoint,
        tableName: outputs.table_name!.value,
        declared: applied.eventSourceMappings,
        functionName: projectorFunction.name,
        credentials: projectorRole.credentials,
        projector: projector!,
      });
      const startSeconds = (performance.now() - started) / 1000;
      const bucket = outputs.media_bucket!.value;
      const edge = await startEdge({ api: api!, endpoint: running.endpoint, mediaBucket: bucket, originSecret: "o".repeat(48) });
      const imagesArn = `arn:aws:lambda:us-east-1:123456789012:function:${imageFunction.name}`;
      const uploads = await watchUploads({ images: images!, imagesArn, endpoint: running.endpoint, bucket });
      const steps: string[] = [];
      let metricLines = 0;
      const cacheUse = /"codeCache":"(\w+)"/.exec(api!.output())?.[1] ?? "not said";
      if (codeCache && cacheUse !== "hit") throw new Error(`the API function started with codeCache ${cacheUse}, not hit:\n${lastLines(api!.output(), 5)}`);
      try {
        const passed = await smoke(edge.url, (line) => steps.push(line));
        if (!passed)
          throw withDenials(
            new Error(
              `the smoke flow failed:\n${steps.join("\n")}\n--- api function:\n${lastLines(api!.output(), 15)}\n--- image function:\n${lastLines(images!.output(), 15)}\n--- projector:\n${lastLines(projector!.output(), 15)}\n--- its stream mapping (${mappingStats(stream)}): ${stream.errors.slice(-3).join("; ") || "no errors"}; ${stream.failures.length} batch(es) given up: ${JSON.stringify(stream.failures.slice(0, 2))}`,
            ),
            iam.decisions,
          );
        await stream.drain();
        metricLines = requestLinesWithMetrics(api!.output());
        if (stream.failures.length > 0)
          throw new Error(`the projector gave up on stream records: ${JSON.stringify(stream.failures)}\n${lastLines(projector!.output(), 15)}`);
      } finally {
        stream.stop();
        await uploads.stop();
        await edge.close();
        await iam.close();
        api!.stop();
        images!.stop();
        projector!.stop();
      }
      if (iam.decisions.some((decision) => !decision.allowed)) throw withDenials(new Error("the functions were refused calls they make"), iam.decisions);
      report.permissions = permissionTable(
        roles.map(({ role }) => role),
        iam.decisions,
      );
      for (const line of formatPermissions(report.permissions)) say(`           ${line}`);
      return [
        undefined,
        `the three zips as uploaded (SHA-256 = CodeSha256) ran on ${node.version} linux-arm64 with their roles (started in ${startSeconds.toFixed(0)} s under emulation, secrets read from SSM, code cache ${cacheUse}); the smoke flow passed, ${steps.length} steps, ${uploads.invoked.length} upload(s) processed as the notification on ${uploads.prefix} says; the projector counted comments from ${stream.said}; ${metricLines} request log lines, each a log event of its own with its metrics where CloudWatch reads them (under Lambda's ${apiFunction.logging.format} log format); ${iam.decisions.length} AWS calls evaluated against the roles as applied, none refused`,
      ];
    });
    await phase("destroy", async () => {
      const dynamo = new DynamoDBClient({ endpoint: running.endpoint, region: "us-east-1", credentials });
      const table = outputs.table_name!.value;
      // The table keeps its data from a destroy until its deletion protection is turned off.
      const refusal = await dynamo.send(new DeleteTableCommand({ TableName: table })).then(
        () => "deleted",
        (error: Error) => error.message,
      );
      if (!/DeletionProtectionEnabled|deletion protection/i.test(refusal))
        throw new Error(`deleting the protected table was not refused for its protection: ${refusal}`);
      await dynamo.send(new UpdateTableCommand({ TableName: table, DeletionProtectionEnabled: false }));
      const described = await dynamo.send(new DescribeTableCommand({ TableName: table }));
      if (described.Table?.DeletionProtectionEnabled) throw new Error("deletion protection could not be turned off");
      terraform(applied, ["destroy", "-input=false", "-auto-approve", "-parallelism=16", ...secrets]);
      return [undefined, "the table refused deletion until its protection was turned off; then everything was destroyed"];
    });
    await phase("inventory", async () => {
      report.leftovers = Object.fromEntries(Object.entries(await inventory(running.endpoint)).filter(([, names]) => names.length > 0));
      if (Object.keys(report.leftovers).length > 0) throw new Error(`left in the emulator: ${JSON.stringify(report.leftovers)}`);
      return [
        undefined,
        "the emulator lists nothing of the stack: tables, buckets, functions, roles, APIs, log groups, topics, alarms, dashboards, distributions, web ACLs, parameters",
      ];
    });
    return report;
  } finally {
    stack?.remove();
    await moto?.stop();
  }
}

/** The error, with one line per call IAM refused (AccessDenied, naming the action and resource) first. */
function withDenials(error: Error, decisions: Decision[]): Error {
  const refused = decisions.filter((decision) => !decision.allowed);
  if (refused.length === 0) return error;
  const lines = [...new Set(refused.map((decision) => `AccessDenied: ${decision.role.split("/").pop()} may not ${decision.action} on ${decision.resource}`))];
  return new Error(`${lines.join("\n")}\n${error.message}`);
}

/** Granted (by the applied policies) versus used (by the rehearsal's allowed calls), per role and action. */
function permissionTable(roles: RoleUnderTest[], decisions: Decision[]): RehearsalReport["permissions"] {
  const rows: RehearsalReport["permissions"] = [];
  for (const role of roles) {
    const granted = new Set(role.policies.flatMap(({ policy }) => policy.Statement.flatMap((statement) => [statement.Action as string | string[]].flat())));
    const used = new Set(decisions.filter((decision) => decision.role === role.roleArn && decision.allowed).map((decision) => decision.action));
    for (const action of [...new Set([...granted, ...used])].sort())
      rows.push({ role: role.roleArn.split("/").pop()!, action, granted: granted.has(action), used: used.has(action) });
  }
  return rows;
}

function formatPermissions(rows: RehearsalReport["permissions"]): string[] {
  return [...new Set(rows.map((row) => row.role))].map((role) => {
    const mine = rows.filter((row) => row.role === role);
    const list = (wanted: (row: (typeof rows)[number]) => boolean) =>
      mine
        .filter(wanted)
        .map((row) => row.action)
        .join(", ") || "none";
    return `${role}: used ${list((row) => row.used)}; granted, not used by these calls: ${list((row) => row.granted && !row.used)}`;
  });
}

interface ResourceChange {
  address: string;
  type: string;
  change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null; after_unknown?: Record<string, unknown> };
}

/** The top-level attributes a planned update changes (those known before the apply). */
function changedAttributes({ change }: ResourceChange): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => !(key in (change.after_unknown ?? {})) && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

/** A lifecycle rule as Terraform's JSON declares it, in the S3 API's shape. */
function toLifecycleRule(rule: Record<string, unknown>): LifecycleRule {
  const first = <T>(value: unknown) => (Array.isArray(value) ? (value[0] as T | undefined) : undefined);
  const filter = first<{ prefix?: string; and?: { prefix?: string; tags?: Record<string, string> }[] }>(rule.filter);
  const and = first<{ prefix?: string; tags?: Record<string, string> }>(filter?.and);
  const expiration = first<{ days: number }>(rule.expiration);
  const abort = first<{ days_after_initiation: number }>(rule.abort_incomplete_multipart_upload);
  return {
    ID: rule.id as string,
    Status: rule.status as "Enabled",
    Filter: and
      ? { And: { Prefix: and.prefix, Tags: Object.entries(and.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) } }
      : { Prefix: filter?.prefix ?? "" },
    ...(expiration ? { Expiration: { Days: expiration.days } } : {}),
    ...(abort ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: abort.days_after_initiation } } : {}),
  };
}

const lastLines = (text: string, count = 25) => text.trim().split("\n").slice(-count).join("\n");

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  try {
    const revoke = process.argv
      .flatMap((arg, index) => (arg === "--revoke" ? [process.argv[index + 1] ?? ""] : []))
      .map((pair) => {
        const [role = "", action = ""] = pair.split(/:(.*)/s);
        return { role, action };
      });
    const report = await rehearse({ synthesize: !process.argv.includes("--no-synth"), codeCache: process.argv.includes("--code-cache"), revoke });
    console.log(
      [
        "",
        `Rehearsed in ${((performance.now() - started) / 1000).toFixed(0)} s: ${report.created} resources applied to the emulator and destroyed again (${report.declared} declared); no drift; nothing left.`,
        "Not applied to the emulator, and checked instead:",
        ...Object.keys(report.excluded).map((type) => `  ${type}: ${notInEmulator[type]}`),
      ].join("\n"),
    );
  } catch (error) {
    if (!(error instanceof RehearsalFailed)) throw error;
    console.error(`The rehearsal failed at ${error.message}`);
    process.exitCode = 1;
  }
}

function mappingStats(stream: { stats: { polls: number; shards: number; recordsRead: number }; said: string }): string {
  return `${stream.stats.polls} polls, ${stream.stats.shards} shards, ${stream.stats.recordsRead} records read; ${stream.said}`;
}

/**
 * The API function's request lines in what it printed, each checked to be a JSON log event of its
 * own with the Embedded Metric Format's `_aws` at the top — what CloudWatch needs to make metrics
 * of it (a line Lambda's JSON console wrapped under `message` would give none). Throws on the first
 * that is not; returns how many there were.
 */
function requestLinesWithMetrics(output: string): number {
  const requests = output.split("\n").filter((line) => line.includes('"route"') || line.includes('\\"route\\"'));
  if (requests.length === 0) throw new Error(`the API function logged no request line:\n${lastLines(output, 5)}`);
  for (const line of requests) {
    const entry = JSON.parse(line) as { _aws?: { CloudWatchMetrics?: unknown[] } };
    if (!Array.isArray(entry._aws?.CloudWatchMetrics)) throw new Error(`a request log line CloudWatch would make no metric of: ${line.slice(0, 300)}`);
  }
  return requests.length;
}
