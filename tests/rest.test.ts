import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createTRPCClient, httpLink } from "@trpc/client";
import type { AppRouter } from "../api/router.js";
import { createAppRouter } from "../api/router.js";
import type { ApiMeta } from "../api/trpc.js";
import { itemToAuthorize, moderatorOperations } from "../client/src/edit-tokens.js";
import { buildOpenApiDocument } from "../api/http/openapi-document.js";
import { startApiServer } from "./support/api-server.js";
import type { ApiServer } from "./support/api-server.js";
import { createTestStore, testModeratorToken } from "./support/store.js";
import type { TestStore } from "./support/store.js";

// The same function builds the served document; a test below checks they are equal.
const document = buildOpenApiDocument(createAppRouter());
const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`));

let store: TestStore;
let api: ApiServer;

beforeAll(async () => {
  store = await createTestStore();
  api = await startApiServer(store);
});
afterAll(() => api.close());

async function rest(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {}) {
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const response = await fetch(`${api.url}/api${path}`, {
    method,
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...options.headers },
    ...(hasBody ? { body: options.raw ?? JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const openBoard = (board: string, name: string) => api.openBoards({ board, name });
const newPost = async (board = "rest", title = "REST post") => (await rest("POST", "/posts", { body: { board, title, body: "Body", author: "ann" } })).body;
const newComment = async (postId: string, body = "A comment") => (await rest("POST", `/posts/${postId}/comments`, { body: { body, author: "bo" } })).body;

describe("OpenAPI document", () => {
  it("is served at /api/openapi.json", async () => {
    const served = await rest("GET", "/openapi.json");
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it("passes redocly's recommended rules with zero problems and swagger-parser's validation", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: "openapi.json", config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();

    // The same checks do catch a broken document.
    const broken = structuredClone(document);
    broken.paths!["/posts/{postId}"]!.get!.parameters = [];
    const brokenProblems = await lintFromString({ source: JSON.stringify(broken), absoluteRef: "openapi.json", config });
    expect(brokenProblems.filter((p) => p.severity === "error").length).toBeGreaterThan(0);
  });

  it("protects exactly the procedures the typed client sends an edit token to", () => {
    // At run time the router keeps a flat map of every procedure by its dotted path.
    const procedures = Object.entries(createAppRouter()._def.procedures as unknown as Record<string, { _def: { type: string; meta?: ApiMeta } }>);
    const ids = { postId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", commentId: "01ARZ3NDEKTSV4RRFFQ69G5FAW" };
    // The moderator check takes the token it checks explicitly, as a per-call option.
    const protectedByMeta = procedures.filter(([path, procedure]) => procedure._def.meta?.openapi?.protect && path !== "moderator.check").map(([path]) => path);
    const tokenSentByClient = procedures
      .filter(([path, procedure]) => (procedure._def.type === "mutation" && itemToAuthorize(path, ids) !== undefined) || moderatorOperations.includes(path))
      .map(([path]) => path);
    expect(tokenSentByClient.sort()).toEqual(protectedByMeta.sort());
    expect(protectedByMeta.length).toBeGreaterThan(0);
  });

  it("documents summaries, tags, error responses, the bearer scheme and the REST conventions", () => {
    expect(document.components?.securitySchemes?.editToken).toMatchObject({ type: "http", scheme: "bearer" });
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {}) as [
        string,
        { summary?: string; tags?: string[]; responses: Record<string, unknown>; security?: unknown },
      ][]) {
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        expect(operation.tags?.length, `${method} ${path}`).toBe(1);
        if (!["/health", "/moderator/check", "/boards"].includes(path) || method === "post")
          expect(Object.keys(operation.responses), `${method} ${path}`).toContain("400");
        // Only changes, the moderator's operations and the moderator check take a token; everything else says it needs none.
        const takesToken =
          method === "patch" ||
          method === "delete" ||
          ["/moderator/check", "/posts/{postId}/pinned"].includes(path) ||
          (method === "put" && path === "/moderation/reserved-names") ||
          ["/moderation/queue", "/moderation/reviews"].includes(path) ||
          (method === "post" && path === "/boards");
        const create = method === "post" && ["/posts", "/posts/{postId}/comments"].includes(path);
        expect(operation.security, `${method} ${path}`).toEqual(create ? [{}, { editToken: [] }] : takesToken ? [{ editToken: [] }] : []);
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain("405");
        if (method === "get") expect(Object.keys(operation.responses), `${method} ${path}`).not.toContain("413");
      }
    }
    expect(Object.keys(document.paths!["/posts"]!.post!.responses!)).toContain("201");
    expect(Object.keys(document.paths!["/posts/{postId}"]!.delete!.responses!)).toContain("204");
  });

  it("names its schemas and describes the headers, formats and rules the server applies", async () => {
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys(schemas).sort()).toEqual([
      "AttachmentStatus",
      "BestPage",
      "Board",
      "BoardPage",
      "Comment",
      "CommentPage",
      "Error",
      "ImageRef",
      "Post",
      "PostPage",
      "PostRow",
      "PreparedUpload",
      "ReservedNames",
      "ReviewEntry",
      "ReviewQueue",
      "SearchPage",
      "SearchResult",
      "SearchSnippet",
      "Thread",
    ]);
    const post = schemas.Post as { properties: Record<string, { format?: string }> };
    expect(post.properties.createdAt?.format).toBe("date-time");
    expect(post.properties.updatedAt?.format).toBe("date-time");
    const json = JSON.stringify(document);
    const paths = document.paths as Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string; in: string; schema?: { type?: unknown } }[];
          responses: Record<string, { headers?: Record<string, unknown> }>;
          requestBody?: { content: Record<string, { schema: { anyOf?: unknown[]; properties?: Record<string, { description?: string }> } }> };
        }
      >
    >;
    const cursor = paths["/boards/{board}/posts"]!.get!.parameters!.find((parameter) => parameter.name === "cursor");
    expect(cursor?.schema?.type).toBe("string");
    expect(Object.keys(paths["/posts/{postId}"]!.get!.responses["200"]!.headers ?? {})).toContain("ETag");
    expect(Object.keys(paths["/posts/{postId}"]!.patch!.responses["200"]!.headers ?? {})).toContain("ETag");
    expect(Object.keys(paths["/posts/{postId}"]!.patch!.responses["401"]!.headers ?? {})).toContain("WWW-Authenticate");
    expect(Object.keys(paths["/posts"]!.post!.responses["429"]!.headers ?? {})).toContain("Retry-After");
    expect(Object.keys(paths["/posts/{postId}"]!.get!.responses["503"]!.headers ?? {})).toContain("Retry-After");
    expect(paths["/posts"]!.post!.parameters!.map((parameter) => `${parameter.in} ${parameter.name}`)).toContain("header Idempotency-Key");
    expect(paths["/posts/{postId}"]!.patch!.parameters!.map((parameter) => `${parameter.in} ${parameter.name}`)).toContain("header If-Match");
    const patchBody = paths["/posts/{postId}"]!.patch!.requestBody!.content["application/json"]!.schema;
    expect(patchBody.anyOf).toEqual([{ required: ["title"] }, { required: ["body"] }]);
    expect(paths["/posts"]!.post!.requestBody!.content["application/json"]!.schema.properties!.title!.description).toMatch(/after trimming/);
    expect(paths["/posts/{postId}"]!.patch!.responses["409"]).toMatchObject({ description: expect.stringMatching(/Version conflict/) });
    expect(paths["/posts/{postId}/comments"]!.post!.responses["404"]).toMatchObject({ description: expect.stringMatching(/No such post/) });

    // Redocly's strictest ruleset finds no operation or parameter without a description.
    const config = await createConfig({ extends: ["all"] });
    const problems = await lintFromString({ source: json, absoluteRef: "openapi.json", config });
    expect(problems.filter((problem) => /description/.test(problem.ruleId)).map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
  });

  it("sends the ETag it documents on every successful PATCH, and a 400 for an empty one", async () => {
    const { post, editToken } = await newPost("etags");
    const updated = await rest("PATCH", `/posts/${post.postId}`, { body: { title: "New", expectedVersion: 1 }, headers: auth(editToken) });
    expect(updated.headers.get("etag")).toBe('"2"');
    const { comment, editToken: commentToken } = await newComment(post.postId);
    const edited = await rest("PATCH", `/posts/${post.postId}/comments/${comment.commentId}`, {
      body: { body: "New", expectedVersion: 1 },
      headers: auth(commentToken),
    });
    expect(edited.headers.get("etag")).toBe('"2"');
    expect((await rest("PATCH", `/posts/${post.postId}`, { body: {}, headers: { ...auth(editToken), "if-match": '"2"' } })).status).toBe(400);
  });

  it("serves a human API reference's page at /api/docs, loading only same-origin files", async () => {
    const page = await fetch(`${api.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="docs/swagger-ui-bundle.js"');
    expect(html).not.toMatch(/https?:\/\//);
  });
});

