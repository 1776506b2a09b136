import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tlsOnlySid } from "../../infra/bucket-policy.js";

/**
 * Resource types the rehearsal does not create in the emulator, each with the reason verified
 * here and where it is checked instead. Everything else in the plan is created.
 */
export const notInEmulator: Record<string, string> = {
  aws_cloudfront_function:
    "moto 5.2.1 does not implement CloudFront Functions (CreateFunction answers 404); the function's code runs under cloudfront-js-2.0's rules against CloudFront's viewer-request event for every route in tests/cloudfront-function.test.ts",
  aws_cloudfront_response_headers_policy:
    "moto 5.2.1 does not implement response headers policies (CreateResponseHeadersPolicy answers 404); its values are held to web/security-headers.ts in tests/infra.test.ts",
  aws_lambda_event_source_mapping:
    "moto 5.2.1 keeps a mapping, but then hands every new stream record to its own invocation of the function (Docker, which does not run here) and drops the records from the stream (moto/dynamodb/models/table.py, StreamShard.add), so nothing could read them; the rehearsal runs the mapping as declared with the local event source mapping, reading the stream with the projector's role",
  aws_lambda_runtime_management_config:
    "moto 5.2.1 does not implement PutRuntimeManagementConfig (only stacks shipping a trained code cache have it); the pin and its precondition are checked in tests/infra.test.ts",
  aws_s3_bucket_lifecycle_configuration:
    "moto stores it, but the provider's waiter never sees the rules converge (getmoto/moto#9729: rules with abort_incomplete_multipart_upload) and gives up after 3 minutes; the rehearsal puts the same rules through the S3 API and reads them back",
};

/**
 * Where the emulator differs from AWS in what it reads back after an apply: a second plan shows
 * these attributes as changes although nothing changed. Each was seen and checked here; any other
 * difference is drift, a defect in the stack.
 */
export const emulatorQuirks: Record<string, Record<string, string>> = {
  aws_cloudfront_distribution: {
    origin: "moto does not keep an origin's origin_access_control_id (it reads back empty)",
    default_cache_behavior: "moto reads back legacy forwarded_values defaults for behaviours that use a cache policy (CloudFront returns none)",
    ordered_cache_behavior: "as default_cache_behavior",
    viewer_certificate: 'moto reads back ssl_support_method "sni-only" for the default certificate, which has none',
  },
  aws_lambda_function: { logging_config: "moto does not keep a function's logging_config (JSON log format, log levels)" },
};

/**
 * Bucket policy statements left out of the rehearsal's copy: moto evaluates `aws:SecureTransport`
 * as false on every request — over its TLS endpoint too (checked: with the statement, the provider's
 * own HeadObject on the site bucket is refused; without it, allowed) — so the TLS-only deny would
 * refuse every read. The statement itself is held by the stack's policy rules (tests/infra.test.ts).
 */

/** The AWS services the stack talks to: every one is pointed at the emulator. */
const services = ["apigateway", "cloudfront", "cloudwatch", "dynamodb", "iam", "lambda", "logs", "s3", "sns", "sqs", "ssm", "sts", "wafv2"];

type Json = Record<string, unknown>;

export interface EmulatorStack {
  dir: string;
  /** The resources the synthesized stack declares, by type (before exclusion). */
  declared: Record<string, number>;
  /** What the rehearsal left out, by type. */
  excluded: Record<string, number>;
  /** The lifecycle rules the stack declares, for the check the rehearsal makes instead. */
  lifecycleRules: Json[];
  /** The event source mappings the stack declares, which the rehearsal runs itself. */
  eventSourceMappings: Json[];
  remove(): void;
}

/**
 * A copy of the synthesized stack for the rehearsal only: the excluded types (and the references to
 * them) left out, every AWS endpoint of both providers (the default and the us-east-1 alias) pointed
 * at the emulator, dummy credentials, path-style S3, and state in the copy. Nothing of it reaches
 * `npm run deploy`, which keeps using cdktf.out as synthesized.
 */
