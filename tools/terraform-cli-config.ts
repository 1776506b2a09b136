import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Terraform CLI settings that install hashicorp's providers from a filesystem mirror (registry layout) only. */
export function mirrorCliConfig(mirror: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`;
}

/**
 * The CLI configuration file terraform should read: one pointing at `TF_PLUGIN_MIRROR` when that
 * is set (an offline machine), else whatever the environment already names (or none: providers
 * download from the registry as usual).
 */
export function terraformCliConfig(mirror = process.env.TF_PLUGIN_MIRROR): string | undefined {
  if (!mirror) return process.env.TF_CLI_CONFIG_FILE;
  const file = join(mkdtempSync(join(tmpdir(), "board-terraform-")), "terraform.rc");
  writeFileSync(file, mirrorCliConfig(mirror));
  return file;
}

/**
 * The offline provider mirror (Terraform registry layout): TF_PLUGIN_MIRROR when set (.ci/run
 * sets it), else the first `registry.terraform.io` directory found near the filesystem root.
 * Undefined means: let `terraform init` download providers as usual.
 */
export function terraformPluginMirror(): string | undefined {
  if (process.env.TF_PLUGIN_MIRROR) return process.env.TF_PLUGIN_MIRROR;
  try {
    const found = execFileSync("find", ["/", "-maxdepth", "5", "-type", "d", "-name", "registry.terraform.io", "-not", "-path", "/proc/*"], {
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 20_000,
    })
      .toString()
      .split("\n")
      .find((line) => line.trim() && !line.includes("/.terraform/"));
    return found ? dirname(found) : undefined;
  } catch (error) {
    // find exits non-zero on unreadable directories but still prints what it found.
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? "";
    const found = output.split("\n").find((line) => line.trim() && !line.includes("/.terraform/"));
    return found ? dirname(found) : undefined;
  }
}
