import type { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { fileURLToPath } from "node:url";
import { BoardVariables } from "./variables.js";
import { configureBackend } from "./backend.js";
import type { BackendSettings } from "./backend.js";
import { BoardTable } from "./table.js";
import { BoardSecrets } from "./secrets.js";
import { RetainedLogGroup } from "./log-group.js";
import { FunctionRole } from "./function-role.js";
import { BoardFunction } from "./function.js";
import { RuntimePin } from "./runtime-pin.js";
import { ApiGatewayLoggingRole } from "./api-logging-role.js";
import { BoardApi } from "./api.js";
import { BoardSite } from "./site.js";
import { SiteContent } from "./site-content.js";
import { EdgeWebAcl } from "./web-acl.js";
import { BoardAlarms } from "./alarms.js";
import type { AlarmThresholds } from "./alarms.js";
import { BoardDashboard } from "./dashboard.js";
import type { MonitoredResources } from "./monitored-resources.js";
import { MediaBucket } from "./media-bucket.js";
import { ImageFunction } from "./image-function.js";
import { ProjectorFunction } from "./projector-function.js";
import { StreamFailureQueue } from "./stream-failure-queue.js";
import type { TerraformVariable } from "cdktf";

/** A variable as a bare Terraform expression, for conditionals built in HCL. */
const expression = (variable: TerraformVariable) => `var.${variable.friendlyUniqueId}`;

export interface BoardStackProps {
  /** The function's bundle directory (tools/bundle.ts builds it, or `npm run build:code-cache`). */
  functionCodeDir: string;
  /** True when that directory is a trained code-cache build: the runtime version is then pinned. */
  codeCache?: boolean;
  /** The image function's bundle directory, with sharp's linux-arm64 build (tools/image-bundle.ts). */
  imageFunctionCodeDir: string;
  /** The stream projector's bundle directory (tools/bundle.ts, bundleProjector). */
  projectorCodeDir: string;
  backend?: BackendSettings;
  /** The built web board; defaults to web/dist. */
  webDir?: string;
}

/** The whole board: table, secrets, function, API and site, wired together. */
export class BoardStack extends TerraformStack {
  readonly provider: AwsProvider;

  constructor(scope: Construct, name: string, props: BoardStackProps) {
    super(scope, name);
    const vars = new BoardVariables(this);
    configureBackend(this, name, props.backend ?? {});
    this.provider = new AwsProvider(this, "aws", { region: vars.region.stringValue, defaultTags: [{ tags: { application: name } }] });
    const usEast1 = new AwsProvider(this, "aws-us-east-1", { alias: "us_east_1", region: "us-east-1", defaultTags: [{ tags: { application: name } }] });

    const table = new BoardTable(this, "table", { name });
    const secrets = new BoardSecrets(this, "secrets", {
      prefix: `/${name}`,
      signingSecret: vars.signingSecret.stringValue,
      moderatorToken: vars.moderatorToken.stringValue,
      originVerifySecrets: `\${join(",", compact([${expression(vars.originVerifySecret)}, ${expression(vars.originVerifySecretPrevious)}]))}`,
      version: vars.secretsVersion.numberValue,
    });
    const media = new MediaBucket(this, "media", { name });
    const functionLogs = new RetainedLogGroup(this, "function-logs", { name: `/aws/lambda/${name}-api`, retentionDays: vars.logRetentionDays.numberValue });
    const tracing = expression(vars.tracingEnabled);
    const role = new FunctionRole(this, "function-role", {
      name: `${name}-api`,
      table,
      logGroup: functionLogs.logGroup,
      secrets: secrets.parameters,
      tracingExpression: tracing,
      mediaBucketArn: media.bucket.arn,
    });
    const fn = new BoardFunction(this, "function", {
      name: `${name}-api`,
      codeDir: props.functionCodeDir,
      role,
      logGroup: functionLogs.logGroup,
      memoryMb: vars.lambdaMemoryMb.numberValue,
      reservedConcurrency: vars.reservedConcurrency.numberValue,
      tracingExpression: tracing,
      environment: {
        TABLE_NAME: table.table.name,
        ALLOWED_ORIGINS: `\${join(",", ${vars.allowedOrigins.fqn})}`,
        WRITE_RATE_LIMIT: vars.writeRateLimit.toString(),
        // CloudFront appends one X-Forwarded-For entry before API Gateway's.
        TRUSTED_PROXY_HOPS: "1",
        SIGNING_SECRET_PARAMETER: secrets.signingSecret.name,
        MODERATOR_TOKEN_PARAMETER: secrets.moderatorToken.name,
        ORIGIN_VERIFY_SECRETS_PARAMETER: secrets.originVerifySecrets.name,
        // Secrets are read at start: a new version restarts every container so they read the new values.
        SECRETS_VERSION: vars.secretsVersion.toString(),
        METRICS_NAMESPACE: name,
        MEDIA_BUCKET: media.bucket.id,
      },
    });

    if (props.codeCache) new RuntimePin(this, "runtime-pin", { fn: fn.lambda, runtimeVersionArn: vars.lambdaRuntimeVersionArn });

    const apiLogging = new ApiGatewayLoggingRole(this, "api-logging", { name: `${name}-api-gateway-logs` });
    const accessLogs = new RetainedLogGroup(this, "api-access-logs", { name: `/aws/apigateway/${name}`, retentionDays: vars.logRetentionDays.numberValue });
    const api = new BoardApi(this, "api", {
      name,
      fn: fn.lambda,
      stageName: vars.stageName.stringValue,
      throttleRateLimit: vars.throttleRateLimit.numberValue,
      throttleBurstLimit: vars.throttleBurstLimit.numberValue,
      accessLogGroup: accessLogs.logGroup,
      allowedOriginsExpression: expression(vars.allowedOrigins),
      tracingExpression: tracing,
    });
    api.stage.node.addDependency(apiLogging.account);

    const waf = new EdgeWebAcl(this, "waf", {
      name: `${name}-edge`,
      usEast1,
      enabledExpression: expression(vars.wafEnabled),
      rateLimitExpression: expression(vars.wafRateLimit),
    });
    const site = new BoardSite(this, "site", {
      name,
      apiDomain: api.originDomain,
      apiStageName: vars.stageName.stringValue,
      originVerifySecret: vars.originVerifySecret.stringValue,
      webAclId: waf.arnOrNull(expression(vars.wafEnabled)),
      customDomain: { domainNameExpression: expression(vars.domainName), certificateArnExpression: expression(vars.certificateArn) },
      mediaBucketDomain: media.bucket.bucketRegionalDomainName,
      // Presigned POSTs name the bucket's regional host (the SDK does so in us-east-1 too); the global one is allowed as well, for clients that use it.
      mediaUploadOrigins: [`https://${media.bucket.bucket}.s3.amazonaws.com`, `https://${media.bucket.bucketRegionalDomainName}`],
    });
    media.allowDistribution(site.distribution.arn);
    const distributionDomain = `${site.distribution.terraformResourceType}.${site.distribution.friendlyUniqueId}.domain_name`;
    const domain = expression(vars.domainName);
    media.allowUploadsFrom(`\${concat([${domain} == "" ? "https://\${${distributionDomain}}" : "https://\${${domain}}"], ${expression(vars.allowedOrigins)})}`);
    const imageLogs = new RetainedLogGroup(this, "image-function-logs", {
      name: `/aws/lambda/${name}-images`,
      retentionDays: vars.logRetentionDays.numberValue,
    });
    const images = new ImageFunction(this, "image-function", {
      name: `${name}-images`,
      codeDir: props.imageFunctionCodeDir,
      bucket: media.bucket,
      table,
      logGroup: imageLogs.logGroup,
    });
    const projectorLogs = new RetainedLogGroup(this, "projector-logs", {
      name: `/aws/lambda/${name}-projector`,
      retentionDays: vars.logRetentionDays.numberValue,
    });
    const streamFailures = new StreamFailureQueue(this, "stream-failures", { name: `${name}-stream-failures` });
    const projector = new ProjectorFunction(this, "projector", {
      name: `${name}-projector`,
      codeDir: props.projectorCodeDir,
      table,
      logGroup: projectorLogs.logGroup,
      failureQueue: streamFailures.queue,
      mediaBucketArn: media.bucket.arn,
      mediaBucket: media.bucket.id,
      metricsNamespace: name,
      reportHideThreshold: vars.reportHideThreshold.stringValue,
    });
    new SiteContent(this, "site-content", {
      bucket: site.bucket.id,
      after: [site.versioning],
      sourceDir: props.webDir ?? fileURLToPath(new URL("../web/dist", import.meta.url)),
    });

    const watched: MonitoredResources = {
      name,
      apiName: name,
      stageName: vars.stageName.stringValue,
      functionName: fn.lambda.functionName,
      imageFunctionName: images.lambda.functionName,
      projectorFunctionName: projector.lambda.functionName,
      streamFailureQueueName: streamFailures.queue.name,
      tableName: table.table.name,
      metricsNamespace: name,
    };
    const thresholds = Object.fromEntries(
      Object.entries(vars.alarmThresholds).map(([key, variable]) => [key, variable.numberValue]),
    ) as unknown as AlarmThresholds;
    const alarms = new BoardAlarms(this, "alarms", {
      ...watched,
      thresholds,
      emailExpression: expression(vars.alarmEmail),
      waf: { usEast1, webAclName: `${name}-edge`, enabledExpression: expression(vars.wafEnabled) },
    });
    new BoardDashboard(this, "dashboard", { ...watched, region: vars.region.stringValue });

    new TerraformOutput(this, "alarm_topic_arn", { value: alarms.topic.arn, description: "SNS topic every alarm notifies (subscribe more endpoints to it)." });
    new TerraformOutput(this, "site_url", { value: site.url(expression(vars.domainName)), description: "The web board (and /trpc, /api on the same origin)." });
    new TerraformOutput(this, "api_url", {
      value: api.stage.invokeUrl,
      description: "The API Gateway stage. It refuses calls that do not come through CloudFront (403).",
    });
    new TerraformOutput(this, "table_name", { value: table.table.name, description: "The DynamoDB table." });
    new TerraformOutput(this, "media_bucket", {
      value: media.bucket.id,
      description: "The images' bucket (uploads/ from browsers, media/ from the image function).",
    });
  }
}
