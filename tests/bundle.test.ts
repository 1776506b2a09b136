import { beforeAll, describe, expect, it } from "vitest";
import { catchLogLines } from "./support/log-lines.js";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { APIGatewayProxyResult } from "aws-lambda";
import { bundleHandler } from "../tools/bundle.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { createTestStore, testSigningSecret } from "./support/store.js";
import { startSsmStandIn } from "../local/ssm-stand-in.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

// The bundle as deployed (split chunks, unused modules emptied, English-only zod) must still serve every path.
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
let bundle: Awaited<ReturnType<typeof bundleHandler>>;

beforeAll(async () => {
  const store = await createTestStore();
  bundle = await bundleHandler(mkdtempSync(join(tmpdir(), "board-bundle-")));
  const { outdir } = bundle;
  Object.assign(process.env, { TABLE_NAME: store.table, DYNAMODB_ENDPOINT: store.endpoint, SIGNING_SECRET: testSigningSecret, NODE_ENV: "production" });
  catchLogLines();
  ({ handler } = await import(pathToFileURL(join(outdir, "index.mjs")).href));
});

const call = async (options: EventOptions) => {
  const result = await handler(apiGatewayEvent(options), lambdaContext());
  return { status: result.statusCode, body: result.body };
};
const json = { "content-type": "application/json" };

