import "./support/cdktf-matchers.js";
import { beforeAll, describe, expect, it } from "vitest";
import { Testing } from "cdktf";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage/index.js";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration/index.js";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter/index.js";
import { BoardStack } from "../infra/board-stack.js";
import { bundleHandler } from "../infra/bundle.js";
import { dynamoItemActions, dynamoQueryActions } from "../infra/function-role.js";
import { createTableInput, tableDefinition } from "../entities/table.js";
import { policyViolations } from "./support/infra-policy.js";
import { hasMirrorFor, terraform, terraformPluginMirror, writeTerraformCliConfig } from "./support/terraform.js";
import { repoRoot } from "./support/processes.js";

const stackName = "serverless-board";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let functionCodeDir: string;

/** Synthesizes the real stack; `webDir` lets tests choose the site content. */
function synthesize(webDir: string) {
  const stack = new BoardStack(Testing.app(), stackName, { webDir, functionCodeDir });
  const synthesized = Testing.synth(stack);
  const outdir = Testing.fullSynth(stack);
  const stackDir = join(outdir, "stacks", stackName);
  const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as Json;
  return { synthesized, json, stackDir };
}

const resources = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
const noWebBuild = mkdtempSync(join(tmpdir(), "board-no-web-"));
let stack: ReturnType<typeof synthesize>;

beforeAll(async () => {
  functionCodeDir = (await bundleHandler(mkdtempSync(join(tmpdir(), "board-function-")))).outdir;
  stack = synthesize(noWebBuild);
});

