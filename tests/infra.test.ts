import "./support/cdktf-matchers.js";
import { stackFacts } from "../bench/cost.js";
import type { Json } from "./support/json.js";
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
import { bundleHandler, bundleProjector } from "../tools/bundle.js";
import { testProjector, testProjectorDeps } from "./support/projector.js";
import { bundleImageFunction } from "../tools/image-bundle.js";
import { attachmentSchema } from "../entities/attachment.js";
import { createWriteRateLimiter } from "../api/rate-limit.js";
import { createTestBoard, createTestStore, testModeratorToken } from "./support/store.js";
import { createTableInput, tableDefinition } from "../entities/table.js";
import { policyViolations } from "./support/infra-policy.js";
import { hasMirrorFor, terraform, terraformPluginMirror, writeTerraformCliConfig } from "./support/terraform.js";
import { repoRoot } from "./support/processes.js";
import { siteSecurity } from "../web/security-headers.js";
import { deploy, destroy, parseArguments } from "../tools/stack.js";

const stackName = "serverless-board";

let functionCodeDir: string;
let imageFunctionCodeDir: string;
let projectorCodeDir: string;

/** Synthesizes the real stack; `webDir` lets tests choose the site content. */
function synthesize(webDir: string, { codeCache = false } = {}) {
  const stack = new BoardStack(Testing.app(), stackName, { webDir, functionCodeDir, codeCache, imageFunctionCodeDir, projectorCodeDir });
  const synthesized = Testing.synth(stack);
  const outdir = Testing.fullSynth(stack);
  const stackDir = join(outdir, "stacks", stackName);
  const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as Json;
  return { synthesized, json, stackDir };
}

/**
 * Every DynamoDB request the code can make, recorded by the test store while every operation (and
 * the write limiter) runs once, as IAM actions: a transaction needs the action of each item in it.
 */