describe("the deployed bundle", () => {
  it("serves tRPC", async () => {
    expect(await call({ path: "/trpc/health" })).toEqual({ status: 200, body: JSON.stringify({ result: { data: { ok: true } } }) });
    const created = await call({ method: "POST", path: "/trpc/posts.create", headers: json, body: { board: "bundle", title: "t", body: "b", author: "a" } });
    expect(created.status).toBe(200);
  });

  it("serves REST, its document and its validation messages", async () => {
    const created = await call({ method: "POST", path: "/api/posts", headers: json, body: { board: "bundle", title: "REST", body: "b", author: "a" } });
    expect(created.status).toBe(201);
    const { post } = JSON.parse(created.body);
    expect((await call({ path: `/api/posts/${post.postId}` })).status).toBe(200);
    expect((await call({ path: "/api/boards/bundle/posts", query: { limit: "1" } })).status).toBe(200);
    const invalid = await call({ method: "POST", path: "/api/posts", headers: json, body: { board: "bundle", title: "", body: "b", author: "a" } });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).issues[0]).toMatchObject({ path: "title", message: expect.stringMatching(/[a-z]/) });
    expect((await call({ method: "POST", path: "/api/posts", headers: json, body: "{oops" })).status).toBe(400);
    const document = JSON.parse((await call({ path: "/api/openapi.json" })).body);
    expect(document.openapi).toBe("3.1.0");
  });

  it("serves the API reference's page; its files are the site's, not in the zip", async () => {
    expect((await call({ path: "/api/docs" })).status).toBe(200);
    expect((await call({ path: "/api/docs/swagger-ui-bundle.js" })).status).toBe(404);
  });

  // 433 KB on the AWS SDK's DynamoDB client; 381 KB on the board's own (issue 27's target: 400).
  it("deploys at most 400 KB: every file of the function's folder, gzipped as the zip does", () => {
    const files = readdirSync(bundle.outdir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const gzipBytes = files.reduce((sum, entry) => sum + gzipSync(readFileSync(join(entry.parentPath, entry.name))).length, 0);
    console.info(`deployed function: ${files.length} files, ${(gzipBytes / 1000).toFixed(0)} KB gzipped`);
    expect(gzipBytes).toBeLessThanOrEqual(400_000);
  });

  /** The output files a cold start loads: the entry and what it imports statically, not the chunks loaded on first use. */
  const coldPath = () => {
    const outputs = bundle.metafile.outputs;
    const files = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      for (const { path, kind } of outputs[file]?.imports ?? []) if (kind === "import-statement" && outputs[path]) visit(path);
    };
    visit(Object.keys(outputs).find((file) => file.endsWith("index.mjs"))!);
    return files;
  };

  it("keeps the AWS SDK off the cold path: DynamoDB and SSM go through the board's own client", () => {
    const inputs = [...coldPath()].flatMap((file) => Object.keys(bundle.metafile.outputs[file]?.inputs ?? {}));
    expect(inputs.filter((input) => /node_modules\/(@aws-sdk\/(client-|lib-)|@smithy\/)/.test(input))).toEqual([]);
    expect(inputs.some((input) => input.includes("entities/aws-json-rpc.ts"))).toBe(true);
  });

  it("keeps the X-Ray SDK off the cold path, and with tracing on loads it and still serves", async () => {
    const outputs = bundle.metafile.outputs;
    const hasXRay = (file: string) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => input.includes("aws-xray-sdk-core"));
    expect([...coldPath()].filter(hasXRay)).toEqual([]);
    expect(Object.keys(outputs).some(hasXRay)).toBe(true);
    // Nor the S3 client (loaded on the first image request) nor anything of image processing.
    const hasImages = (file: string) =>
      Object.keys(outputs[file]?.inputs ?? {}).some((input) => /@aws-sdk\/client-s3|s3-presigned-post|node_modules\/sharp|\/images\/process/.test(input));
    expect([...coldPath()].filter(hasImages)).toEqual([]);
    expect(Object.keys(outputs).some(hasImages)).toBe(true);

    Object.assign(process.env, { TRACING_ENABLED: "true", AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR" });
    try {
      const traced: typeof handler = (await import(`${pathToFileURL(join(bundle.outdir, "index.mjs")).href}?tracing`)).handler;
      const result = await traced(apiGatewayEvent({ path: "/api/boards/bundle/posts" }), lambdaContext());
      expect(result.statusCode).toBe(200);
    } finally {
      delete process.env.TRACING_ENABLED;
    }
  });

  /**
   * A cold start in a fresh process: `before` runs before the bundle loads, then a write, a thread
   * read and a REST read are answered, then `after` names what the process reports back (as JSON).
   */
  async function freshStart(board: string, { before = "", after }: { before?: string; after: string }) {
    const created = JSON.parse((await call({ method: "POST", path: "/api/posts", headers: json, body: { board, title: "t", body: "b", author: "a" } })).body);
    const events = [
      apiGatewayEvent({ method: "POST", path: "/trpc/posts.create", headers: json, body: { board, title: "t", body: "b", author: "a" } }),
      apiGatewayEvent({ path: "/trpc/posts.get", query: { input: JSON.stringify({ postId: created.post.postId }) } }),
      apiGatewayEvent({ path: `/api/boards/${board}/posts` }),
    ];
    const script = `
      ${before}
      const { handler } = await import(${JSON.stringify(pathToFileURL(join(bundle.outdir, "index.mjs")).href)});
      const statuses = [];
      for (const event of ${JSON.stringify(events)}) statuses.push((await handler(event, { awsRequestId: "fresh", getRemainingTimeInMillis: () => 10000 })).statusCode);
      process.stderr.write(JSON.stringify({ statuses, seen: ${after} }));
    `;
    const { stderr } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { env: process.env });
    return JSON.parse(stderr) as { statuses: number[]; seen: unknown };
  }

  it("compiles no code from strings: zod's parsers stay interpreted (api/zod.ts), so a cold start's first parses compile nothing", async () => {
    // `Function` watched before the bundle loads; each of the three requests parses input and output.
    const watched = `
      let compiled = 0;
      globalThis.Function = new Proxy(Function, {
        construct: (target, args) => (compiled++, Reflect.construct(target, args)),
        apply: (target, self, args) => (compiled++, Reflect.apply(target, self, args)),
      });`;
    expect(await freshStart("jit", { before: watched, after: "compiled" })).toEqual({ statuses: [200, 200, 200], seen: 0 });
  });

  it("never loads undici: Fetch's classes are the function's own, Node's built-ins are required (tools/bundle.ts)", async () => {
    const loaded = `process.moduleLoadList.filter((name) => name.includes("undici"))`;
    expect(await freshStart("undici", { after: loaded })).toEqual({ statuses: [200, 200, 200], seen: [] });
  });

  it("never loads perf_hooks: a request's duration is read from process.hrtime, not the global performance (9 modules on the first request)", async () => {
    // Node itself loads internal/perf/utils (and node:http the observer); the global's getter loads these.
    const loaded = `process.moduleLoadList.filter((name) => name === "NativeModule perf_hooks" || name === "NativeModule internal/perf/performance")`;
    expect(await freshStart("perf", { after: loaded })).toEqual({ statuses: [200, 200, 200], seen: [] });
  });

  it("carries the hot reads' parameters written at build time (tools/prepared-reads-ahead.ts), so a first read builds no ElectroDB query", () => {
    const code = readdirSync(join(bundle.outdir, "chunks"))
      .map((name) => readFileSync(join(bundle.outdir, "chunks", name), "utf8"))
      .concat(readFileSync(join(bundle.outdir, "index.mjs"), "utf8"))
      .join("\n");
    // The thread's collection filter, as ElectroDB writes it: in no library's source, only in the written parameters.
    expect(code).toContain("(#__edb_e__ = :__edb_e___post_c0 AND #__edb_v__ = :__edb_v___post_c0)");
  });

  it("reads its secrets from SSM at start, as deployed (the SSM client is a lazily loaded chunk)", async () => {
    const moderatorToken = "a-moderator-token-from-ssm";
    const ssm = await startSsmStandIn({ "/board/signing": testSigningSecret, "/board/moderator": moderatorToken });
    const saved = { ...process.env };
    Object.assign(process.env, {
      SIGNING_SECRET_PARAMETER: "/board/signing",
      MODERATOR_TOKEN_PARAMETER: "/board/moderator",
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    });
    delete process.env.SIGNING_SECRET;
    try {
      const fromSsm: typeof handler = (await import(`${pathToFileURL(join(bundle.outdir, "index.mjs")).href}?ssm`)).handler;
      const check = await fromSsm(
        apiGatewayEvent({ method: "POST", path: "/api/moderator/check", headers: { ...json, authorization: `Bearer ${moderatorToken}` } }),
        lambdaContext(),
      );
      expect(JSON.parse(check.body)).toEqual({ moderator: true });
      expect(ssm.requests).toEqual([{ target: "AmazonSSM.GetParameters", body: { Names: ["/board/signing", "/board/moderator"], WithDecryption: true } }]);
    } finally {
      process.env = saved;
      await ssm.close();
    }
  });
});
