import type { Construct } from "constructs";
import { limits } from "../api/limits.js";
import { TerraformVariable } from "cdktf";
import type { AlarmThresholds } from "./alarms.js";

/** Marks a variable ephemeral (Terraform 1.10+); cdktf 0.21 has no option for it yet. */
function ephemeral(variable: TerraformVariable): TerraformVariable {
  variable.addOverride("ephemeral", true);
  return variable;
}

/** The stack's inputs: what an operator may set per deployment (`-var`, `TF_VAR_*`), named plainly at the stack's top level. */
export class BoardVariables {
  readonly region: TerraformVariable;
  readonly stageName: TerraformVariable;
  readonly throttleRateLimit: TerraformVariable;
  readonly throttleBurstLimit: TerraformVariable;
  readonly logRetentionDays: TerraformVariable;
  readonly allowedOrigins: TerraformVariable;
  readonly lambdaMemoryMb: TerraformVariable;
  readonly reportHideThreshold: TerraformVariable;
  readonly writeRateLimit: TerraformVariable;
  readonly signingSecret: TerraformVariable;
  readonly moderatorToken: TerraformVariable;
  readonly originVerifySecret: TerraformVariable;
  readonly originVerifySecretPrevious: TerraformVariable;
  readonly secretsVersion: TerraformVariable;
  readonly wafEnabled: TerraformVariable;
  readonly wafRateLimit: TerraformVariable;
  readonly reservedConcurrency: TerraformVariable;
  readonly domainName: TerraformVariable;
  readonly certificateArn: TerraformVariable;
  readonly alarmEmail: TerraformVariable;
  readonly alarmThresholds: Record<keyof AlarmThresholds, TerraformVariable>;
  readonly tracingEnabled: TerraformVariable;
  readonly lambdaRuntimeVersionArn: TerraformVariable;