export function emulatorStack(stackDir: string, endpoint: string, { revoke = [] }: { revoke?: { role: string; action: string }[] } = {}): EmulatorStack {
  const dir = mkdtempSync(join(tmpdir(), "board-rehearsal-"));
  cpSync(stackDir, dir, { recursive: true, filter: (source) => !/[\\/](\.terraform|terraform\.tfstate[^/]*|[^/]*\.tfplan)$/.test(source) });
  const file = join(dir, "cdk.tf.json");
  const stack = JSON.parse(readFileSync(file, "utf8")) as { resource: Record<string, Record<string, Json>>; provider: { aws: Json[] } };
  const declared = Object.fromEntries(Object.entries(stack.resource).map(([type, byName]) => [type, Object.keys(byName).length]));
  const excluded: Record<string, number> = {};
  const lifecycleRules = Object.values(stack.resource.aws_s3_bucket_lifecycle_configuration ?? {}).flatMap((resource) => resource.rule as Json[]);
  const eventSourceMappings = Object.values(stack.resource.aws_lambda_event_source_mapping ?? {});
  for (const type of Object.keys(notInEmulator)) {
    if (!stack.resource[type]) continue;
    excluded[type] = Object.keys(stack.resource[type]).length;
    delete stack.resource[type];
  }
  // The distribution names the function and the headers policy in its behaviours.
  for (const distribution of Object.values(stack.resource.aws_cloudfront_distribution ?? {})) {
    const blocks = (value: unknown): Json[] => (value === undefined ? [] : Array.isArray(value) ? (value as Json[]) : [value as Json]);
    for (const behaviour of [...blocks(distribution.default_cache_behavior), ...blocks(distribution.ordered_cache_behavior)]) {
      delete behaviour.function_association;
      delete behaviour.response_headers_policy_id;
    }
  }
  // A permission taken away on purpose (`--revoke role:action`), to show the rehearsal refuses where AWS would.
  for (const { role, action } of revoke) {
    const roleId = Object.entries(stack.resource.aws_iam_role ?? {}).find(([, resource]) => resource.name === role)?.[0];
    const policies = Object.values(stack.resource.aws_iam_role_policy ?? {}).filter(
      (policy) => roleId && String(policy.role).includes(`aws_iam_role.${roleId}.`),
    );
    if (policies.length === 0) throw new Error(`no inline policy of a role named ${role}`);
    for (const policy of policies) {
      const document = JSON.parse(policy.policy as string) as { Statement: { Action: string | string[] }[] };
      for (const statement of document.Statement) statement.Action = [statement.Action].flat().filter((granted) => granted !== action);
      document.Statement = document.Statement.filter((statement) => statement.Action.length > 0);
      policy.policy = JSON.stringify(document);
    }
  }
  for (const policy of Object.values(stack.resource.aws_s3_bucket_policy ?? {})) {
    const document = JSON.parse(policy.policy as string) as { Statement: { Sid?: string }[] };
    document.Statement = document.Statement.filter((statement) => statement.Sid !== tlsOnlySid);
    policy.policy = JSON.stringify(document);
  }
  writeFileSync(file, JSON.stringify(stack));
  const endpoints = Object.fromEntries(services.map((service) => [service, endpoint]));
  writeFileSync(
    join(dir, "provider_override.tf.json"),
    JSON.stringify({
      provider: {
        aws: stack.provider.aws.map((provider) => ({
          ...(provider.alias ? { alias: provider.alias } : {}),
          access_key: "rehearsal",
          secret_key: "rehearsal",
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          s3_use_path_style: true,
          endpoints: [endpoints],
        })),
      },
    }),
  );
  writeFileSync(join(dir, "backend_override.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: "terraform.tfstate" } } } }));
  return { dir, declared, excluded, lifecycleRules, eventSourceMappings, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
