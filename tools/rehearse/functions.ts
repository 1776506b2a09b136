/**
 * The shipped functions, run as Lambda runs them: the very zip terraform uploaded (its SHA-256
 * matches the emulator's CodeSha256), unpacked into a task root, on Node 22 for linux-arm64 under
 * qemu-user, with the flags Lambda's bootstrap passes for the function's memory, the runtime's
 * environment variables, the function's own environment as applied, and credentials of its own
 * role (AssumeRole against the emulator). Every AWS call goes to the emulator.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lambdaNodeFlags } from "../../infra/lambda-runtime.js";
import type { Arm64Node } from "../arm64-node.js";

const lambdaConsole = fileURLToPath(new URL("lambda-console.mjs", import.meta.url));

const authorization = (service: string) => `AWS4-HMAC-SHA256 Credential=rehearsal/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;

export interface ShippedFunction {
  name: string;
  handler: string;
  runtime: string;
  architecture: string;
  memoryMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  roleArn: string;
  /** Its logging config as the stack declares it (moto does not keep it): Lambda's runtime formats `console` by it. */
  logging: { format: string; applicationLevel: string };
  /** Where its zip, checked byte for byte against what the emulator holds, is unpacked. */
  taskRoot: string;
}

/** Each function as the emulator holds it: its configuration read back, its code found by its SHA-256 among the stack's assets. */
export async function shippedFunctions(endpoint: string, stackDir: string): Promise<ShippedFunction[]> {
  const listed = (await (await fetch(`${endpoint}/2015-03-31/functions/`, { headers: { authorization: authorization("lambda") } })).json()) as {
    Functions: { FunctionName: string }[];
  };
  const archives = findFiles(join(stackDir, "assets"), (name) => name.endsWith(".zip")).map((path) => ({
    path,
    sha256: createHash("sha256").update(readFileSync(path)).digest("base64"),
  }));
  const declared = Object.values(
    (JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { resource: { aws_lambda_function: Record<string, DeclaredFunction> } }).resource
      .aws_lambda_function,
  );
  const result: ShippedFunction[] = [];
  for (const { FunctionName } of listed.Functions) {
    const { Configuration: config } = (await (
      await fetch(`${endpoint}/2015-03-31/functions/${FunctionName}`, { headers: { authorization: authorization("lambda") } })
    ).json()) as {
      Configuration: {
        Handler: string;
        Runtime: string;
        Architectures?: string[];
        MemorySize: number;
        Timeout: number;
        Role: string;
        CodeSha256: string;
        Environment?: { Variables?: Record<string, string> };
      };
    };
    const archive = archives.find((candidate) => candidate.sha256 === config.CodeSha256);
    if (!archive) throw new Error(`${FunctionName}: no zip among the stack's assets has the emulator's CodeSha256 ${config.CodeSha256}`);
    const taskRoot = mkdtempSync(join(tmpdir(), `task-${FunctionName}-`));
    const unzipped = spawnSync("unzip", ["-q", archive.path, "-d", taskRoot]);
    if (unzipped.status !== 0) throw new Error(`${FunctionName}: unzip failed: ${unzipped.stderr.toString()}`);
    result.push({
      name: FunctionName,
      handler: config.Handler,
      runtime: config.Runtime,
      architecture: config.Architectures?.[0] ?? "x86_64",
      memoryMb: config.MemorySize,
      timeoutSeconds: config.Timeout,
      environment: config.Environment?.Variables ?? {},
      roleArn: config.Role,
      logging: loggingOf(declared.find((fn) => fn.function_name === FunctionName)),
      taskRoot,
    });
  }
  return result;
}

interface DeclaredFunction {
  function_name: string;
  logging_config?: { log_format?: string; application_log_level?: string };
}

/** Lambda's defaults where the stack says nothing: text logs, INFO. */
function loggingOf(declared: DeclaredFunction | undefined): ShippedFunction["logging"] {
  return { format: declared?.logging_config?.log_format ?? "Text", applicationLevel: declared?.logging_config?.application_log_level ?? "INFO" };
}

function findFiles(dir: string, wanted: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? findFiles(path, wanted) : wanted(name) ? [path] : [];
  });
}

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Credentials of a role, from the emulator's STS (as Lambda assumes the function's execution role). */
export async function assumeRole(endpoint: string, roleArn: string, session: string): Promise<RoleCredentials> {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: { authorization: authorization("sts"), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ Action: "AssumeRole", Version: "2011-06-15", RoleArn: roleArn, RoleSessionName: session }).toString(),
  });
  const text = await response.text();
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(text)?.[1];
  const credentials = { accessKeyId: field("AccessKeyId"), secretAccessKey: field("SecretAccessKey"), sessionToken: field("SessionToken") };
  if (!response.ok || !credentials.accessKeyId || !credentials.secretAccessKey || !credentials.sessionToken)
    throw new Error(`AssumeRole ${roleArn} failed: ${text.slice(0, 300)}`);
  return credentials as RoleCredentials;
}

