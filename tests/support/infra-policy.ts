import type { Json } from "./json.js";

/** Rules every synthesized stack must keep; each violation is one readable line. */

const resourcesOf = (stack: Json, type: string): [string, Json][] => Object.entries(stack.resource?.[type] ?? {});
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function policyStatements(stack: Json): { where: string; statement: Json }[] {
  const documents = [
    ...resourcesOf(stack, "aws_iam_role_policy").map(([name, r]) => [`aws_iam_role_policy.${name}`, r.policy] as const),
    ...resourcesOf(stack, "aws_s3_bucket_policy").map(([name, r]) => [`aws_s3_bucket_policy.${name}`, r.policy] as const),
  ];
  return documents.flatMap(([where, policy]) => asArray(JSON.parse(policy).Statement as Json[]).map((statement) => ({ where, statement })));
}

export function policyViolations(stack: Json): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);

  // Wildcards are only dangerous in what a policy allows; a Deny for everyone is how a policy refuses.
  for (const { where, statement } of policyStatements(stack).filter(({ statement }) => statement.Effect !== "Deny")) {
    for (const action of asArray<string>(statement.Action)) if (action === "*" || action.endsWith(":*")) fail(`${where}: wildcard action ${action}`);
    for (const resource of asArray<string>(statement.Resource)) if (resource === "*") fail(`${where}: wildcard resource`);
    if (statement.Principal === "*" || asArray(statement.Principal?.AWS).includes("*")) fail(`${where}: public principal`);
  }

  const buckets = resourcesOf(stack, "aws_s3_bucket");
  const blocks = resourcesOf(stack, "aws_s3_bucket_public_access_block").map(([, r]) => r);
  for (const [name] of buckets) {
    const ref = `\${aws_s3_bucket.${name}.id}`;
    const block = blocks.find((candidate) => candidate.bucket === ref);
    if (!block || !["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((flag) => block[flag] === true))
      fail(`aws_s3_bucket.${name}: public access not fully blocked`);
    const statements = resourcesOf(stack, "aws_s3_bucket_policy")
      .filter(([, r]) => r.bucket === ref)
      .flatMap(([, r]) => asArray<Json>(JSON.parse(r.policy).Statement));
    const deniesPlainHttp = statements.some((statement) => statement.Effect === "Deny" && statement.Condition?.Bool?.["aws:SecureTransport"] === "false");
    if (!deniesPlainHttp) fail(`aws_s3_bucket.${name}: plain-HTTP requests not denied`);
    for (const statement of statements.filter((candidate) => candidate.Effect !== "Deny")) {
      const viaCloudFront =
        statement.Principal?.Service === "cloudfront.amazonaws.com" &&
        /aws_cloudfront_distribution\.[^.]+\.arn/.test(statement.Condition?.StringEquals?.["AWS:SourceArn"] ?? "");
      if (!viaCloudFront) fail(`aws_s3_bucket.${name}: a reader other than this distribution: ${JSON.stringify(statement.Principal)}`);
    }
  }
  if (resourcesOf(stack, "aws_cloudfront_origin_access_control").length === 0) fail("no CloudFront origin access control");
  for (const [name, distribution] of resourcesOf(stack, "aws_cloudfront_distribution")) {
    for (const origin of asArray<Json>(distribution.origin)) {
      if (/aws_s3_bucket\./.test(origin.domain_name) && !origin.origin_access_control_id) fail(`aws_cloudfront_distribution.${name}: S3 origin without OAC`);
    }
    const behaviours = [distribution.default_cache_behavior, ...asArray<Json>(distribution.ordered_cache_behavior)];
    for (const behaviour of behaviours) if (behaviour.viewer_protocol_policy === "allow-all") fail(`aws_cloudfront_distribution.${name}: plain HTTP allowed`);
  }

  for (const [name, table] of resourcesOf(stack, "aws_dynamodb_table")) {
    if (table.point_in_time_recovery?.enabled !== true) fail(`aws_dynamodb_table.${name}: point-in-time recovery off`);
    if (table.server_side_encryption?.enabled !== true) fail(`aws_dynamodb_table.${name}: encryption not set`);
    if (table.deletion_protection_enabled !== true) fail(`aws_dynamodb_table.${name}: no deletion protection`);
  }
  for (const [name, group] of resourcesOf(stack, "aws_cloudwatch_log_group"))
    if (!group.retention_in_days) fail(`aws_cloudwatch_log_group.${name}: kept forever`);

  const settings = resourcesOf(stack, "aws_api_gateway_method_settings").map(([, r]) => r.settings);
  if (!settings.some((s) => s?.throttling_rate_limit !== undefined && s?.throttling_burst_limit !== undefined)) fail("API stage has no throttling");
  for (const [name, deployment] of resourcesOf(stack, "aws_api_gateway_deployment")) {
    if (!deployment.triggers?.redeployment) fail(`aws_api_gateway_deployment.${name}: no redeploy trigger`);
    if (deployment.lifecycle?.create_before_destroy !== true) fail(`aws_api_gateway_deployment.${name}: not create_before_destroy`);
  }
  for (const [name, parameter] of resourcesOf(stack, "aws_ssm_parameter")) {
    if (parameter.type === "SecureString" && parameter.value !== undefined) fail(`aws_ssm_parameter.${name}: secret value kept in state (use value_wo)`);
  }
  for (const [name, fn] of resourcesOf(stack, "aws_lambda_function")) {
    if (fn.runtime !== "nodejs22.x") fail(`aws_lambda_function.${name}: runtime ${fn.runtime}`);
    for (const key of Object.keys(fn.environment?.variables ?? {}))
      if (/SECRET$|TOKEN$|PASSWORD$/.test(key)) fail(`aws_lambda_function.${name}: secret ${key} in its environment`);
  }
  return problems;
}
