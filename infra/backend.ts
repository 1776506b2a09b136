import type { TerraformStack } from "cdktf";
import { LocalBackend, S3Backend } from "cdktf";

export interface BackendSettings {
  /** S3 bucket for shared state; local state when unset. */
  stateBucket?: string | undefined;
  stateLockTable?: string | undefined;
  stateRegion?: string | undefined;
}

/**
 * Where Terraform keeps state: an S3 bucket with a DynamoDB lock table for teams, or a local
 * file by default. The local path is explicit and relative (cdktf would otherwise write this
 * machine's absolute path into the output).
 */
export function configureBackend(stack: TerraformStack, name: string, settings: BackendSettings): void {
  if (settings.stateBucket) {
    new S3Backend(stack, {
      bucket: settings.stateBucket,
      key: `${name}/terraform.tfstate`,
      region: settings.stateRegion ?? "us-east-1",
      encrypt: true,
      ...(settings.stateLockTable ? { dynamodbTable: settings.stateLockTable } : {}),
    });
    return;
  }
  // Terraform runs in cdktf.out/stacks/<name>/: keep the state file at the project's root.
  new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` });
}
