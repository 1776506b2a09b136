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

const newPost = (name: string) => board.posts.create({ board: name, title: "A title", body: "A body", author: "ann" });
const commentOn = (postId: string, body = "A comment") => board.comments.create({ postId, body, author: "bo" });
const itemsOf = async (postId: string) => (await store.dump()).filter((item) => item.pk?.S === `post#${postId}`);

async function kindOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BoardError);
  return (error as BoardError).kind;
}

describe("comments", () => {
  it("writes the comment alone, never its post (a busy post would be one item every commenter writes); the count follows from the stream", async () => {
    const { post } = await newPost("tx");
    store.commands.length = 0;
    const { comment, editToken } = await commentOn(post.postId);
    expect(store.commands).toEqual(["GetItem", "PutItem"]);
    expect(store.transactionItems).toEqual([]);
    expect(comment).toMatchObject({ postId: post.postId, version: 1 });
    expect(editToken.length).toBeGreaterThanOrEqual(22);
    expect((await board.posts.thread({ postId: post.postId, limit: 5 })).post.commentCount).toBe(0);
    await testProjector(store).drain();
    expect((await board.posts.thread({ postId: post.postId, limit: 5 })).post.commentCount).toBe(1);
  });

  it("writes nothing for a comment on a missing post", async () => {
    const missing = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
    const before = await store.dump();
    expect(await kindOf(commentOn(missing))).toBe("NOT_FOUND");
    expect(await store.dump()).toEqual(before);
  });

  it("writes nothing for a comment on a deleted post", async () => {
    const { post, editToken } = await newPost("gone");
    await board.posts.delete({ postId: post.postId }, { token: editToken });
    expect(await kindOf(commentOn(post.postId))).toBe("NOT_FOUND");
    expect(await itemsOf(post.postId)).toEqual([]);
  });

  it("keeps the count exact under 20 concurrent comments", async () => {
    const { post } = await newPost("busy");
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => commentOn(post.postId, `comment ${i}`)));
    await testProjector(store).drain();
    const thread = await board.posts.thread({ postId: post.postId, limit: 100 });
    expect(thread.post.commentCount).toBe(20);
    expect(thread.comments.items).toHaveLength(20);
    expect(new Set(created.map((c) => c.comment.commentId)).size).toBe(20);
  });

  it("lists comments oldest first, one Query a page", async () => {
    const { post } = await newPost("pages");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await commentOn(post.postId, `c${i}`)).comment.commentId);
    store.commands.length = 0;
    const first = await board.comments.list({ postId: post.postId, limit: 2 });
    expect(store.commands).toEqual(["Query"]);
    const second = await board.comments.list({ postId: post.postId, limit: 2, cursor: first.nextCursor });
    const third = await board.comments.list({ postId: post.postId, limit: 2, cursor: second.nextCursor });
    expect([...first.items, ...second.items, ...third.items].map((c) => c.commentId)).toEqual(ids);
    expect(third.nextCursor).toBeNull();
    const other = await newPost("pages");
    expect(await kindOf(board.comments.list({ postId: other.post.postId, limit: 2, cursor: first.nextCursor }))).toBe("BAD_REQUEST");
  });

  it("edits with a version check and the comment's own token", async () => {
    const { post } = await newPost("edits");
    const { comment, editToken } = await commentOn(post.postId);
    const key = { postId: post.postId, commentId: comment.commentId };
    expect(await kindOf(board.comments.update({ ...key, body: "x", expectedVersion: 1 }, { token: undefined }))).toBe("UNAUTHORIZED");
    const postOwner = await newPost("edits");
    expect(await kindOf(board.comments.update({ ...key, body: "x", expectedVersion: 1 }, { token: postOwner.editToken }))).toBe("FORBIDDEN");
    await expect(board.comments.update({ ...key, body: "edited", expectedVersion: 1 }, { token: editToken })).resolves.toMatchObject({
      body: "edited",
      version: 2,
    });
    expect(await kindOf(board.comments.update({ ...key, body: "stale", expectedVersion: 1 }, { token: editToken }))).toBe("CONFLICT");
    await expect(board.comments.update({ ...key, body: "moderated", expectedVersion: 2 }, { token: testModeratorToken })).resolves.toMatchObject({
      version: 3,
    });
    expect(
      await kindOf(
        board.comments.update({ postId: post.postId, commentId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", body: "x", expectedVersion: 1 }, { token: editToken }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("deletes the comment alone; the count follows from the stream", async () => {
    const { post } = await newPost("removal");
    const { comment, editToken } = await commentOn(post.postId);
    await commentOn(post.postId);
    const key = { postId: post.postId, commentId: comment.commentId };
    store.commands.length = 0;
    await expect(board.comments.delete(key, { token: editToken })).resolves.toEqual({ ...key, deleted: true });
    expect(store.commands).toEqual(["GetItem", "DeleteItem"]);
    await testProjector(store).drain();
    expect((await board.posts.thread({ postId: post.postId, limit: 10 })).post.commentCount).toBe(1);
    expect(await kindOf(board.comments.delete(key, { token: editToken }))).toBe("NOT_FOUND");
    await testProjector(store).drain();
    expect((await board.posts.thread({ postId: post.postId, limit: 10 })).post.commentCount).toBe(1);
  });
});