/** One test per operation; an operation added to the document without one here fails. */
const operationTests: Record<string, () => Promise<void>> = {
  "GET /health": async () => {
    expect(await rest("GET", "/health")).toMatchObject({ status: 200, body: { ok: true } });
  },
  // This server has no media bucket; tests/attachments.test.ts runs the image flow end to end.
  "POST /attachments": async () => {
    expect(await rest("POST", "/attachments", { body: { contentType: "image/png", size: 100 } })).toMatchObject({
      status: 503,
      body: { code: "SERVICE_UNAVAILABLE", message: "Images are not enabled on this board." },
    });
    expect((await rest("POST", "/attachments", { body: { contentType: "text/html", size: 100 } })).status).toBe(400);
  },
  "GET /attachments/{attachmentId}": async () => {
    expect((await rest("GET", "/attachments/01ARZ3NDEKTSV4RRFFQ69G5FAV")).status).toBe(404);
    expect((await rest("GET", "/attachments/not-an-id")).status).toBe(400);
  },
  "GET /boards/{board}/posts": async () => {
    const ids = [(await newPost("rest-list")).post.postId, (await newPost("rest-list")).post.postId];
    const first = await rest("GET", "/boards/rest-list/posts?limit=1");
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { postId: string }) => p.postId)).toEqual([ids[1]]);
    const second = await rest("GET", `/boards/rest-list/posts?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toMatchObject({ items: [{ postId: ids[0] }], nextCursor: null });
    expect((await rest("GET", "/boards/rest-list/posts?limit=0")).status).toBe(400);
  },
  "GET /boards/{board}/search": async () => {
    const { post } = await newPost("rest-search", "서울에서 만나요");
    await api.drainStream();
    const path = `/boards/rest-search/search?q=${encodeURIComponent("서울")}&limit=5`;
    const answer = await rest("GET", path);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      items: [{ postId: post.postId, title: "서울에서 만나요", snippet: { field: "title", highlights: [{ start: 0, length: 2 }] } }],
      nextCursor: null,
    });
    // tRPC answers the same.
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${api.url}/trpc` })] });
    expect(await trpc.posts.search.query({ board: "rest-search", q: "서울", limit: 5 })).toEqual(answer.body);
    expect((await rest("GET", `/boards/rest-search/search?q=${"가".repeat(101)}`)).status).toBe(400);
    expect((await rest("GET", "/boards/rest-search/search?q=%F0%9F%98%80")).body).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: "q" }] });
    expect((await rest("GET", "/boards/rest-search/search?q=a&scope=everywhere")).status).toBe(400);
  },
  "GET /posts/{postId}": async () => {
    const { post } = await newPost();
    await newComment(post.postId);
    await api.drainStream();
    const thread = await rest("GET", `/posts/${post.postId}`);
    expect(thread.status).toBe(200);
    expect(thread.body).toMatchObject({ post: { postId: post.postId, commentCount: 1 }, comments: { items: [{ body: "A comment" }], nextCursor: null } });
    expect(thread.headers.get("etag")).toBe('"1"');
    expect((await rest("GET", "/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV")).status).toBe(404);
  },
  "POST /posts": async () => {
    const created = await rest("POST", "/posts", { body: { board: "rest", title: " Created ", body: "Body", author: "ann" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ post: { title: "Created", version: 1 }, editToken: expect.any(String) });
    const invalid = await rest("POST", "/posts", { body: { board: "rest", title: "", body: "Body", author: "ann" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      code: "BAD_REQUEST",
      message: expect.any(String),
      requestId: expect.any(String),
      issues: [{ path: "title", message: expect.any(String) }],
    });
  },
  "PATCH /posts/{postId}": async () => {
    const { post, editToken } = await newPost();
    const noToken = await rest("PATCH", `/posts/${post.postId}`, { body: { title: "x", expectedVersion: 1 } });
    expect(noToken).toMatchObject({ status: 401, body: { code: "UNAUTHORIZED" } });
    const edited = await rest("PATCH", `/posts/${post.postId}`, { body: { title: "Edited", expectedVersion: 1 }, headers: auth(editToken) });
    expect(edited).toMatchObject({ status: 200, body: { title: "Edited", version: 2 } });
    const viaIfMatch = await rest("PATCH", `/posts/${post.postId}`, { body: { body: "New body" }, headers: { ...auth(editToken), "if-match": '"2"' } });
    expect(viaIfMatch).toMatchObject({ status: 200, body: { body: "New body", version: 3 } });
    const stale = await rest("PATCH", `/posts/${post.postId}`, { body: { title: "Late" }, headers: { ...auth(editToken), "if-match": '"2"' } });
    expect(stale).toMatchObject({ status: 409, body: { code: "CONFLICT" } });
  },
  "DELETE /posts/{postId}": async () => {
    const { post, editToken } = await newPost();
    await newComment(post.postId);
    expect((await rest("DELETE", `/posts/${post.postId}`)).status).toBe(401);
    const deleted = await rest("DELETE", `/posts/${post.postId}`, { headers: auth(editToken) });
    expect(deleted).toMatchObject({ status: 204, body: undefined });
    expect((await rest("GET", `/posts/${post.postId}`)).status).toBe(404);
  },
  "GET /posts/{postId}/comments": async () => {
    const { post } = await newPost();
    const ids = [(await newComment(post.postId, "one")).comment.commentId, (await newComment(post.postId, "two")).comment.commentId];
    const first = await rest("GET", `/posts/${post.postId}/comments?limit=1`);
    expect(first.body.items.map((c: { commentId: string }) => c.commentId)).toEqual([ids[0]]);
    const second = await rest("GET", `/posts/${post.postId}/comments?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toMatchObject({ items: [{ commentId: ids[1] }], nextCursor: null });
  },
  "POST /posts/{postId}/comments": async () => {
    const { post } = await newPost();
    const created = await rest("POST", `/posts/${post.postId}/comments`, { body: { body: "Hello", author: "bo" } });
    expect(created).toMatchObject({ status: 201, body: { comment: { postId: post.postId, body: "Hello" }, editToken: expect.any(String) } });
    const onMissing = await rest("POST", "/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV/comments", { body: { body: "Hello", author: "bo" } });
    expect(onMissing).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
  },
  "PATCH /posts/{postId}/comments/{commentId}": async () => {
    const { post } = await newPost();
    const { comment, editToken } = await newComment(post.postId);
    const path = `/posts/${post.postId}/comments/${comment.commentId}`;
    expect((await rest("PATCH", path, { body: { body: "x", expectedVersion: 1 }, headers: auth("wrong-token") })).status).toBe(403);
    expect(await rest("PATCH", path, { body: { body: "Edited", expectedVersion: 1 }, headers: auth(editToken) })).toMatchObject({
      status: 200,
      body: { body: "Edited", version: 2 },
    });
  },
  "DELETE /posts/{postId}/comments/{commentId}": async () => {
    const { post } = await newPost();
    const { comment, editToken } = await newComment(post.postId);
    const path = `/posts/${post.postId}/comments/${comment.commentId}`;
    expect((await rest("DELETE", path, { headers: auth(editToken) })).status).toBe(204);
    expect((await rest("DELETE", path, { headers: auth(editToken) })).status).toBe(404);
    await api.drainStream();
    expect((await rest("GET", `/posts/${post.postId}`)).body.post.commentCount).toBe(0);
  },
  "GET /boards": async () => {
    await openBoard("rest-list", "REST 목록");
    const { status, body } = await rest("GET", "/boards");
    expect(status).toBe(200);
    expect(body.boards).toContainEqual(expect.objectContaining({ board: "rest-list", name: "REST 목록", postCount: 0, lastPostAt: null }));
  },
  "POST /boards": async () => {
    const created = await rest("POST", "/boards", { body: { board: "rest-new", name: "새 게시판" }, headers: auth(testModeratorToken) });
    expect(created).toMatchObject({ status: 201, body: { board: "rest-new", name: "새 게시판", description: "", version: 1 } });
    expect((await rest("POST", "/boards", { body: { board: "rest-new", name: "또" }, headers: auth(testModeratorToken) })).status).toBe(409);
    expect((await rest("POST", "/boards", { body: { board: "rest-other", name: "x" } })).status).toBe(401);
    expect((await rest("POST", "/boards", { body: { board: "rest-other", name: "x" }, headers: auth("nope") })).status).toBe(403);
    expect((await rest("POST", "/boards", { body: { board: "Bad Slug", name: "x" }, headers: auth(testModeratorToken) })).status).toBe(400);
  },
  "GET /boards/{board}": async () => {
    await openBoard("rest-page", "쪽");
    await newPost("rest-page");
    await api.drainStream();
    const { status, body } = await rest("GET", "/boards/rest-page?page=1");
    expect(status).toBe(200);
    expect(body).toMatchObject({ board: { board: "rest-page", postCount: 1, lastNumber: 1 }, notices: [], page: 1, pageCount: 1 });
    expect(body.posts).toEqual([expect.objectContaining({ number: 1, commentCount: 0, imageCount: 0, pinned: false })]);
    expect((await rest("GET", "/boards/rest-nope")).status).toBe(404);
    expect((await rest("GET", "/boards/rest-page?page=0")).status).toBe(400);
  },
  "GET /boards/{board}/best": async () => {
    const opened = (await rest("POST", "/boards", { body: { board: "rest-best", name: "베스트" }, headers: auth(testModeratorToken) })).body;
    await rest("PATCH", "/boards/rest-best", { body: { bestUpvotes: 1, expectedVersion: opened.version }, headers: auth(testModeratorToken) });
    const { post } = await newPost("rest-best");
    await rest("PUT", `/posts/${post.postId}/vote`, { body: { vote: "up" } });
    await api.drainStream();
    const { status, body } = await rest("GET", "/boards/rest-best/best?limit=5");
    expect(status).toBe(200);
    expect(body).toEqual({ items: [expect.objectContaining({ postId: post.postId, upvotes: 1 })], nextCursor: null, rule: { upvotes: 1, days: 7 } });
    expect((await rest("GET", "/boards/rest-nope/best")).status).toBe(404);
    expect((await rest("PATCH", "/boards/rest-best", { body: { bestDays: 0, expectedVersion: 2 }, headers: auth(testModeratorToken) })).status).toBe(400);
  },
  "PATCH /boards/{board}": async () => {
    await openBoard("rest-rename", "이름");
    const renamed = await rest("PATCH", "/boards/rest-rename", {
      body: { name: "새 이름", position: 7 },
      headers: { ...auth(testModeratorToken), "if-match": '"1"' },
    });
    expect(renamed).toMatchObject({ status: 200, body: { name: "새 이름", position: 7, version: 2 } });
    expect((await rest("PATCH", "/boards/rest-rename", { body: { name: "x", expectedVersion: 1 }, headers: auth(testModeratorToken) })).status).toBe(409);
    expect((await rest("PATCH", "/boards/rest-rename", { body: { name: "x", expectedVersion: 2 }, headers: auth("nope") })).status).toBe(403);
    expect((await rest("PATCH", "/boards/rest-rename", { body: { expectedVersion: 2 }, headers: auth(testModeratorToken) })).status).toBe(400);
  },
  "POST /posts/{postId}/views": async () => {
    const { post } = await newPost("rest-views");
    expect(await rest("POST", `/posts/${post.postId}/views`, { body: {} })).toMatchObject({ status: 200, body: { counted: true } });
    // The same reader again within the hour: not counted twice.
    expect(await rest("POST", `/posts/${post.postId}/views`, { body: {} })).toMatchObject({ status: 200, body: { counted: false } });
    await api.drainStream();
    expect((await rest("GET", `/posts/${post.postId}`)).body.post.viewCount).toBe(1);
    expect((await rest("POST", "/posts/not-an-id/views", { body: {} })).status).toBe(400);
  },
  "POST /posts/{postId}/edit-token": async () => {
    const created = await rest("POST", "/posts", { body: { board: "rest-pw", title: "비밀번호", body: "b", author: "ㅇㅇ", password: "열려라참깨" } });
    const { postId } = created.body.post;
    expect(created.body.post.hasPassword).toBe(true);
    expect((await rest("POST", `/posts/${postId}/edit-token`, { body: { password: "닫혀라참깨" } })).status).toBe(403);
    const unlocked = await rest("POST", `/posts/${postId}/edit-token`, { body: { password: "열려라참깨" } });
    expect(unlocked).toMatchObject({ status: 200, body: { post: { postId }, editToken: expect.any(String) } });
    expect((await rest("DELETE", `/posts/${postId}`, { headers: auth(unlocked.body.editToken) })).status).toBe(204);
    expect((await rest("POST", `/posts/${postId}/edit-token`, { body: { password: "열려라참깨" } })).status).toBe(404);
  },
  "POST /posts/{postId}/comments/{commentId}/edit-token": async () => {
    const { post } = await newPost("rest-pw");
    const created = await rest("POST", `/posts/${post.postId}/comments`, { body: { body: "댓글", author: "ㅇㅇ", password: "1234" } });
    const { commentId } = created.body.comment;
    const unlocked = await rest("POST", `/posts/${post.postId}/comments/${commentId}/edit-token`, { body: { password: "1234" } });
    expect(unlocked).toMatchObject({ status: 200, body: { comment: { commentId, hasPassword: true }, editToken: expect.any(String) } });
    const edited = await rest("PATCH", `/posts/${post.postId}/comments/${commentId}`, {
      body: { body: "고침", expectedVersion: 1 },
      headers: auth(unlocked.body.editToken),
    });
    expect(edited).toMatchObject({ status: 200, body: { body: "고침", version: 2 } });
    expect((await rest("POST", `/posts/${post.postId}/comments/${commentId}/edit-token`, { body: { password: "12" } })).status).toBe(400);
  },
  "GET /moderation/reserved-names": async () => {
    expect(await rest("GET", "/moderation/reserved-names")).toMatchObject({ status: 200, body: { always: expect.arrayContaining(["운영자", "admin"]) } });
  },
  "PUT /moderation/reserved-names": async () => {
    expect((await rest("PUT", "/moderation/reserved-names", { body: { names: ["게시판지기"] } })).status).toBe(401);
    expect(
      await rest("PUT", "/moderation/reserved-names", { body: { names: ["게시판지기", "게시판 지기"] }, headers: auth(testModeratorToken) }),
    ).toMatchObject({
      status: 200,
      body: { names: ["게시판 지기"] },
    });
    const refused = await rest("POST", "/posts", { body: { board: "rest-names", title: "t", body: "b", author: "게시판지기2" } });
    expect(refused).toMatchObject({ status: 400, body: { issues: [{ path: "author", message: "This name is reserved for the board's moderators." }] } });
    const byModerator = await rest("POST", "/posts", {
      body: { board: "rest-names", title: "t", body: "b", author: "게시판지기" },
      headers: auth(testModeratorToken),
    });
    expect(byModerator).toMatchObject({ status: 201, body: { post: { byModerator: true } } });
    expect(byModerator.body.post.posterTag).toBeUndefined();
    await rest("PUT", "/moderation/reserved-names", { body: { names: [] }, headers: auth(testModeratorToken) });
  },
  "POST /posts/{postId}/reports": async () => {
    const { post } = await newPost("rest-reports");
    expect(await rest("POST", `/posts/${post.postId}/reports`, { body: { reason: "spam" } })).toMatchObject({
      status: 200,
      body: { postId: post.postId, counted: true },
    });
    expect(await rest("POST", `/posts/${post.postId}/reports`, { body: { reason: "abuse" } })).toMatchObject({ status: 200, body: { counted: false } });
    expect((await rest("POST", `/posts/${post.postId}/reports`, { body: { reason: "boring" } })).status).toBe(400);
    expect((await rest("POST", "/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV/reports", { body: { reason: "spam" } })).status).toBe(404);
  },
  "POST /posts/{postId}/comments/{commentId}/reports": async () => {
    const { post } = await newPost("rest-reports");
    const { comment } = await newComment(post.postId, "광고 댓글");
    const path = `/posts/${post.postId}/comments/${comment.commentId}/reports`;
    expect(await rest("POST", path, { body: { reason: "other", text: "같은 글을 계속 올립니다" } })).toMatchObject({
      status: 200,
      body: { commentId: comment.commentId, counted: true },
    });
    expect((await rest("POST", `/posts/${post.postId}/comments/01ARZ3NDEKTSV4RRFFQ69G5FAV/reports`, { body: { reason: "spam" } })).status).toBe(404);
  },
  "GET /moderation/queue": async () => {
    const { post } = await newPost("rest-queue", "신고된 글");
    await rest("POST", `/posts/${post.postId}/reports`, { body: { reason: "illegal", text: "불법 촬영물" } });
    await api.drainStream();
    expect((await rest("GET", "/moderation/queue")).status).toBe(401);
    const queue = await rest("GET", "/moderation/queue?order=most&limit=50", { headers: auth(testModeratorToken) });
    expect(queue.status).toBe(200);
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({
        postId: post.postId,
        title: "신고된 글",
        status: "open",
        reports: 1,
        reasons: { spam: 0, abuse: 0, illegal: 1, other: 0 },
        lastText: "불법 촬영물",
      }),
    );
  },
  "POST /moderation/reviews": async () => {
    const { post } = await newPost("rest-queue", "가릴 글");
    expect((await rest("POST", "/moderation/reviews", { body: { postId: post.postId, action: "hide" } })).status).toBe(401);
    expect(await rest("POST", "/moderation/reviews", { body: { postId: post.postId, action: "hide" }, headers: auth(testModeratorToken) })).toMatchObject({
      status: 200,
      body: { postId: post.postId, action: "hide", status: "hidden" },
    });
    const hidden = (await rest("GET", `/posts/${post.postId}`)).body.post;
    expect(hidden).toMatchObject({ title: "", body: "", hiddenAt: expect.any(String) });
    await rest("POST", "/moderation/reviews", { body: { postId: post.postId, action: "unhide" }, headers: auth(testModeratorToken) });
    expect((await rest("GET", `/posts/${post.postId}`)).body.post).toMatchObject({ title: "가릴 글", body: "Body" });
    expect(await rest("POST", "/moderation/reviews", { body: { postId: post.postId, action: "delete" }, headers: auth(testModeratorToken) })).toMatchObject({
      status: 200,
      body: { status: "removed" },
    });
    expect((await rest("GET", `/posts/${post.postId}`)).status).toBe(404);
  },
  "PUT /posts/{postId}/vote": async () => {
    const { post } = await newPost("rest-votes");
    expect(await rest("PUT", `/posts/${post.postId}/vote`, { body: { vote: "up" } })).toMatchObject({ status: 200, body: { vote: "up" } });
    expect(await rest("PUT", `/posts/${post.postId}/vote`, { body: { vote: "up" } })).toMatchObject({ status: 200, body: { vote: "up" } });
    await api.drainStream();
    expect((await rest("GET", `/posts/${post.postId}`)).body.post).toMatchObject({ upvotes: 1, downvotes: 0 });
    expect(await rest("PUT", `/posts/${post.postId}/vote`, { body: { vote: "down" } })).toMatchObject({ status: 200, body: { vote: "down" } });
    await api.drainStream();
    expect((await rest("GET", `/posts/${post.postId}`)).body.post).toMatchObject({ upvotes: 0, downvotes: 1 });
    expect((await rest("PUT", `/posts/${post.postId}/vote`, { body: { vote: "sideways" } })).status).toBe(400);
    expect((await rest("PUT", "/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV/vote", { body: { vote: "up" } })).status).toBe(404);
  },
  "PUT /posts/{postId}/pinned": async () => {
    await openBoard("rest-pin", "공지");
    const { post, editToken } = await newPost("rest-pin");
    expect((await rest("PUT", `/posts/${post.postId}/pinned`, { body: { pinned: true }, headers: auth(editToken) })).status).toBe(403);
    expect(await rest("PUT", `/posts/${post.postId}/pinned`, { body: { pinned: true }, headers: auth(testModeratorToken) })).toMatchObject({
      status: 200,
      body: { postId: post.postId, pinned: true },
    });
    await api.drainStream();
    expect((await rest("GET", "/boards/rest-pin")).body.notices).toEqual([expect.objectContaining({ postId: post.postId, pinned: true })]);
    expect((await rest("PUT", `/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV/pinned`, { body: { pinned: true }, headers: auth(testModeratorToken) })).status).toBe(404);
  },
  "POST /moderator/check": async () => {
    expect(await rest("POST", "/moderator/check", { body: {}, headers: auth(testModeratorToken) })).toMatchObject({ status: 200, body: { moderator: true } });
    expect(await rest("POST", "/moderator/check", { body: {}, headers: auth("not-the-moderator-token") })).toMatchObject({
      status: 200,
      body: { moderator: false },
    });
    expect(await rest("POST", "/moderator/check", { body: {} })).toMatchObject({ status: 200, body: { moderator: false } });
  },
};

describe("every REST operation in the document, with plain fetch", () => {
  it("has a test for each operation", () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
    expect(operations.filter((operation) => !operationTests[operation])).toEqual([]);
  });
  for (const operation of operations) it(operation, operationTests[operation] ?? (() => Promise.reject(new Error(`no REST test for ${operation}`))));
});

describe("REST and tRPC return the same data", () => {
  it("for every read", async () => {
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${api.url}/trpc` })] });
    const { post } = await newPost("parity");
    await newPost("parity");
    for (let i = 0; i < 3; i++) await newComment(post.postId, `comment ${i}`);
    // Both reads see the same count only once the projector is done with it.
    await api.drainStream();
    const withoutCursor = <T extends { nextCursor: string | null }>(page: T) => ({ ...page, nextCursor: page.nextCursor === null ? null : "cursor" });

    const restList = (await rest("GET", "/boards/parity/posts?limit=1")).body;
    const trpcList = await trpc.posts.list.query({ board: "parity", limit: 1 });
    expect(withoutCursor(restList)).toEqual(withoutCursor(trpcList));
    expect((await rest("GET", `/boards/parity/posts?limit=1&cursor=${encodeURIComponent(trpcList.nextCursor!)}`)).body.items).toEqual(
      (await trpc.posts.list.query({ board: "parity", limit: 1, cursor: restList.nextCursor })).items,
    );

    const restThread = (await rest("GET", `/posts/${post.postId}?limit=2`)).body;
    const trpcThread = await trpc.posts.get.query({ postId: post.postId, limit: 2 });
    expect({ ...restThread, comments: withoutCursor(restThread.comments) }).toEqual({ ...trpcThread, comments: withoutCursor(trpcThread.comments) });

    expect(withoutCursor((await rest("GET", `/posts/${post.postId}/comments?limit=2`)).body)).toEqual(
      withoutCursor(await trpc.comments.list.query({ postId: post.postId, limit: 2 })),
    );
    expect((await rest("GET", "/health")).body).toEqual(await trpc.health.query());
  });
});