/**
 * A small stand-in for Lambda's Node runtime client, run inside the function's process: it loads
 * the handler the way the runtime does (`<module>.<export>` from the task root, .js/.mjs/.cjs),
 * then answers invocations read from stdin, one JSON line each, on fd 3 (the process's own logs
 * stay on stdout and stderr, as in CloudWatch), with console calls formatted as the function's
 * logging config asks (lambda-console.mjs).
 */
const runtimeClient = `
import { existsSync, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { patchConsoleAsLambda } from "./lambda-console.mjs";
let requestId;
patchConsoleAsLambda(process.env.AWS_LAMBDA_LOG_FORMAT, process.env.AWS_LAMBDA_LOG_LEVEL, () => requestId);
const results = createWriteStream(null, { fd: 3 });
const say = (message) => results.write(JSON.stringify(message) + "\\n");
const [moduleName, exportName] = process.env._HANDLER.split(".");
const file = [".js", ".mjs", ".cjs"].map((ext) => join(process.env.LAMBDA_TASK_ROOT, moduleName + ext)).find((path) => existsSync(path));
let handler;
try {
  const loaded = await import(pathToFileURL(file).href);
  handler = loaded[exportName] ?? loaded.default?.[exportName];
  if (typeof handler !== "function") throw new Error("Runtime.HandlerNotFound: " + process.env._HANDLER + " is undefined or not exported");
  say({ ready: true });
} catch (error) {
  say({ initError: String(error && error.stack || error) });
  process.exit(1);
}
for await (const line of createInterface({ input: process.stdin })) {
  const { id, event, context } = JSON.parse(line);
  requestId = context.awsRequestId;
  try {
    say({ id, result: await handler(event, { ...context, getRemainingTimeInMillis: () => 10000 }) });
  } catch (error) {
    say({ id, error: String(error && error.stack || error) });
  }
}
`;

export interface RunningFunction {
  /** Answers one invocation with the handler's result (rejects with its error). */
  invoke(event: unknown, context: Record<string, unknown>): Promise<unknown>;
  /** What the function printed (its log lines). */
  output(): string;
  stop(): void;
}

/** Starts one shipped function as Lambda would, with its role's credentials; resolves once its init (module load, SSM read) is done. */
export async function startFunction(
  fn: ShippedFunction,
  { endpoint, credentials, node }: { endpoint: string; credentials: RoleCredentials; node: Arm64Node },
): Promise<RunningFunction> {
  const runtimeDir = mkdtempSync(join(tmpdir(), "lambda-runtime-"));
  writeFileSync(join(runtimeDir, "client.mjs"), runtimeClient);
  copyFileSync(lambdaConsole, join(runtimeDir, "lambda-console.mjs"));
  const environment: Record<string, string> = {
    PATH: "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    _HANDLER: fn.handler,
    LAMBDA_TASK_ROOT: fn.taskRoot,
    LAMBDA_RUNTIME_DIR: runtimeDir,
    NODE_PATH: `/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:${runtimeDir}/node_modules:${fn.taskRoot}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: "2026/01/01/[$LATEST]rehearsal",
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    // What Lambda sets from the function's logging config (advanced logging controls).
    ...(fn.logging.format === "JSON" ? { AWS_LAMBDA_LOG_FORMAT: "JSON", AWS_LAMBDA_LOG_LEVEL: fn.logging.applicationLevel } : {}),
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    // Every AWS SDK client in the function goes to the emulator (S3 by path: the emulator has no bucket host names).
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_S3: endpoint,
    ...fn.environment,
  };
  const child: ChildProcess = spawn(node.command, [...node.prefix, ...lambdaNodeFlags(fn.memoryMb), join(runtimeDir, "client.mjs")], {
    cwd: fn.taskRoot,
    env: environment,
    stdio: ["pipe", "pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let ready: (() => void) | undefined;
  let failed: ((error: Error) => void) | undefined;
  const started = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  let buffered = "";
  (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let newline = buffered.indexOf("\n"); newline !== -1; newline = buffered.indexOf("\n")) {
      const message = JSON.parse(buffered.slice(0, newline)) as { ready?: boolean; initError?: string; id?: number; result?: unknown; error?: string };
      buffered = buffered.slice(newline + 1);
      if (message.ready) ready?.();
      else if (message.initError) failed?.(new Error(`${fn.name} could not start: ${message.initError}`));
      else if (message.id !== undefined) {
        const call = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error) call?.reject(new Error(message.error));
        else call?.resolve(message.result);
      }
    }
  });
  child.once("exit", (code) => failed?.(new Error(`${fn.name} exited (code ${code}) during init:\n${output.trim().split("\n").slice(-15).join("\n")}`)));
  const timer = setTimeout(() => failed?.(new Error(`${fn.name} did not finish its init in 120 s`)), 120_000);
  try {
    await started;
  } finally {
    clearTimeout(timer);
  }
  let next = 0;
  return {
    invoke: (event, context) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        child.stdin!.write(`${JSON.stringify({ id, event, context })}\n`);
      }),
    output: () => output,
    stop: () => void child.kill("SIGKILL"),
  };
}
