import type { Construct } from "constructs";
import { TerraformVariable } from "cdktf";

/** The stack's inputs: what an operator may set per deployment (`-var`, `TF_VAR_*`), named plainly at the stack's top level. */
export class BoardVariables {
  readonly region: TerraformVariable;
  readonly stageName: TerraformVariable;
  readonly throttleRateLimit: TerraformVariable;
  readonly throttleBurstLimit: TerraformVariable;
  readonly logRetentionDays: TerraformVariable;
  readonly allowedOrigins: TerraformVariable;
  readonly lambdaMemoryMb: TerraformVariable;
  readonly writeRateLimit: TerraformVariable;
  readonly signingSecret: TerraformVariable;
  readonly moderatorToken: TerraformVariable;

  constructor(stack: Construct) {
    const scopeRoot = stack;
    this.region = new TerraformVariable(scopeRoot, "region", { type: "string", default: "us-east-1", description: "AWS region for the table, function and API." });
    this.stageName = new TerraformVariable(scopeRoot, "stage_name", {
      type: "string",
      default: "prod",
      description: "API Gateway stage name.",
      validation: [{ condition: '${can(regex("^[a-zA-Z0-9_]{1,64}$", var.stage_name))}', errorMessage: "stage_name: letters, digits and underscores, 1–64." }],
    });
    this.throttleRateLimit = new TerraformVariable(scopeRoot, "throttle_rate_limit", { type: "number", default: 50, description: "Steady-state requests per second the API stage allows." });
    this.throttleBurstLimit = new TerraformVariable(scopeRoot, "throttle_burst_limit", { type: "number", default: 100, description: "Burst of requests the API stage allows." });
    this.logRetentionDays = new TerraformVariable(scopeRoot, "log_retention_days", {
      type: "number",
      default: 14,
      description: "How long CloudWatch keeps the function's and the API's logs.",
      validation: [{ condition: "${contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.log_retention_days)}", errorMessage: "log_retention_days must be a CloudWatch retention value (1–365)." }],
    });
    this.allowedOrigins = new TerraformVariable(scopeRoot, "allowed_origins", {
      type: "list(string)",
      default: [],
      description: "Extra origins allowed by CORS (the CloudFront site is same-origin and needs none).",
    });
    this.writeRateLimit = new TerraformVariable(scopeRoot, "write_rate_limit_per_minute", {
      type: "number",
      default: 60,
      description: "Writes one client (IP address) may make per minute; 0 turns the limit off.",
    });
    this.lambdaMemoryMb = new TerraformVariable(scopeRoot, "lambda_memory_mb", { type: "number", default: 1024, description: "Function memory (also scales its CPU)." });
    this.signingSecret = new TerraformVariable(scopeRoot, "signing_secret", {
      type: "string",
      sensitive: true,
      description: "32+ random characters that sign page cursors; stored as an SSM SecureString.",
      validation: [{ condition: "${length(var.signing_secret) >= 32}", errorMessage: "signing_secret must be at least 32 characters." }],
    });
    this.moderatorToken = new TerraformVariable(scopeRoot, "moderator_token", {
      type: "string",
      sensitive: true,
      description: "16+ character token that may edit and delete anything; stored as an SSM SecureString.",
      validation: [{ condition: "${length(var.moderator_token) >= 16}", errorMessage: "moderator_token must be at least 16 characters." }],
    });
  }
}
