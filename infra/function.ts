import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import type { FunctionRole } from "./function-role.js";

export interface BoardFunctionProps {
  name: string;
  /** The handler's bundle (tools/bundle.ts). */
  codeDir: string;
  role: FunctionRole;
  logGroup: CloudwatchLogGroup;
  memoryMb: number;
  /** Concurrent executions reserved for (and capping) the function; -1 for none. */
  reservedConcurrency: number;
  /** Terraform expression: whether X-Ray traces the function (`var.tracing_enabled`). */
  tracingExpression: string;
  environment: Record<string, string>;
}

/** The one Lambda function: the esbuild bundle of api/handler.ts, zipped as an asset, on Node 22 / arm64. */
export class BoardFunction extends Construct {
  readonly lambda: LambdaFunction;

  constructor(scope: Construct, id: string, props: BoardFunctionProps) {
    super(scope, id);
    const code = new TerraformAsset(this, "code", { path: props.codeDir, type: AssetType.ARCHIVE });
    this.lambda = new LambdaFunction(this, "function", {
      functionName: props.name,
      role: props.role.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: code.path,
      sourceCodeHash: code.assetHash,
      memorySize: props.memoryMb,
      timeout: 10,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracingConfig: { mode: `\${${props.tracingExpression} ? "Active" : "PassThrough"}` },
      environment: { variables: { NODE_ENV: "production", TRACING_ENABLED: `\${${props.tracingExpression}}`, ...props.environment } },
      loggingConfig: { logFormat: "JSON", logGroup: props.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      dependsOn: [props.logGroup, props.role.policy],
    });
  }
}
