import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
