/**
 * `npm run synth | deploy | destroy` without cdktf's CLI: the cdktf app (main.ts) synthesizes the
 * Terraform JSON, and `terraform` plans and applies it where cdktf would have — in
 * cdktf.out/stacks/serverless-board, with the state where it always was (infra/backend.ts).
 *
 *   npm run deploy -- [--var name=value …] [--auto-approve]
 *   npm run destroy -- [--auto-approve]
 *
 * The plan is shown and applied only after a typed "yes" (or --auto-approve); without a terminal
 * and without --auto-approve it stops with one line instead of waiting for input that never comes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import { terraformCliConfig } from "./terraform-cli-config.js";

export const stackName = "serverless-board";
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const defaultStackDir = join(repoRoot, "cdktf.out", "stacks", stackName);

/** The secrets' variables: needed to create and update the stack, not to destroy it. */
const secretVariables = { signing_secret: "s", moderator_token: "m", origin_verify_secret: "o" } as const;

export interface StackOptions {
  dir?: string;
  /** `name=value` pairs, as terraform's -var takes them. */
  vars?: string[];
  autoApprove?: boolean;
  /** Where the "yes" comes from; a terminal by default. */
  confirm?: (question: string) => Promise<boolean>;
  log?: (line: string) => void;
  /** Keep terraform's own output off this terminal (tests). */
  quiet?: boolean;
}

export class StackError extends Error {}

/** Synthesizes the stack: bundles the functions, writes cdktf.out (main.ts). */
export function synth(): void {
  run(process.execPath, ["--import", "tsx", join(repoRoot, "main.ts")], repoRoot, "synth");
}

/** Plans the stack, shows the plan, and applies it once confirmed. */
export async function deploy(options: StackOptions = {}): Promise<"applied" | "no changes" | "declined"> {
  return planAndApply(options, []);
}

/**
 * Plans the stack's destruction and applies it once confirmed. Destroying needs none of the
 * secrets: they get placeholders (which reach nothing: a destroy writes no parameter).
 */
export async function destroy(options: StackOptions = {}): Promise<"applied" | "no changes" | "declined"> {
  const given = new Set((options.vars ?? []).map((pair) => pair.split("=")[0]));
  const placeholders = Object.entries(secretVariables)
    .filter(([name]) => !given.has(name) && !process.env[`TF_VAR_${name}`])
    .map(([name, letter]) => `${name}=${letter.repeat(40)}`);
  return planAndApply({ ...options, vars: [...(options.vars ?? []), ...placeholders] }, ["-destroy"]);
}

async function planAndApply(options: StackOptions, planFlags: string[]): Promise<"applied" | "no changes" | "declined"> {
  const dir = options.dir ?? defaultStackDir;
  const log = options.log ?? ((line: string) => console.log(line));
  if (!existsSync(join(dir, "cdk.tf.json"))) throw new StackError(`No synthesized stack in ${dir}: run npm run synth first.`);
  const confirm = options.autoApprove ? async () => true : (options.confirm ?? askOnTerminal);
  const terraform = (args: string[], ok?: number[]) => runTerraform(args, dir, ok, options.quiet);
  terraform(["init", "-input=false"]);
  const planFile = "serverless-board.tfplan";
  const vars = (options.vars ?? []).flatMap((pair) => ["-var", pair]);
  // -detailed-exitcode: 0 nothing to do, 2 changes planned, 1 failed.
  const planned = terraform(["plan", "-input=false", "-detailed-exitcode", `-out=${planFile}`, ...planFlags, ...vars], [0, 2]);
  try {
    if (planned === 0) {
      log(planFlags.includes("-destroy") ? "Nothing to destroy." : "No changes: the stack is up to date.");
      return "no changes";
    }
    if (!(await confirm(planFlags.includes("-destroy") ? "Destroy everything in this plan?" : "Apply this plan?"))) {
      log("Nothing was changed.");
      return "declined";
    }
    // A saved plan keeps no ephemeral value (the secrets): they are given to the apply again.
    terraform(["apply", "-input=false", ...ephemeralOnly(dir, vars), planFile]);
    return "applied";
  } finally {
    rmSync(join(dir, planFile), { force: true });
  }
}

/** Of `-var name=value` arguments, those naming the stack's ephemeral variables (the ones a saved plan does not keep). */
export function ephemeralOnly(dir: string, vars: string[]): string[] {
  const declared = (JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as { variable?: Record<string, { ephemeral?: boolean }> }).variable ?? {};
  const pairs: string[] = [];
  for (let i = 0; i + 1 < vars.length; i += 2) if (vars[i] === "-var" && declared[vars[i + 1]!.split("=")[0]!]?.ephemeral) pairs.push("-var", vars[i + 1]!);
  return pairs;
}

async function askOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new StackError("Not a terminal, so nobody can confirm the plan: pass --auto-approve to apply it as shown.");
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(`${question} Only "yes" goes ahead: `)).trim() === "yes";
  } finally {
    prompt.close();
  }
}

/** Runs terraform in the stack's folder with its output on this terminal; its exit code, if one of `ok`. */
function runTerraform(args: string[], dir: string, ok = [0], quiet = false): number {
  return run("terraform", args, dir, `terraform ${args[0]}`, ok, { TF_CLI_CONFIG_FILE: terraformCliConfig(), CHECKPOINT_DISABLE: "1" }, quiet);
}

/** Runs terraform in `dir` (its CLI settings as for a deploy) and returns its exit code and output; nothing is printed. */
export function terraformIn(dir: string, args: string[]): { status: number; output: string } {
  const result = spawnSync("terraform", [...args, "-no-color"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TF_CLI_CONFIG_FILE: terraformCliConfig(), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new StackError(`terraform could not start: ${result.error.message} (is terraform 1.11+ on PATH?)`);
  return { status: result.status ?? 1, output: `${result.stdout?.toString() ?? ""}${result.stderr?.toString() ?? ""}` };
}

function run(command: string, args: string[], cwd: string, what: string, ok = [0], env: Record<string, string | undefined> = {}, quiet = false): number {
  const result = spawnSync(command, args, {
    cwd,
    stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new StackError(`${what} could not start: ${result.error.message}${command === "terraform" ? " (is terraform 1.11+ on PATH?)" : ""}`);
  if (!ok.includes(result.status ?? 1))
    throw new StackError(`${what} failed (exit ${result.status ?? result.signal}).${quiet ? `\n${result.stderr?.toString() ?? ""}` : ""}`);
  return result.status ?? 0;
}

/** `--var name=value` (or `--var=name=value`, as cdktf took it) and `--auto-approve`; anything else is refused. */
export function parseArguments(args: string[]): { vars: string[]; autoApprove: boolean } {
  const vars: string[] = [];
  let autoApprove = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--auto-approve") autoApprove = true;
    else if (arg === "--var" && args[i + 1]?.includes("=")) vars.push(args[++i]!);
    else if (arg.startsWith("--var=") && arg.slice(6).includes("=")) vars.push(arg.slice(6));
    else throw new StackError(`Unknown argument ${JSON.stringify(arg)}: use --var name=value or --auto-approve.`);
  }
  return { vars, autoApprove };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [command, ...rest] = process.argv.slice(2);
  try {
    const args = parseArguments(rest);
    if (command === "synth") synth();
    else if (command === "deploy") {
      synth();
      await deploy(args);
    } else if (command === "destroy") {
      synth();
      await destroy(args);
    } else throw new StackError(`Usage: tsx tools/stack.ts synth | deploy | destroy [--var name=value …] [--auto-approve]`);
  } catch (error) {
    if (!(error instanceof StackError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