  constructor(stack: Construct) {
    const scopeRoot = stack;
    this.region = new TerraformVariable(scopeRoot, "region", {
      type: "string",
      default: "us-east-1",
      description: "AWS region for the table, function and API.",
    });
    this.stageName = new TerraformVariable(scopeRoot, "stage_name", {
      type: "string",
      default: "prod",
      description: "API Gateway stage name.",
      validation: [{ condition: '${can(regex("^[a-zA-Z0-9_]{1,64}$", var.stage_name))}', errorMessage: "stage_name: letters, digits and underscores, 1–64." }],
    });
    this.throttleRateLimit = new TerraformVariable(scopeRoot, "throttle_rate_limit", {
      type: "number",
      default: 50,
      description: "Steady-state requests per second the API stage allows.",
    });
    this.throttleBurstLimit = new TerraformVariable(scopeRoot, "throttle_burst_limit", {
      type: "number",
      default: 100,
      description: "Burst of requests the API stage allows.",
    });
    this.logRetentionDays = new TerraformVariable(scopeRoot, "log_retention_days", {
      type: "number",
      default: 14,
      description: "How long CloudWatch keeps the function's and the API's logs.",
      validation: [
        {
          condition: "${contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.log_retention_days)}",
          errorMessage: "log_retention_days must be a CloudWatch retention value (1–365).",
        },
      ],
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
    this.reportHideThreshold = new TerraformVariable(scopeRoot, "report_hide_threshold", {
      type: "number",
      default: limits.reports.hideThreshold,
      description: "Reports (신고) since the moderator last decided on a post or comment that hide it pending review.",
      validation: [{ condition: "${var.report_hide_threshold >= 1}", errorMessage: "report_hide_threshold must be at least 1." }],
    });
    this.lambdaMemoryMb = new TerraformVariable(scopeRoot, "lambda_memory_mb", {
      type: "number",
      default: 1024,
      description: "Function memory (also scales its CPU).",
    });
    // Ephemeral: Terraform keeps them out of state and plan files; they reach SSM as write-only values.
    this.signingSecret = ephemeral(
      new TerraformVariable(scopeRoot, "signing_secret", {
        type: "string",
        sensitive: true,
        description:
          "32+ random characters that sign page cursors and derive replayed edit tokens; written to SSM, never kept in state. Bump secrets_version when you change it.",
        validation: [{ condition: "${length(var.signing_secret) >= 32}", errorMessage: "signing_secret must be at least 32 characters." }],
      }),
    );
    this.moderatorToken = ephemeral(
      new TerraformVariable(scopeRoot, "moderator_token", {
        type: "string",
        sensitive: true,
        description: "16+ character token that may edit and delete anything; written to SSM, never kept in state. Bump secrets_version when you change it.",
        validation: [{ condition: "${length(var.moderator_token) >= 16}", errorMessage: "moderator_token must be at least 16 characters." }],
      }),
    );
    this.originVerifySecret = new TerraformVariable(scopeRoot, "origin_verify_secret", {
      type: "string",
      sensitive: true,
      description:
        "32+ random visible ASCII characters CloudFront sends to the API in X-Origin-Verify; the function refuses requests without it. CloudFront's configuration holds it, so it is in state (it guards the route, not data).",
      validation: [
        {
          condition: '${length(var.origin_verify_secret) >= 32 && can(regex("^[!-~]+$", var.origin_verify_secret))}',
          errorMessage: "origin_verify_secret must be at least 32 visible ASCII characters.",
        },
      ],
    });
    this.originVerifySecretPrevious = new TerraformVariable(scopeRoot, "origin_verify_secret_previous", {
      type: "string",
      sensitive: true,
      default: "",
      description: "While rotating: the origin secret CloudFront sent until now, still accepted by the function. Empty otherwise.",
    });
    this.secretsVersion = new TerraformVariable(scopeRoot, "secrets_version", {
      type: "number",
      default: 1,
      description: "Bump it to write changed secrets to SSM (write-only values are only sent when it changes); it also restarts the function so it reads them.",
    });
    this.wafEnabled = new TerraformVariable(scopeRoot, "waf_enabled", {
      type: "bool",
      default: true,
      description:
        "Put a WAF web ACL (rate limit per IP, AWS managed rules) on the distribution. It costs about $5/month plus $1 per rule and $0.60 per million requests; false turns it off.",
    });
    this.wafRateLimit = new TerraformVariable(scopeRoot, "waf_rate_limit_per_5_minutes", {
      type: "number",
      default: 1000,
      description: "Requests to /trpc and /api one IP address may make in 5 minutes before WAF blocks it.",
      validation: [
        { condition: "${var.waf_rate_limit_per_5_minutes >= 10}", errorMessage: "waf_rate_limit_per_5_minutes must be at least 10 (WAF's minimum)." },
      ],
    });
    this.reservedConcurrency = new TerraformVariable(scopeRoot, "reserved_concurrency", {
      type: "number",
      default: 25,
      description:
        "Concurrent executions reserved for (and capping) the API function, so a flood cannot take the account's whole concurrency. -1: no reservation (needed on accounts whose quota is still 10).",
      validation: [
        { condition: "${var.reserved_concurrency == -1 || var.reserved_concurrency >= 1}", errorMessage: "reserved_concurrency must be -1 or at least 1." },
      ],
    });
    this.domainName = new TerraformVariable(scopeRoot, "domain_name", {
      type: "string",
      default: "",
      description: "Optional custom domain for the site (e.g. board.example.com); needs certificate_arn.",
    });
    this.certificateArn = new TerraformVariable(scopeRoot, "certificate_arn", {
      type: "string",
      default: "",
      description:
        "ACM certificate (in us-east-1) for domain_name. With it viewers get TLSv1.2_2021 at least; CloudFront's default certificate cannot enforce that.",
      validation: [
        {
          condition: '${var.certificate_arn == "" || can(regex("^arn:aws:acm:us-east-1:", var.certificate_arn))}',
          errorMessage: "certificate_arn must be an ACM certificate in us-east-1.",
        },
      ],
    });
    this.alarmEmail = new TerraformVariable(scopeRoot, "alarm_email", {
      type: "string",
      default: "",
      description: "An email address the alarms notify (AWS asks it to confirm the subscription); empty for none.",
    });
    const threshold = (name: string, value: number, description: string) =>
      new TerraformVariable(scopeRoot, name, { type: "number", default: value, description });
    this.alarmThresholds = {
      api5xxPercent: threshold("alarm_api_5xx_percent", 5, "Alarm when more than this share (%) of API requests in 5 minutes answer 5xx."),
      functionErrors: threshold("alarm_function_errors", 5, "Alarm when the function fails (crash, timeout) this many times in 5 minutes."),
      imageFunctionErrors: threshold("alarm_image_function_errors", 3, "Alarm when the image function fails (crash, timeout) this many times in 5 minutes."),
      functionThrottles: threshold("alarm_function_throttles", 1, "Alarm when Lambda throttles the function this many times in 5 minutes."),
      dynamoThrottles: threshold("alarm_dynamodb_throttles", 10, "Alarm at this many DynamoDB throttle events in 5 minutes."),
      dynamoSystemErrors: threshold("alarm_dynamodb_system_errors", 1, "Alarm at this many DynamoDB server errors in 5 minutes."),
      p99LatencyMs: threshold("alarm_p99_latency_ms", 1000, "Alarm when the API's p99 latency stays above this many ms for 3 minutes."),
      writesRefused: threshold("alarm_writes_refused", 100, "Alarm when the per-client write limit refuses this many writes in 5 minutes (a flood)."),
      reportsFiled: threshold(
        "alarm_reports_filed",
        50,
        "Alarm when readers file this many reports (신고) in 5 minutes (a report flood, or something the moderator must see now).",
      ),
      wafBlocked: threshold("alarm_waf_blocked", 500, "Alarm when WAF blocks this many requests in 5 minutes (only with waf_enabled)."),
      projectorIteratorAgeMs: threshold(
        "alarm_projector_iterator_age_ms",
        60_000,
        "Alarm when the stream projector stays this many milliseconds behind the table for 5 minutes (comment counts lag by as much).",
      ),
      projectorErrors: threshold(
        "alarm_projector_errors",
        5,
        "Alarm when the stream projector fails (crash, timeout, records it reports) this many times in 5 minutes.",
      ),
      streamFailures: threshold("alarm_stream_failures", 1, "Alarm when this many descriptions of given-up stream records wait on the failure queue."),
    };
    this.lambdaRuntimeVersionArn = new TerraformVariable(scopeRoot, "lambda_runtime_version_arn", {
      type: "string",
      default: "",
      description:
        "Only with a trained code cache (FUNCTION_CODE_CACHE at synth): the Lambda runtime version the cache was trained for; the function is pinned to it.",
    });
    this.tracingEnabled = new TerraformVariable(scopeRoot, "tracing_enabled", {
      type: "bool",
      default: false,
      description: "X-Ray active tracing on the function, its DynamoDB calls and the API stage. Off by default: traces cost ($5 per million recorded).",
    });
  }
}
