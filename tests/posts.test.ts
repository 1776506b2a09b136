import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { BoardError } from "../api/board/errors.js";
import { createTestBoard, createTestStore, testModeratorToken } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { testProjector } from "./support/projector.js";

let store: TestStore;
let board: ReturnType<typeof createTestBoard>;

beforeAll(async () => {
  store = await createTestStore();
  board = createTestBoard(store);
});

const newPost = (overrides: Partial<{ board: string; title: string; body: string; author: string }> = {}) =>
  board.posts.create({ board: "general", title: "A title", body: "A body", author: "ann", ...overrides });

async function rejection(promise: Promise<unknown>): Promise<BoardError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BoardError);
  return error as BoardError;
}

describe("posts", () => {
  it("creates a post with a ULID, version 1, no comments and a one-time edit token it stores only as a hash", async () => {
    const { post, editToken } = await newPost({ board: "create" });
    expect(post.postId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(post).toMatchObject({ board: "create", version: 1, commentCount: 0 });
    expect(post).not.toHaveProperty("editTokenHash");
    expect(Buffer.from(editToken, "base64url").length).toBeGreaterThanOrEqual(16);
    const stored = JSON.stringify(await store.dump());
    expect(stored).not.toContain(editToken);
    expect(stored).toContain("editTokenHash");
  });

  it("lists a board newest first in pages, with one Query on gsi1 per page and a null cursor on the last page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await newPost({ board: "paging", title: `post ${i}` })).post.postId);
    await newPost({ board: "elsewhere" });

    store.commands.length = 0;
    const first = await board.posts.list({ board: "paging", limit: 2 });
    expect(store.commands).toEqual(["Query"]);
    expect(first.items.map((p) => p.postId)).toEqual([ids[4], ids[3]]);
    expect(first.nextCursor).toEqual(expect.any(String));

    const second = await board.posts.list({ board: "paging", limit: 2, cursor: first.nextCursor });
    expect(second.items.map((p) => p.postId)).toEqual([ids[2], ids[1]]);
    const third = await board.posts.list({ board: "paging", limit: 2, cursor: second.nextCursor });
    expect(third.items.map((p) => p.postId)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();

    const exact = await board.posts.list({ board: "paging", limit: 5 });
    expect(exact.items).toHaveLength(5);
    expect(exact.nextCursor).toBeNull();
    expect(await board.posts.list({ board: "empty-board", limit: 20 })).toEqual({ items: [], nextCursor: null });
  });

  it("reads a thread (the post and its first comments, oldest first) with exactly one Query", async () => {
    const { post } = await newPost({ board: "thread" });
    const commentIds: string[] = [];
    for (let i = 0; i < 4; i++) commentIds.push((await board.comments.create({ postId: post.postId, body: `c${i}`, author: "bo" })).comment.commentId);

    await testProjector(store).drain();
    store.commands.length = 0;
    const thread = await board.posts.thread({ postId: post.postId, limit: 3 });
    expect(store.commands).toEqual(["Query"]);
    expect(thread.post).toMatchObject({ postId: post.postId, commentCount: 4 });
    expect(thread.comments.items.map((c) => c.commentId)).toEqual(commentIds.slice(0, 3));

    const rest = await board.comments.list({ postId: post.postId, limit: 3, cursor: thread.comments.nextCursor });
    expect(rest.items.map((c) => c.commentId)).toEqual(commentIds.slice(3));
    expect(rest.nextCursor).toBeNull();

    const whole = await board.posts.thread({ postId: post.postId, limit: 4 });
    expect(whole.comments.items).toHaveLength(4);
    expect(whole.comments.nextCursor).toBeNull();
  });

  it("says NOT_FOUND for a thread that does not exist", async () => {
    expect((await rejection(board.posts.thread({ postId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", limit: 20 }))).kind).toBe("NOT_FOUND");
  });

  it("updates with the expected version, and tells a stale version (CONFLICT) from a missing post (NOT_FOUND)", async () => {
    const { post, editToken } = await newPost({ board: "updates" });
    const actor = { token: editToken };
    const updated = await board.posts.update({ postId: post.postId, title: "New title", expectedVersion: 1 }, actor);
    expect(updated).toMatchObject({ title: "New title", body: "A body", version: 2 });
    expect(updated.updatedAt >= post.updatedAt).toBe(true);

    const stale = await rejection(board.posts.update({ postId: post.postId, body: "lost edit", expectedVersion: 1 }, actor));
    expect(stale.kind).toBe("CONFLICT");
    expect(stale.message).toContain("version 2");
    const missing = await rejection(board.posts.update({ postId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", title: "x", expectedVersion: 1 }, actor));
    expect(missing.kind).toBe("NOT_FOUND");
    expect((await board.posts.thread({ postId: post.postId, limit: 1 })).post).toMatchObject({ title: "New title", body: "A body", version: 2 });
  });

  it("requires the post's edit token or the moderator token to change it", async () => {
    const { post, editToken } = await newPost({ board: "owners" });
    const other = await newPost({ board: "owners" });
    const edit = (token: string | undefined, expectedVersion: number) =>
      board.posts.update({ postId: post.postId, title: "changed", expectedVersion }, { token });
    expect((await rejection(edit(undefined, 1))).kind).toBe("UNAUTHORIZED");
    expect((await rejection(edit(other.editToken, 1))).kind).toBe("FORBIDDEN");
    expect((await rejection(edit("not-a-token", 1))).kind).toBe("FORBIDDEN");
    await expect(edit(editToken, 1)).resolves.toMatchObject({ version: 2 });
    await expect(edit(testModeratorToken, 2)).resolves.toMatchObject({ version: 3 });
    expect((await rejection(board.posts.delete({ postId: post.postId }, { token: other.editToken }))).kind).toBe("FORBIDDEN");
  });

  it("would see a Scan: the store records it before refusing it", async () => {
    store.commands.length = 0;
    await expect(store.client.send(new ScanCommand({ TableName: store.table }))).rejects.toThrow(/Scan/);
    expect(store.commands).toEqual(["Scan"]);
  });

  it("deletes a post with all its comments and leaves nothing behind, without a Scan", async () => {
    const { post, editToken } = await newPost({ board: "deletes" });
    const survivor = await newPost({ board: "deletes" });
    for (let i = 0; i < 130; i++) await board.comments.create({ postId: post.postId, body: `c${i}`, author: "bo" });
    store.commands.length = 0;
    await expect(board.posts.delete({ postId: post.postId }, { token: editToken })).resolves.toEqual({ postId: post.postId, deleted: true });
    expect(store.commands).not.toContain("Scan");
    expect(store.commands).toContain("Query");
    const left = (await store.dump()).filter((item) => item.pk?.S === `post#${post.postId}`);
    expect(left).toEqual([]);
    expect((await rejection(board.posts.thread({ postId: post.postId, limit: 20 }))).kind).toBe("NOT_FOUND");
    expect((await rejection(board.posts.delete({ postId: post.postId }, { token: editToken }))).kind).toBe("NOT_FOUND");
    expect((await board.posts.list({ board: "deletes", limit: 20 })).items.map((p) => p.postId)).toEqual([survivor.post.postId]);
  });
});
