import { newObservations } from "../api/request-observations.js";
import { beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { appRouter } from "../api/router.js";
import { limits } from "../api/limits.js";
import { createTestBoard, createTestStore } from "./support/store.js";
import type { TestStore } from "./support/store.js";

let store: TestStore;
let caller: ReturnType<typeof appRouter.createCaller>;
let postId: string;
let postToken: string;

beforeAll(async () => {
  store = await createTestStore();
  caller = appRouter.createCaller({
    operations: createTestBoard(store),
    actor: { token: undefined },
    requestId: "test",
    idempotencyKey: undefined,
    ifMatchVersion: undefined,
    takeWrite: async () => ({ allowed: true }),
    responseHeaders: new Headers(),
    observations: newObservations(),
  });
  const created = await caller.posts.create({ board: "limits", title: "t", body: "b", author: "a" });
  postId = created.post.postId;
  postToken = created.editToken;
});

const x = (n: number) => "x".repeat(n);

async function badRequestPaths(run: () => Promise<unknown>): Promise<string[]> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("BAD_REQUEST");
  const issues = ((error as TRPCError).cause as { issues?: { path: PropertyKey[] | string }[] }).issues ?? [];
  return issues.map((issue) => (Array.isArray(issue.path) ? issue.path.join(".") : String(issue.path)));
}

const post = (fields: Record<string, unknown>) => () => caller.posts.create({ board: "limits", title: "t", body: "b", author: "a", ...fields } as never);
const comment = (fields: Record<string, unknown>) => () => caller.comments.create({ postId, body: "b", author: "a", ...fields } as never);
const listPosts = (fields: Record<string, unknown>) => () => caller.posts.list({ board: "limits", ...fields } as never);

const edges = [
  { name: "title", run: post, field: "title", max: limits.titleLength.max },
  { name: "post body", run: post, field: "body", max: limits.postBodyLength.max },
  { name: "author", run: post, field: "author", max: limits.authorLength.max },
  { name: "comment body", run: comment, field: "body", max: limits.commentBodyLength.max },
];

describe("input limits", () => {
  for (const { name, run, field, max } of edges) {
    it(`${name}: 1 and ${max} characters pass; empty, blank and ${max + 1} fail`, async () => {
      await expect(run({ [field]: x(1) })()).resolves.toBeDefined();
      await expect(run({ [field]: x(max) })()).resolves.toBeDefined();
      expect(await badRequestPaths(run({ [field]: x(max + 1) }))).toEqual([field]);
      expect(await badRequestPaths(run({ [field]: "" }))).toEqual([field]);
      expect(await badRequestPaths(run({ [field]: " \n\t " }))).toEqual([field]);
    });
  }

  it("trims text, keeps newlines and tabs, folds CRLF and rejects other control characters", async () => {
    const { post: created } = await post({ title: "  padded  ", body: "line 1\r\nline 2\n\tindented" })();
    expect(created.title).toBe("padded");
    expect(created.body).toBe("line 1\nline 2\n\tindented");
    for (const bad of ["a\u0000b", "bell\u0007", "esc\u001b[31m", "del\u007f", "c1\u0085"]) {
      expect(await badRequestPaths(post({ title: bad }))).toEqual(["title"]);
    }
    // Limits apply after trimming.
    await expect(post({ title: `  ${x(limits.titleLength.max)}  ` })()).resolves.toBeDefined();
  });

  it("board slugs: lowercase letters, digits and dashes, 1–32", async () => {
    await expect(post({ board: "a" })()).resolves.toBeDefined();
    await expect(post({ board: `a-${x(28)}-9` })()).resolves.toBeDefined();
    for (const bad of ["", x(33), "Upper", "sp ace", "under_score", "slash/", "ünï"]) {
      expect(await badRequestPaths(post({ board: bad }))).toEqual(["board"]);
    }
  });

  it("page sizes 1–100, default 20", async () => {
    await expect(listPosts({ limit: 1 })()).resolves.toBeDefined();
    await expect(listPosts({ limit: 100 })()).resolves.toBeDefined();
    for (const bad of [0, 101, 1.5, -1, "20"]) expect(await badRequestPaths(listPosts({ limit: bad }))).toEqual(["limit"]);
    for (let i = 0; i < 21; i++) await caller.posts.create({ board: "twenty-one", title: "t", body: "b", author: "a" });
    const page = await caller.posts.list({ board: "twenty-one" });
    expect(page.items).toHaveLength(limits.pageSize.default);
    expect(page.nextCursor).not.toBeNull();
  });

  it("ids must be ULIDs and versions positive integers", async () => {
    expect(await badRequestPaths(() => caller.posts.get({ postId: "not-an-id" }))).toEqual(["postId"]);
    expect(await badRequestPaths(() => caller.posts.get({ postId: postId.toLowerCase() }))).toEqual(["postId"]);
    const authed = appRouter.createCaller({
      operations: createTestBoard(store),
      actor: { token: postToken },
      requestId: "test",
      idempotencyKey: undefined,
      ifMatchVersion: undefined,
      takeWrite: async () => ({ allowed: true }),
      responseHeaders: new Headers(),
      observations: newObservations(),
    });
    expect(await badRequestPaths(() => authed.posts.update({ postId, title: "t", expectedVersion: 0 }))).toEqual(["expectedVersion"]);
    expect(await badRequestPaths(() => authed.posts.update({ postId, expectedVersion: 1 }))).toEqual(["title"]);
    expect(await badRequestPaths(() => authed.posts.update({ postId, title: "no version" }))).toEqual(["expectedVersion"]);
  });

  it("cursors are bounded in length", async () => {
    expect(await badRequestPaths(listPosts({ cursor: x(limits.cursorLength.max + 1) }))).toEqual(["cursor"]);
  });

  it("a rejected input writes nothing", async () => {
    const before = await store.dump();
    await badRequestPaths(post({ title: x(limits.titleLength.max + 1) }));
    await badRequestPaths(comment({ body: "" }));
    expect(await store.dump()).toEqual(before);
  });
});
