import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mirrorCliConfig } from "../../tools/terraform-cli-config.js";
export { terraformPluginMirror } from "../../tools/terraform-cli-config.js";

/** A CLI configuration that installs hashicorp providers from the mirror only; written into `dir`. */
export function writeTerraformCliConfig(dir: string, mirror: string | undefined): string {
  const file = join(dir, "terraform.rc");
  const body = mirror ? mirrorCliConfig(mirror) : "";
  writeFileSync(file, body);
  return file;
}

/** Runs terraform in `cwd`; throws with its output when it fails. */
export function terraform(args: string[], cwd: string, cliConfig: string): string {
  try {
    return execFileSync("terraform", [...args, "-no-color"], {
      cwd,
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", AWS_EC2_METADATA_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
  } catch (error) {
    const failure = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`terraform ${args[0]} failed: ${failure.stderr?.toString() || failure.message}\n${failure.stdout?.toString() ?? ""}`);
  }
}

export const hasMirrorFor = (mirror: string | undefined) => mirror !== undefined && existsSync(join(mirror, "registry.terraform.io", "hashicorp", "aws"));