async function actionsTheCodeSends(): Promise<string[]> {
  const store = await createTestStore();
  const board = createTestBoard(store);
  const key = (n: number) => `infra-iam-key-${String(n).padStart(12, "0")}`;
  const { post, editToken } = await board.posts.create({ board: "iam", title: "t", body: "b", author: "a" });
  await board.posts.create({ board: "iam", title: "t", body: "b", author: "a" }, { idempotencyKey: key(1) });
  await board.posts.create({ board: "iam", title: "t", body: "b", author: "a" }, { idempotencyKey: key(1) });
  await board.comments.create({ postId: post.postId, body: "c", author: "a" });
  const { comment, editToken: commentToken } = await board.comments.create({ postId: post.postId, body: "c", author: "a" }, { idempotencyKey: key(2) });
  await board.posts.list({ board: "iam", limit: 1 });
  const moderator = { token: testModeratorToken };
  const opened = await board.boards.create({ board: "iam", name: "IAM", description: "" }, moderator);
  await board.boards.update({ board: "iam", name: "I", expectedVersion: opened.version }, moderator);
  await board.boards.list();
  await board.boards.page({ board: "iam", page: 1 });
  await board.boards.pin({ postId: post.postId, pinned: true }, moderator);
  await board.boards.pin({ postId: post.postId, pinned: false }, moderator);
  await board.posts.viewed({ postId: post.postId }, "203.0.113.1");
  await board.posts.vote({ postId: post.postId, vote: "up" }, "203.0.113.1");
  await board.posts.vote({ postId: post.postId, vote: "none" }, "203.0.113.1");
  await board.posts.thread({ postId: post.postId, limit: 1 });
  await board.comments.list({ postId: post.postId, limit: 1 });
  await board.posts.update({ postId: post.postId, title: "u", expectedVersion: 1 }, { token: editToken });
  await board.comments.update({ postId: post.postId, commentId: comment.commentId, body: "u", expectedVersion: 1 }, { token: commentToken });
  await board.comments.delete({ postId: post.postId, commentId: comment.commentId }, { token: commentToken });
  await board.posts.delete({ postId: post.postId }, { token: editToken });
  await createWriteRateLimiter({ client: store.client, table: store.table, writesPerMinute: 5 }).take("203.0.113.1");
  const itemActions: Record<string, string> = { Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem", ConditionCheck: "ConditionCheckItem" };
  const sent = [...store.commands.filter((command) => command !== "TransactWriteItems"), ...store.transactionItems.map((item) => itemActions[item] ?? item)];
  return [...new Set(sent)].map((action) => `dynamodb:${action}`).sort();
}

/**
 * Every DynamoDB request the stream projector can make, recorded the same way: recounting a post
 * after comments come and go, removing an orphan comment with an image, numbering posts and
 * counting them out, keeping a notice.
 */
async function actionsTheProjectorSends(): Promise<string[]> {
  const store = await createTestStore();
  const board = createTestBoard(store);
  const { post } = await board.posts.create({ board: "iam", title: "t", body: "b", author: "a" });
  const { comment, editToken } = await board.comments.create({ postId: post.postId, body: "c", author: "a" });
  await board.comments.delete({ postId: post.postId, commentId: comment.commentId }, { token: editToken });
  const notice = await board.posts.create({ board: "iam", title: "t", body: "b", author: "a" });
  await board.posts.viewed({ postId: notice.post.postId }, "203.0.113.1");
  await board.posts.vote({ postId: notice.post.postId, vote: "up" }, "203.0.113.1");
  await board.boards.pin({ postId: notice.post.postId, pinned: true }, { token: testModeratorToken });
  await board.posts.delete({ postId: notice.post.postId }, { token: testModeratorToken });
  const deps = testProjectorDeps(store);
  const orphan = await board.posts.create({ board: "iam", title: "t", body: "b", author: "a" });
  await deps.post.patch({ postId: orphan.post.postId }).set({ deletedAt: new Date().toISOString() }).go();
  const image = { attachmentId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", alt: "a", url: "/m", thumbUrl: "/t", width: 1, height: 1, thumbWidth: 1, thumbHeight: 1 };
  await deps.comment
    .create({
      postId: orphan.post.postId,
      commentId: "01ARZ3NDEKTSV4RRFFQ69G5FAW",
      body: "c",
      author: "a",
      createdAt: "x",
      updatedAt: "x",
      version: 1,
      editTokenHash: "h",
      attachments: [image],
    })
    .go();
  store.commands.length = 0;
  const poller = testProjector(store, { deps: { ...deps, media: { deleteMedia: async () => {} } } });
  await poller.drain();
  expect(poller.failures).toEqual([]);
  expect((await store.dump()).filter((item) => item.pk?.S === `post#${orphan.post.postId}` && item.sk?.S !== "thread")).toEqual([]);
  // DescribeTable is the local event source mapping finding the stream (Lambda's service does that, not the function).
  const itemActions: Record<string, string> = { Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem", ConditionCheck: "ConditionCheckItem" };
  const sent = [
    ...store.commands.filter((command) => command !== "DescribeTable" && command !== "TransactWriteItems"),
    ...store.transactionItems.map((item) => itemActions[item] ?? item),
  ];
  return [...new Set(sent)].map((action) => `dynamodb:${action}`).sort();
}

const resources = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
const noWebBuild = mkdtempSync(join(tmpdir(), "board-no-web-"));
let stack: ReturnType<typeof synthesize>;

beforeAll(async () => {
  functionCodeDir = (await bundleHandler(mkdtempSync(join(tmpdir(), "board-function-")))).outdir;
  // The image function's code without sharp's arm64 binaries (a deploy fetches them; synth needs only the folder).
  imageFunctionCodeDir = (await bundleImageFunction(mkdtempSync(join(tmpdir(), "board-images-")), { withLambdaSharp: false })).outdir;
  projectorCodeDir = (await bundleProjector(mkdtempSync(join(tmpdir(), "board-projector-")))).outdir;
  stack = synthesize(noWebBuild);
});

describe("the synthesized stack", () => {
  it("has what the bench's cost table prices by the month (bench/cost.ts stackFacts)", () => {
    const json = stack.json;
    const variables = json.variable as Json;
    const [acl] = resources(json, "aws_wafv2_web_acl");
    const functions = resources(json, "aws_lambda_function");
    const memoryOf = (suffix: string) => functions.find((fn) => String(fn.function_name).endsWith(suffix))!.memory_size;
    expect({
      webAcls: resources(json, "aws_wafv2_web_acl").length,
      webAclRules: (JSON.parse(String(acl!.rule_json).replace(/\$\{[^}]+\}/g, "0")) as unknown[]).length,
      alarms: resources(json, "aws_cloudwatch_metric_alarm").length,
      dashboards: resources(json, "aws_cloudwatch_dashboard").length,
      apiMemoryMb: (variables.lambda_memory_mb as Json).default,
      projectorMemoryMb: memoryOf("-projector"),
      logRetentionDays: (variables.log_retention_days as Json).default,
      pointInTimeRecovery: (resources(json, "aws_dynamodb_table")[0]!.point_in_time_recovery as Json).enabled,
    }).toEqual(stackFacts);
  });

  it("has the table, function, API, site and secrets as specified", () => {
    const { synthesized } = stack;
    expect(synthesized).toHaveResourceWithProperties(DynamodbTable, {
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
      ttl: { attribute_name: tableDefinition.ttlAttribute, enabled: true },
    });
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, {
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      timeout: 10,
    });
    expect(synthesized).toHaveResourceWithProperties(ApiGatewayIntegration, { type: "AWS_PROXY", integration_http_method: "POST" });
    expect(synthesized).toHaveResource(ApiGatewayStage);
    expect(synthesized).toHaveResource(CloudfrontDistribution);
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
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
    for (const bucketPolicy of Object.values(broken.resource.aws_s3_bucket_policy as Record<string, Json>)) {
      const document = JSON.parse(bucketPolicy.policy);
      document.Statement = document.Statement.filter((statement: Json) => statement.Effect !== "Deny");
      bucketPolicy.policy = JSON.stringify(document);
    }
    for (const parameter of Object.values(broken.resource.aws_ssm_parameter as Record<string, Json>)) parameter.value = "in-state";
    for (const fn of Object.values(broken.resource.aws_lambda_function as Record<string, Json>)) fn.runtime = "nodejs18.x";
    for (const deployment of Object.values(broken.resource.aws_api_gateway_deployment as Record<string, Json>)) delete deployment.triggers;
    delete broken.resource.aws_cloudfront_origin_access_control;
    delete broken.resource.aws_api_gateway_method_settings;
    const problems = policyViolations(broken).join("\n");
    for (const expected of [
      "wildcard action dynamodb:*",
      "wildcard resource",
      "point-in-time recovery off",
      "kept forever",
      "public access not fully blocked",
      "runtime nodejs18.x",
      "no redeploy trigger",
      "no CloudFront origin access control",
      "no throttling",
      "plain-HTTP requests not denied",
      "secret value kept in state",
    ]) {
      expect(problems).toContain(expected);
    }
  });

  it("grants exactly the DynamoDB actions the code sends (as recorded by the store), on the table and its index", async () => {
    // The API function's policy (the image function's has its own test).
    const statements = resources(stack.json, "aws_iam_role_policy")
      .filter((p) => p.name === "least-privilege")
      .flatMap((p) => JSON.parse(p.policy).Statement as Json[]);
    const dynamo = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("dynamodb:")));
    expect(dynamo.flatMap((s) => s.Action).sort()).toEqual(await actionsTheCodeSends());
    expect(dynamo.flatMap((s) => s.Resource).every((r: string) => /aws_dynamodb_table\.[^.]+\.arn/.test(r))).toBe(true);
    expect(dynamo.flatMap((s) => s.Resource)).toContainEqual(expect.stringMatching(/\/index\/gsi1$/));
    expect(JSON.stringify(dynamo)).not.toContain("Scan");
  });

  it("uploads the site's files only once the bucket is versioned, so a destroy removes every version (found by the deploy rehearsal: files uploaded before versioning stayed and the bucket could not be deleted)", () => {
    const objects = resources(stack.json, "aws_s3_object");
    expect(objects.length).toBeGreaterThan(0);
    const [versioningName] = Object.keys((stack.json.resource as Json).aws_s3_bucket_versioning);
    for (const object of objects) expect(object.depends_on).toContain(`aws_s3_bucket_versioning.${versioningName}`);
  });

  it("keeps images in a private bucket: uploads only by presigned POST from the site, read only by CloudFront, abandoned ones expire", () => {
    const [block] = resources(stack.json, "aws_s3_bucket_public_access_block").filter((b) => String(b.bucket).includes("media"));
    expect(block).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(resources(stack.json, "aws_s3_bucket_server_side_encryption_configuration").filter((c) => String(c.bucket).includes("media"))).toHaveLength(1);
    const [lifecycle] = resources(stack.json, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle!.rule).toEqual([
      expect.objectContaining({ id: "abandoned-uploads", filter: [{ prefix: "uploads/" }], expiration: [{ days: 1 }] }),
      expect.objectContaining({ id: "unattached-media", filter: [{ and: [{ prefix: "media/", tags: { state: "unattached" } }] }], expiration: [{ days: 1 }] }),
    ]);
    const [cors] = resources(stack.json, "aws_s3_bucket_cors_configuration");
    expect(cors!.cors_rule).toEqual([
      expect.objectContaining({
        allowed_methods: ["POST"],
        allowed_origins: expect.stringMatching(/concat\(\[var\.domain_name == "" \? "https:\/\/\$\{aws_cloudfront_distribution\.[^}]+\.domain_name\}"/),
      }),
    ]);
    const policy = JSON.parse(resources(stack.json, "aws_s3_bucket_policy").find((p) => String(p.bucket).includes("media"))!.policy as string) as {
      Statement: Json[];
    };
    expect(policy.Statement.map((statement) => statement.Sid)).toEqual(["OnlyTls", "CloudFrontReadsMedia"]);
    expect(policy.Statement[1]).toMatchObject({
      Action: "s3:GetObject",
      Resource: expect.stringMatching(/\/media\/\*$/),
      Condition: { StringEquals: { "AWS:SourceArn": expect.stringContaining("aws_cloudfront_distribution") } },
    });
    const [notification] = resources(stack.json, "aws_s3_bucket_notification");
    expect(notification!.lambda_function).toEqual([
      expect.objectContaining({
        events: ["s3:ObjectCreated:*"],
        filter_prefix: "uploads/",
        lambda_function_arn: expect.stringContaining("aws_lambda_function.image-function"),
      }),
    ]);
    // The site's pages may send uploads to the bucket, and nowhere else.
    const [headers] = resources(stack.json, "aws_cloudfront_response_headers_policy");
    // Every other header as web/security-headers.ts defines it (the deploy rehearsal's emulator has no such policy).
    expect(headers!.security_headers_config).toMatchObject({
      strict_transport_security: { access_control_max_age_sec: siteSecurity.hstsMaxAgeSeconds, include_subdomains: true, preload: true, override: true },
      content_type_options: { override: true },
      frame_options: { frame_option: siteSecurity.frameOptions, override: true },
      referrer_policy: { referrer_policy: siteSecurity.referrerPolicy, override: true },
    });
    expect(headers!.security_headers_config.content_security_policy.content_security_policy).toMatch(
      /connect-src 'self' https:\/\/\$\{aws_s3_bucket\.media[^}]*\.bucket\}\.s3\.amazonaws\.com https:\/\/\$\{aws_s3_bucket\.media[^}]*\.bucket_regional_domain_name\};/,
    );
  });

  it("lets the image function read and delete uploads, write media and record outcomes, and the API presign uploads, tag and delete media: nothing more", () => {
    const policies = resources(stack.json, "aws_iam_role_policy");
    const image = JSON.parse(policies.find((p) => p.name === "image-function")!.policy as string) as { Statement: Json[] };
    const summary = (statements: Json[]) =>
      statements
        .filter((s) => s.Sid !== "Logs")
        .map(
          (s) =>
            `${s.Sid}: ${[s.Action].flat().join(",")} on ${[s.Resource]
              .flat()
              .map((r: string) => r.replace(/\$\{[^}]+\}/, "<arn>"))
              .join(",")}`,
        );
    expect(summary(image.Statement)).toEqual([
      "ReadAndDeleteUploads: s3:GetObject,s3:DeleteObject on <arn>/uploads/*",
      "WriteMedia: s3:PutObject,s3:PutObjectTagging on <arn>/media/*",
      "RecordOutcomes: dynamodb:GetItem,dynamodb:UpdateItem on <arn>",
    ]);
    // …and of the table, only the attachment items (the key template in entities/attachment.ts).
    expect(image.Statement.find((s) => s.Sid === "RecordOutcomes")!.Condition).toEqual({
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["attachment#*"] },
    });
    expect(attachmentSchema.indexes.byId.pk.template.startsWith("attachment#")).toBe(true);
    const api = JSON.parse(policies.find((p) => p.name === "least-privilege")!.policy as string) as { Statement: Json[] };
    expect(summary(api.Statement.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("s3:"))))).toEqual([
      "PresignUploads: s3:PutObject on <arn>/uploads/*",
      "AttachAndDeleteMedia: s3:PutObjectTagging,s3:DeleteObject on <arn>/media/*",
    ]);
    const [fn] = resources(stack.json, "aws_lambda_function").filter((f) => String(f.function_name).endsWith("-images"));
    expect(fn).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler", memory_size: 1536, timeout: 30 });
    expect(fn!.logging_config).toMatchObject({ log_group: expect.stringContaining("image-function-logs") });
  });

  it("gives the stream projector exactly the four stream actions on the stream, the table actions it sends, its failure queue and orphans' images: nothing more", async () => {
    const policy = JSON.parse(resources(stack.json, "aws_iam_role_policy").find((p) => p.name === "stream-projector")!.policy as string) as {
      Statement: Json[];
    };
    const bySid = Object.fromEntries(policy.Statement.map((statement) => [statement.Sid, statement]));
    expect(Object.keys(bySid)).toEqual(["Logs", "ReadStream", "ProjectIntoTable", "DescribeFailures", "DeleteOrphansImages"]);
    expect(bySid.ReadStream).toEqual({
      Sid: "ReadStream",
      Effect: "Allow",
      Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
      Resource: [expect.stringMatching(/^\$\{aws_dynamodb_table\.[^.]+\.stream_arn\}$/)],
    });
    expect([...bySid.ProjectIntoTable.Action].sort()).toEqual(await actionsTheProjectorSends());
    expect(bySid.ProjectIntoTable.Resource).toEqual([expect.stringMatching(/^\$\{aws_dynamodb_table\.[^.]+\.arn\}$/)]);
    expect(bySid.DescribeFailures).toMatchObject({ Action: ["sqs:SendMessage"], Resource: [expect.stringContaining("aws_sqs_queue.")] });
    expect(bySid.DeleteOrphansImages).toMatchObject({ Action: ["s3:DeleteObject"], Resource: [expect.stringMatching(/\/media\/\*$/)] });

    const [table] = resources(stack.json, "aws_dynamodb_table");
    expect(table).toMatchObject({ stream_enabled: true, stream_view_type: "NEW_AND_OLD_IMAGES" });
    const [mapping] = resources(stack.json, "aws_lambda_event_source_mapping");
    expect(mapping).toMatchObject({
      event_source_arn: expect.stringContaining(".stream_arn}"),
      function_name: expect.stringContaining("aws_lambda_function.projector"),
      starting_position: "TRIM_HORIZON",
      batch_size: 100,
      maximum_batching_window_in_seconds: 1,
      function_response_types: ["ReportBatchItemFailures"],
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 5,
      maximum_record_age_in_seconds: 21600,
      destination_config: { on_failure: { destination_arn: expect.stringContaining("aws_sqs_queue.") } },
    });
    const [queue] = resources(stack.json, "aws_sqs_queue");
    expect(queue).toMatchObject({ sqs_managed_sse_enabled: true });
    const [fn] = resources(stack.json, "aws_lambda_function").filter((f) => String(f.function_name).endsWith("-projector"));
    expect(fn).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler", timeout: 60 });
    const alarms = resources(stack.json, "aws_cloudwatch_metric_alarm").map((alarm) => String(alarm.alarm_name));
    for (const name of ["projector-iterator-age", "projector-errors", "stream-failures"]) expect(alarms).toContain(`${stackName}-${name}`);
  });

  it("declares the table with exactly the key schema and indexes ElectroDB uses", () => {
    const [table] = resources(stack.json, "aws_dynamodb_table");
    const expected = createTableInput("x");
    expect(table!.hash_key).toBe(tableDefinition.partitionKey);
    expect(table!.range_key).toBe(tableDefinition.sortKey);
    expect(table!.attribute).toEqual(expected.AttributeDefinitions!.map((a) => ({ name: a.AttributeName, type: a.AttributeType })));
    expect(table!.global_secondary_index).toEqual(
      expected.GlobalSecondaryIndexes!.map((gsi) => ({
        name: gsi.IndexName,
        hash_key: gsi.KeySchema![0]!.AttributeName,
        range_key: gsi.KeySchema![1]!.AttributeName,
        projection_type: "ALL",
      })),
    );
  });

  it("routes /trpc/* and /api/* to the API without caching (but the API reference's files, from the bucket), and keeps secrets out of the function's configuration", () => {
    const [distribution] = resources(stack.json, "aws_cloudfront_distribution");
    const [docs, media, ...api] = distribution!.ordered_cache_behavior as Json[];
    // First match wins: /api/docs/* must come before /api/*.
    expect([docs!.path_pattern, media!.path_pattern, ...api.map((b) => b.path_pattern)]).toEqual(["/api/docs/*", "/media/*", "/trpc/*", "/api/*"]);
    expect(media).toMatchObject({ target_origin_id: "media", allowed_methods: ["GET", "HEAD"], cache_policy_id: "658327ea-f89d-4fab-a63d-7e88639e58f6" });
    expect(docs).toMatchObject({ target_origin_id: distribution!.default_cache_behavior.target_origin_id, allowed_methods: ["GET", "HEAD"] });
    for (const behaviour of api) {
      expect(behaviour.allowed_methods).toEqual(expect.arrayContaining(["GET", "POST", "PATCH", "DELETE", "OPTIONS"]));
      expect(behaviour.cache_policy_id).toBe("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
      expect(behaviour.origin_request_policy_id).toBe("b689b0a8-53d0-40ab-baf2-68738e2966ac");
    }
    expect(distribution!.default_cache_behavior.viewer_protocol_policy).toBe("redirect-to-https");
    const [fn] = resources(stack.json, "aws_lambda_function");
    expect(Object.keys(fn!.environment.variables).sort()).toEqual([
      "ALLOWED_ORIGINS",
      "MEDIA_BUCKET",
      "METRICS_NAMESPACE",
      "MODERATOR_TOKEN_PARAMETER",
      "NODE_ENV",
      "ORIGIN_VERIFY_SECRETS_PARAMETER",
      "SECRETS_VERSION",
      "SIGNING_SECRET_PARAMETER",
      "TABLE_NAME",
      "TRACING_ENABLED",
      "TRUSTED_PROXY_HOPS",
      "WRITE_RATE_LIMIT",
    ]);
    expect(fn!.environment.variables.NODE_ENV).toBe("production");
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

describe("edge hardening", () => {
  const variables = () => stack.json.variable as Json;

  it("puts a WAF web ACL (CloudFront scope, us-east-1) with a per-IP API rate rule and AWS's managed rules on the distribution, behind a variable", () => {
    const [acl] = resources(stack.json, "aws_wafv2_web_acl");
    expect(acl).toMatchObject({ scope: "CLOUDFRONT", default_action: { allow: {} }, count: "${var.waf_enabled ? 1 : 0}" });
    const providers = stack.json.provider.aws as Json[];
    const usEast1 = providers.find((provider) => provider.alias && provider.region === "us-east-1");
    expect(usEast1).toBeDefined();
    expect(acl!.provider).toBe(`aws.${usEast1!.alias}`);
    // The limit is a number interpolated by Terraform: substitute one to read the rules.
    expect(acl!.rule_json).toContain('"Limit":${var.waf_rate_limit_per_5_minutes}');
    const rules = JSON.parse(acl!.rule_json.replace("${var.waf_rate_limit_per_5_minutes}", "1000")) as Json[];
    const rate = rules.find((rule) => rule.Statement.RateBasedStatement);
    expect(rate!.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: "IP", Limit: 1000 });
    const scoped = JSON.stringify(rate!.Statement.RateBasedStatement.ScopeDownStatement);
    expect(scoped).toContain('"/trpc"');
    expect(scoped).toContain('"/api"');
    expect(
      rules
        .map((rule) => rule.Statement.ManagedRuleGroupStatement?.Name)
        .filter(Boolean)
        .sort(),
    ).toEqual(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]);
    const [distribution] = resources(stack.json, "aws_cloudfront_distribution");
    expect(distribution!.web_acl_id).toMatch(/^\$\{var\.waf_enabled \? aws_wafv2_web_acl\.[\w-]+\[0\]\.arn : null\}$/);
    expect(variables().waf_enabled).toMatchObject({ type: "bool", default: true });
  });

  it("reserves the function's concurrency (variable)", () => {
    const [fn] = resources(stack.json, "aws_lambda_function");
    expect(fn!.reserved_concurrent_executions).toBe("${var.reserved_concurrency}");
    expect(variables().reserved_concurrency).toMatchObject({ type: "number" });
  });

  it("sends CORS headers for the allowed origins on API Gateway's own 4xx/5xx, and Retry-After when it throttles", () => {
    const responses = resources(stack.json, "aws_api_gateway_gateway_response");
    expect(responses.map((r) => r.response_type).sort()).toEqual(["DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED"]);
    for (const response of responses) {
      expect(response.response_parameters).toContain("gatewayresponse.header.Access-Control-Allow-Origin");
      expect(response.response_parameters).toContain("var.allowed_origins");
    }
    expect(responses.find((r) => r.response_type === "THROTTLED")!.response_parameters).toContain("gatewayresponse.header.Retry-After");
    const [deployment] = resources(stack.json, "aws_api_gateway_deployment");
    expect(deployment!.triggers.redeployment).toContain("aws_api_gateway_gateway_response");
  });

  it("logs API Gateway execution errors only, with no data trace", () => {
    const [settings] = resources(stack.json, "aws_api_gateway_method_settings");
    expect(settings!.settings).toMatchObject({ logging_level: "ERROR", data_trace_enabled: false });
  });

  it("refuses plain-HTTP access to the site bucket", () => {
    const [policy] = resources(stack.json, "aws_s3_bucket_policy");
    const statements = JSON.parse(policy!.policy).Statement as Json[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  it("keeps secrets out of Terraform state: write-only SSM values from ephemeral variables", () => {
    const parameters = resources(stack.json, "aws_ssm_parameter");
    expect(parameters).toHaveLength(3);
    for (const parameter of parameters) {
      expect(parameter.value).toBeUndefined();
      expect(parameter.value_wo).toMatch(/var\.(signing_secret|moderator_token|origin_verify_secret)/);
      expect(parameter.value_wo_version).toBe("${var.secrets_version}");
    }
    expect(variables().signing_secret).toMatchObject({ sensitive: true, ephemeral: true });
    expect(variables().moderator_token).toMatchObject({ sensitive: true, ephemeral: true });
  });

  it("makes CloudFront the only way in: a secret origin header the function checks (current and previous accepted)", () => {
    const [distribution] = resources(stack.json, "aws_cloudfront_distribution");
    const apiOrigin = (distribution!.origin as Json[]).find((origin) => origin.custom_origin_config);
    expect(apiOrigin!.custom_header).toEqual([{ name: "X-Origin-Verify", value: "${var.origin_verify_secret}" }]);
    const [fn] = resources(stack.json, "aws_lambda_function");
    expect(fn!.environment.variables.ORIGIN_VERIFY_SECRETS_PARAMETER).toMatch(/aws_ssm_parameter\./);
    expect(fn!.environment.variables.SECRETS_VERSION).toBe("${var.secrets_version}");
    const origin = resources(stack.json, "aws_ssm_parameter").find((parameter) => parameter.name.endsWith("/origin-verify-secrets"));
    expect(origin!.value_wo).toContain("var.origin_verify_secret_previous");
    expect(variables().origin_verify_secret).toMatchObject({ sensitive: true });
  });

  it("serves a custom domain with TLSv1.2_2021 when given a certificate, else CloudFront's default certificate", () => {
    const [distribution] = resources(stack.json, "aws_cloudfront_distribution");
    expect(distribution!.viewer_certificate).toMatchObject({
      acm_certificate_arn: '${var.certificate_arn == "" ? null : var.certificate_arn}',
      cloudfront_default_certificate: '${var.certificate_arn == ""}',
      minimum_protocol_version: "TLSv1.2_2021",
      ssl_support_method: '${var.certificate_arn == "" ? null : "sni-only"}',
    });
    expect(distribution!.aliases).toBe('${var.domain_name == "" ? [] : [var.domain_name]}');
    expect(variables().domain_name).toMatchObject({ default: "" });
    expect(variables().certificate_arn).toMatchObject({ default: "" });
  });
});

describe("operations", () => {
  it("alarms on failing, slow, saturated and attacked, each with a variable threshold, all notifying the SNS topic", () => {
    const alarms = resources(stack.json, "aws_cloudwatch_metric_alarm");
    const byName = Object.fromEntries(alarms.map((alarm) => [String(alarm.alarm_name).replace(`${stackName}-`, ""), alarm]));
    expect(Object.keys(byName).sort()).toEqual([
      "api-5xx-rate",
      "dynamodb-system-errors",
      "dynamodb-throttles",
      "function-errors",
      "function-throttles",
      "image-function-errors",
      "p99-latency",
      "projector-errors",
      "projector-iterator-age",
      "reports-filed",
      "stream-failures",
      "waf-blocked",
      "writes-refused",
    ]);
    for (const [name, alarm] of Object.entries(byName)) {
      expect(alarm.threshold, name).toMatch(/^\$\{var\.alarm_/);
      expect(alarm.alarm_actions, name).toHaveLength(1);
      expect(alarm.alarm_actions[0], name).toMatch(/aws_sns_topic\./);
      expect(["missing", "notBreaching"], name).toContain(alarm.treat_missing_data);
    }
    expect(byName["api-5xx-rate"]!.treat_missing_data).toBe("missing");
    expect(byName["p99-latency"]!.extended_statistic).toBe("p99");
    expect(byName["writes-refused"]).toMatchObject({ namespace: stackName, metric_name: "WritesRefused" });
    // A report flood: the API function's ReportsFiled (one per counted 신고) summed over 5 minutes.
    expect(byName["reports-filed"]).toMatchObject({
      namespace: stackName,
      metric_name: "ReportsFiled",
      statistic: "Sum",
      period: 300,
      threshold: "${var.alarm_reports_filed}",
    });
    const projector = resources(stack.json, "aws_lambda_function").find((fn) => String(fn.function_name).endsWith("-projector"));
    expect(projector?.environment.variables.REPORT_HIDE_THRESHOLD).toBe("${var.report_hide_threshold}");
    expect(byName["waf-blocked"]).toMatchObject({ namespace: "AWS/WAFV2", count: "${var.waf_enabled ? 1 : 0}" });
    const subscriptions = resources(stack.json, "aws_sns_topic_subscription");
    expect(subscriptions.map((subscription) => subscription.count)).toContainEqual('${true && var.alarm_email != "" ? 1 : 0}');
  });

  it("has one dashboard with traffic, errors, latency p50/p99, saturation and board activity", () => {
    const [dashboard] = resources(stack.json, "aws_cloudwatch_dashboard");
    const body = JSON.parse(dashboard!.dashboard_body) as { widgets: { properties: { title: string; metrics: unknown[] } }[] };
    expect(body.widgets.map((widget) => widget.properties.title)).toEqual(
      expect.arrayContaining([
        "Traffic: requests",
        "Errors",
        "Latency (ms)",
        "Saturation",
        "Board activity",
        "Images: the image function",
        "Stream projector: counts and clean-up",
      ]),
    );
    expect(JSON.stringify(body)).toContain('"stat":"p50"');
    expect(JSON.stringify(body)).toContain('"stat":"p99"');
  });

  it("traces with X-Ray only when tracing_enabled (default off)", () => {
    const [fn] = resources(stack.json, "aws_lambda_function");
    expect(fn!.tracing_config).toEqual({ mode: '${var.tracing_enabled ? "Active" : "PassThrough"}' });
    expect(fn!.environment.variables.TRACING_ENABLED).toBe("${var.tracing_enabled}");
    const [stage] = resources(stack.json, "aws_api_gateway_stage");
    expect(stage!.xray_tracing_enabled).toBe("${var.tracing_enabled}");
    const xray = resources(stack.json, "aws_iam_role_policy_attachment").find((attachment) =>
      String(attachment.policy_arn).includes("AWSXRayDaemonWriteAccess"),
    );
    expect(xray!.count).toBe("${var.tracing_enabled ? 1 : 0}");
    expect((stack.json.variable as Json).tracing_enabled).toMatchObject({ type: "bool", default: false });
  });
});

/** Terraform initialised offline in a synthesized stack's folder, and a plan that talks to no AWS endpoint. */
function offlineTerraform({ stackDir, json }: ReturnType<typeof synthesize>) {
  const mirror = terraformPluginMirror();
  expect(hasMirrorFor(mirror) || process.env.TF_PLUGIN_MIRROR === undefined, `TF_PLUGIN_MIRROR=${mirror} has no hashicorp/aws`).toBe(true);
  const cliConfig = writeTerraformCliConfig(mkdtempSync(join(tmpdir(), "board-tfrc-")), mirror);
  // State stays inside this temporary directory.
  writeFileSync(join(stackDir, "backend_override.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: "terraform.tfstate" } } } }));
  terraform(["init", "-input=false"], stackDir, cliConfig);
  // Dummy credentials and the skip flags: the plan talks to no AWS endpoint.
  writeFileSync(
    join(stackDir, "provider_override.tf.json"),
    JSON.stringify({
      provider: {
        // Every aws provider block (the default and each alias) gets the same offline settings.
        aws: (json.provider.aws as Json[]).map((provider) => ({
          ...(provider.alias ? { alias: provider.alias } : {}),
          access_key: "test",
          secret_key: "test",
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
        })),
      },
    }),
  );
  const secrets = [`-var=signing_secret=${"s".repeat(40)}`, `-var=moderator_token=${"m".repeat(20)}`, `-var=origin_verify_secret=${"o".repeat(40)}`];
  return {
    validate: () => terraform(["validate"], stackDir, cliConfig),
    plan: (...vars: string[]) => terraform(["plan", "-input=false", "-lock=false", "-refresh=false", ...secrets, ...vars], stackDir, cliConfig),
  };
}

describe("terraform, offline", () => {
  it("inits from the provider mirror, validates, and plans every resource with no AWS call", () => {
    const { json } = stack;
    const tf = offlineTerraform(stack);
    expect(tf.validate()).toContain("The configuration is valid");
    const plannedWith = (...vars: string[]) => {
      const plan = tf.plan(...vars);
      expect(plan).not.toContain("s".repeat(40)); // ephemeral and write-only: never printed
      return Number(plan.match(/Plan: (\d+) to add, 0 to change, 0 to destroy/)?.[1]);
    };
    const all = Object.values(json.resource as Record<string, Record<string, Json>>).flatMap((byName) => Object.values(byName));
    const switchedBy = (variable: RegExp) => all.filter((resource) => typeof resource.count === "string" && variable.test(resource.count)).length;
    // By default tracing is off and no email is subscribed; everything else is created.
    expect(plannedWith()).toBe(all.length - switchedBy(/tracing_enabled|alarm_email/));
    // Without WAF, with tracing, an alarm email and a custom domain: the conditionals hold at plan time.
    const switched = [
      "-var=waf_enabled=false",
      "-var=tracing_enabled=true",
      "-var=alarm_email=ops@example.com",
      "-var=domain_name=board.example.com",
      "-var=certificate_arn=arn:aws:acm:us-east-1:123456789012:certificate/abc",
    ];
    expect(plannedWith(...switched)).toBe(all.length - switchedBy(/waf_enabled/));
  });

  it("destroys without the secrets and never waits for a terminal that is not there (npm run destroy, npm run deploy)", async () => {
    const synthesized = synthesize(noWebBuild);
    offlineTerraform(synthesized);
    process.env.TF_PLUGIN_MIRROR ??= terraformPluginMirror();
    const secretsInEnvironment = Object.keys(process.env).filter((name) => /^TF_VAR_(signing_secret|moderator_token|origin_verify_secret)$/.test(name));
    expect(secretsInEnvironment).toEqual([]);
    const said: string[] = [];
    // Standard input is no terminal here: before, `cdktf destroy` asked for the three secrets and waited for ever.
    expect(await destroy({ dir: synthesized.stackDir, quiet: true, log: (line) => said.push(line) })).toBe("no changes");
    expect(said).toEqual(["Nothing to destroy."]);
    const secrets = [`signing_secret=${"s".repeat(40)}`, `moderator_token=${"m".repeat(20)}`, `origin_verify_secret=${"o".repeat(40)}`];
    await expect(deploy({ dir: synthesized.stackDir, quiet: true, vars: secrets })).rejects.toThrow(/Not a terminal.*--auto-approve/);
    expect(await deploy({ dir: synthesized.stackDir, quiet: true, vars: secrets, confirm: async () => false, log: (line) => said.push(line) })).toBe(
      "declined",
    );
    expect(parseArguments(["--var", "a=1", "--var=b=2", "--auto-approve"])).toEqual({ vars: ["a=1", "b=2"], autoApprove: true });
    expect(() => parseArguments(["--force"])).toThrow(/Unknown argument/);
  });

  it("pins the runtime version only when the function ships a trained code cache, and refuses to plan without the version", () => {
    expect(resources(stack.json, "aws_lambda_runtime_management_config")).toEqual([]);
    const cached = synthesize(noWebBuild, { codeCache: true });
    expect(resources(cached.json, "aws_lambda_runtime_management_config")).toEqual([
      expect.objectContaining({
        update_runtime_on: "Manual",
        runtime_version_arn: "${var.lambda_runtime_version_arn}",
        lifecycle: { precondition: [expect.objectContaining({ error_message: expect.stringContaining("trained code cache") })] },
      }),
    ]);
    const tf = offlineTerraform(cached);
    expect(() => tf.plan()).toThrow(/set lambda_runtime_version_arn/);
    expect(tf.plan("-var=lambda_runtime_version_arn=arn:aws:lambda:us-east-1::runtime:0123456789abcdef")).toMatch(
      /aws_lambda_runtime_management_config\.[\w-]+ will be created/,
    );
  });
});
