import { Construct } from "constructs";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import type { FunctionRole } from "./function-role.js";
import { lambdaPackage } from "./lambda-package.js";

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
    this.lambda = new LambdaFunction(this, "function", {
      functionName: props.name,
      role: props.role.role.arn,
      ...lambdaPackage(this, props.codeDir, props.logGroup),
      memorySize: props.memoryMb,
      timeout: 10,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracingConfig: { mode: `\${${props.tracingExpression} ? "Active" : "PassThrough"}` },
      environment: { variables: { NODE_ENV: "production", TRACING_ENABLED: `\${${props.tracingExpression}}`, ...props.environment } },
      dependsOn: [props.logGroup, props.role.policy],
    });
  }
}
