import type { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";

/**
 * What every function of the stack shares, in one place: Node 22 on arm64 (what the bundles, the
 * code cache and the rehearsal are built for), its bundle folder zipped as `index.handler`, and
 * JSON logs to its own log group.
 */
export function lambdaPackage(scope: Construct, codeDir: string, logGroup: CloudwatchLogGroup) {
  const code = new TerraformAsset(scope, "code", { path: codeDir, type: AssetType.ARCHIVE });
  return {
    runtime: "nodejs22.x",
    architectures: ["arm64"],
    handler: "index.handler",
    filename: code.path,
    sourceCodeHash: code.assetHash,
    loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
  };
}