describe("the synthesized stack", () => {
  it("has the table, function, API, site and secrets as specified", () => {
    const { synthesized } = stack;
    expect(synthesized).toHaveResourceWithProperties(DynamodbTable, {
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
      ttl: { attribute_name: tableDefinition.ttlAttribute, enabled: true },
    });
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, { runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler", timeout: 10 });
    expect(synthesized).toHaveResourceWithProperties(ApiGatewayIntegration, { type: "AWS_PROXY", integration_http_method: "POST" });
    expect(synthesized).toHaveResource(ApiGatewayStage);
    expect(synthesized).toHaveResource(CloudfrontDistribution);
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(synthesized).toHaveResourceWithProperties(SsmParameter, { type: "SecureString" });
  });

  it("keeps every policy rule", () => {
    expect(policyViolations(stack.json)).toEqual([]);
  });

  it("fails the policy rules when the stack regresses", () => {
    const broken = structuredClone(stack.json);
    const [policy] = Object.values(broken.resource.aws_iam_role_policy as Record<string, Json>).filter((p) => p.policy.includes("dynamodb"));
    const document = JSON.parse(policy!.policy);
    document.Statement.push({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" });
    policy!.policy = JSON.stringify(document);
    for (const table of Object.values(broken.resource.aws_dynamodb_table as Record<string, Json>)) table.point_in_time_recovery = { enabled: false };
    for (const group of Object.values(broken.resource.aws_cloudwatch_log_group as Record<string, Json>)) delete group.retention_in_days;
    for (const block of Object.values(broken.resource.aws_s3_bucket_public_access_block as Record<string, Json>)) block.restrict_public_buckets = false;
    for (const fn of Object.values(broken.resource.aws_lambda_function as Record<string, Json>)) fn.runtime = "nodejs18.x";
    for (const deployment of Object.values(broken.resource.aws_api_gateway_deployment as Record<string, Json>)) delete deployment.triggers;
    delete broken.resource.aws_cloudfront_origin_access_control;
    delete broken.resource.aws_api_gateway_method_settings;
    const problems = policyViolations(broken).join("\n");
    for (const expected of ["wildcard action dynamodb:*", "wildcard resource", "point-in-time recovery off", "kept forever", "public access not fully blocked", "runtime nodejs18.x", "no redeploy trigger", "no CloudFront origin access control", "no throttling"]) {
      expect(problems).toContain(expected);
    }
  });

  it("grants exactly the DynamoDB actions the code uses, on the table and its index", () => {
    const statements = resources(stack.json, "aws_iam_role_policy").flatMap((p) => JSON.parse(p.policy).Statement as Json[]);
    const dynamo = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("dynamodb:")));
    expect(dynamo.flatMap((s) => s.Action).sort()).toEqual([...dynamoItemActions, ...dynamoQueryActions].sort());
    expect(dynamo.flatMap((s) => s.Resource).every((r: string) => /aws_dynamodb_table\.[^.]+\.arn/.test(r))).toBe(true);
    expect(dynamo.flatMap((s) => s.Resource)).toContainEqual(expect.stringMatching(/\/index\/gsi1$/));
    expect(JSON.stringify(dynamo)).not.toContain("Scan");
  });

  it("declares the table with exactly the key schema and indexes ElectroDB uses", () => {
    const [table] = resources(stack.json, "aws_dynamodb_table");
    const expected = createTableInput("x");
    expect(table!.hash_key).toBe(tableDefinition.partitionKey);
    expect(table!.range_key).toBe(tableDefinition.sortKey);
    expect(table!.attribute).toEqual(expected.AttributeDefinitions!.map((a) => ({ name: a.AttributeName, type: a.AttributeType })));
    expect(table!.global_secondary_index).toEqual(
      expected.GlobalSecondaryIndexes!.map((gsi) => ({ name: gsi.IndexName, hash_key: gsi.KeySchema![0]!.AttributeName, range_key: gsi.KeySchema![1]!.AttributeName, projection_type: "ALL" })),
    );
  });

  it("routes /trpc/* and /api/* to the API without caching, and keeps secrets out of the function's configuration", () => {
    const [distribution] = resources(stack.json, "aws_cloudfront_distribution");
    const api = distribution!.ordered_cache_behavior as Json[];
    expect(api.map((b) => b.path_pattern)).toEqual(["/trpc/*", "/api/*"]);
    for (const behaviour of api) {
      expect(behaviour.allowed_methods).toEqual(expect.arrayContaining(["GET", "POST", "PATCH", "DELETE", "OPTIONS"]));
      expect(behaviour.cache_policy_id).toBe("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
      expect(behaviour.origin_request_policy_id).toBe("b689b0a8-53d0-40ab-baf2-68738e2966ac");
    }
    expect(distribution!.default_cache_behavior.viewer_protocol_policy).toBe("redirect-to-https");
    const [fn] = resources(stack.json, "aws_lambda_function");
    expect(Object.keys(fn!.environment.variables).sort()).toEqual(["ALLOWED_ORIGINS", "MODERATOR_TOKEN_PARAMETER", "NODE_ENV", "SIGNING_SECRET_PARAMETER", "TABLE_NAME", "TRUSTED_PROXY_HOPS", "WRITE_RATE_LIMIT"]);
    expect(fn!.environment.variables.NODE_ENV).toBe("production");
    for (const parameter of resources(stack.json, "aws_ssm_parameter")) expect(parameter.value).toMatch(/^\$\{var\.(signing_secret|moderator_token)\}$/);
  });

  it("writes no absolute machine paths", () => {
    const text = JSON.stringify(stack.json);
    expect(text).not.toContain(repoRoot);
    expect(text).not.toContain(tmpdir());
    expect(stack.json.terraform.backend.local.path).toBe(`../../../terraform.${stackName}.tfstate`);
  });

  it("uploads the built web files with their content types", () => {
    const webDir = mkdtempSync(join(tmpdir(), "board-web-"));
    mkdirSync(join(webDir, "assets"));
    writeFileSync(join(webDir, "index.html"), "<!doctype html><title>board</title>");
    writeFileSync(join(webDir, "assets", "app-1234.js"), "console.log(1)");
    writeFileSync(join(webDir, "assets", "app-1234.css"), "body{}");
    const objects = resources(synthesize(webDir).json, "aws_s3_object");
    expect(objects.map((o) => [o.key, o.content_type]).sort()).toEqual([
      ["assets/app-1234.css", "text/css; charset=utf-8"],
      ["assets/app-1234.js", "text/javascript; charset=utf-8"],
      ["index.html", "text/html; charset=utf-8"],
    ]);
    expect(objects.find((o) => o.key === "assets/app-1234.js")!.cache_control).toContain("immutable");
    for (const object of objects) expect(object.source).toMatch(/^assets\//);
  });
});

describe("terraform, offline", () => {
  it("inits from the provider mirror, validates, and plans every resource with no AWS call", () => {
    const mirror = terraformPluginMirror();
    expect(hasMirrorFor(mirror) || process.env.TF_PLUGIN_MIRROR === undefined, `TF_PLUGIN_MIRROR=${mirror} has no hashicorp/aws`).toBe(true);
    const cliConfig = writeTerraformCliConfig(mkdtempSync(join(tmpdir(), "board-tfrc-")), mirror);
    const { stackDir, json } = stack;

    // State stays inside this temporary directory.
    writeFileSync(join(stackDir, "backend_override.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: "terraform.tfstate" } } } }));
    terraform(["init", "-input=false"], stackDir, cliConfig);
    expect(terraform(["validate"], stackDir, cliConfig)).toContain("The configuration is valid");

    // Dummy credentials and the skip flags: the plan talks to no AWS endpoint.
    writeFileSync(
      join(stackDir, "provider_override.tf.json"),
      JSON.stringify({ provider: { aws: { access_key: "test", secret_key: "test", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, skip_region_validation: true } } }),
    );
    const plan = terraform(["plan", "-input=false", "-lock=false", "-refresh=false", `-var=signing_secret=${"s".repeat(40)}`, `-var=moderator_token=${"m".repeat(20)}`], stackDir, cliConfig);
    const planned = Number(plan.match(/Plan: (\d+) to add, 0 to change, 0 to destroy/)?.[1]);
    const declared = Object.values(json.resource as Record<string, object>).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    expect(planned).toBe(declared);
    expect(planned).toBe(32);
  });
});
