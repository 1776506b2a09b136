import { Construct } from "constructs";
import type { TerraformVariable } from "cdktf";
import { LambdaRuntimeManagementConfig } from "@cdktf/provider-aws/lib/lambda-runtime-management-config/index.js";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";

/**
 * Pins the function to one Lambda runtime version. Only made when the function ships a trained
 * code cache: the cache is valid for exactly one Node build, and with automatic runtime updates
 * Lambda would move to a new one and the cache would silently stop being used (the function still
 * starts, logging `codeCache: "rejected"`). Pinned, nothing changes until the cache is retrained
 * and the variable moved on together.
 */
export class RuntimePin extends Construct {
  constructor(scope: Construct, id: string, props: { fn: LambdaFunction; runtimeVersionArn: TerraformVariable }) {
    super(scope, id);
    new LambdaRuntimeManagementConfig(this, "pin", {
      functionName: props.fn.functionName,
      updateRuntimeOn: "Manual",
      runtimeVersionArn: props.runtimeVersionArn.stringValue,
      lifecycle: {
        precondition: [
          {
            condition: `\${length(var.${props.runtimeVersionArn.friendlyUniqueId}) > 0}`,
            errorMessage:
              "This function ships a trained code cache, valid for one runtime version only: set lambda_runtime_version_arn to the version it was trained for (the function's INIT_START log line names it).",
          },
        ],
      },
    });
  }
}