describe("malformed REST requests get their documented 4xx", () => {
  it("malformed JSON → 400", async () => {
    expect(await rest("POST", "/posts", { raw: "{not json" })).toMatchObject({ status: 400, body: { code: "PARSE_ERROR", requestId: expect.any(String) } });
  });
  it("wrong content type → 415", async () => {
    const response = await fetch(`${api.url}/api/posts`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });
  it("prototype-polluting query keys → 400 (found by the fuzzer)", async () => {
    for (const key of ["__proto__", "constructor", "valueOf", "toString", "hasOwnProperty", "__defineGetter__"]) {
      expect(await rest("GET", `/boards/rest/posts?${key}=1`)).toMatchObject({ status: 400, body: { code: "BAD_REQUEST", issues: [{ path: key }] } });
    }
  });
  it("unknown route → 404", async () => {
    expect(await rest("GET", "/nothing/here")).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
  });
  it("wrong method → 405 with Allow", async () => {
    const response = await rest("PUT", "/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV", { body: {} });
    expect(response).toMatchObject({ status: 405, body: { code: "METHOD_NOT_SUPPORTED" } });
    expect(response.headers.get("allow")).toBe("GET, PATCH, DELETE");
  });
  it("rejected requests write nothing", async () => {
    await api.drainStream(); // what earlier tests wrote is projected first, so only this test's requests could change the table
    const before = await store.dump();
    await rest("POST", "/posts", { raw: "{not json" });
    await rest("POST", "/posts", { body: { board: "BAD", title: "t", body: "b", author: "a" } });
    await rest("POST", "/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV/comments", { body: { body: "x", author: "a" } });
    expect(await store.dump()).toEqual(before);
  });
});

describe("idempotent creates", () => {
  const postsOn = async (board: string) => (await rest("GET", `/boards/${board}/posts`)).body.items;

  it("two identical creates with one key make one item and return the same result", async () => {
    const request = {
      body: { board: "idem", title: "Once", body: "Only once", author: "ann" },
      headers: { "idempotency-key": "key-1-0000000000000000000000" },
    };
    const first = await rest("POST", "/posts", request);
    const second = await rest("POST", "/posts", request);
    expect(first.status).toBe(201);
    expect(second).toEqual({ ...first, headers: second.headers });
    expect(await postsOn("idem")).toHaveLength(1);
  });

  it("the same key with another body is a 409 and writes nothing", async () => {
    await rest("POST", "/posts", {
      body: { board: "idem-2", title: "First", body: "b", author: "ann" },
      headers: { "idempotency-key": "key-2-0000000000000000000000" },
    });
    await api.drainStream(); // the first post's search entries and number are the projector's, not this request's
    const before = await store.dump();
    const reused = await rest("POST", "/posts", {
      body: { board: "idem-2", title: "Second", body: "b", author: "ann" },
      headers: { "idempotency-key": "key-2-0000000000000000000000" },
    });
    expect(reused).toMatchObject({ status: 409, body: { code: "CONFLICT" } });
    expect(await store.dump()).toEqual(before);
  });

  it("comments too: a repeated create counts once", async () => {
    const { post } = await newPost("idem-3");
    const request = { body: { body: "Once", author: "bo" }, headers: { "idempotency-key": "comment-key-0000000000000000000000" } };
    const [first, second] = await Promise.all([
      rest("POST", `/posts/${post.postId}/comments`, request),
      rest("POST", `/posts/${post.postId}/comments`, request),
    ]);
    expect(second.body).toEqual(first.body);
    await api.drainStream();
    expect((await rest("GET", `/posts/${post.postId}`)).body.post.commentCount).toBe(1);
  });

  it("keeps the result 24 h with a TTL and never the edit token", async () => {
    const { editToken } = (
      await rest("POST", "/posts", {
        body: { board: "idem-4", title: "t", body: "b", author: "a" },
        headers: { "idempotency-key": "key-4-0000000000000000000000" },
      })
    ).body;
    const records = (await store.dump()).filter((item) => item.pk?.S?.startsWith("idem#"));
    expect(records.length).toBeGreaterThan(0);
    const record = records.find((item) => item.result?.S?.includes("idem-4"))!;
    const expiresIn = Number(record.expiresAt?.N) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(24 * 3600 - 60);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3600);
    expect(JSON.stringify(records)).not.toContain(editToken);
    expect(JSON.stringify(records)).not.toContain("key-4");
  });

  it("rejects a malformed key with 400", async () => {
    const response = await rest("POST", "/posts", {
      body: { board: "idem", title: "t", body: "b", author: "a" },
      headers: { "idempotency-key": "x".repeat(256) },
    });
    expect(response).toMatchObject({ status: 400, body: { issues: [{ path: "Idempotency-Key" }] } });
  });
});
