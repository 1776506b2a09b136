import { beforeAll, describe, expect, it } from "vitest";
import type { Json } from "./support/json.js";
import { createApp } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { createCursorCodec } from "../api/board/cursor.js";
import { BoardError } from "../api/board/errors.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { createTestBoard, createTestStore, testSigningSecret } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { testProjector } from "./support/projector.js";

let store: TestStore;
let call: (options: EventOptions) => Promise<{ status: number; body: Json }>;
const json = { "content-type": "application/json" };

beforeAll(async () => {
  store = await createTestStore();
  const lambda = createLambdaHandler(createApp({ operations: createTestBoard(store), allowedOrigins: [], log: () => {} }));
  call = async (options) => {
    const result = await lambda(apiGatewayEvent(options), lambdaContext());
    return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
  };
});

const newPost = async (board: string) =>
  (await call({ method: "POST", path: "/api/posts", headers: json, body: { board, title: "t", body: "b", author: "a" } })).body;

describe("concurrency through the handler", () => {
  it("50 concurrent updates with the same expectedVersion: exactly one succeeds, the rest are 409", async () => {
    const { post, editToken } = await newPost("fifty");
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call({
          method: "PATCH",
          path: `/api/posts/${post.postId}`,
          headers: { ...json, authorization: `Bearer ${editToken}` },
          body: { body: `edit ${i}`, expectedVersion: 1 },
        }),
      ),
    );
    const statuses = results.map((result) => result.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    const winner = results.find((result) => result.status === 200)!.body.body;
    expect((await call({ path: `/api/posts/${post.postId}` })).body.post).toMatchObject({ version: 2, body: winner });
  });

  it("concurrent comment creates and deletes keep commentCount exact", async () => {
    const { post } = await newPost("churn");
    const seeded = await Promise.all(
      Array.from({ length: 15 }, () => call({ method: "POST", path: `/api/posts/${post.postId}/comments`, headers: json, body: { body: "x", author: "a" } })),
    );
    await Promise.all([
      ...seeded.map(({ body }) =>
        call({
          method: "DELETE",
          path: `/api/posts/${post.postId}/comments/${body.comment.commentId}`,
          headers: { authorization: `Bearer ${body.editToken}` },
        }),
      ),
      ...Array.from({ length: 15 }, () =>
        call({ method: "POST", path: `/api/posts/${post.postId}/comments`, headers: json, body: { body: "y", author: "a" } }),
      ),
    ]);
    const items = (await store.dump()).filter((item) => item.pk?.S === `post#${post.postId}` && item.sk?.S?.startsWith("thread#comment#"));
    expect(items).toHaveLength(15);
    await testProjector(store).drain();
    expect((await call({ path: `/api/posts/${post.postId}` })).body.post.commentCount).toBe(15);
  });

  it("a post deleted while comments are being added leaves no orphan comment once the projector has run", async () => {
    const { post, editToken } = await newPost("racing-delete");
    const comments = Array.from({ length: 40 }, (_, i) =>
      call({ method: "POST", path: `/api/posts/${post.postId}/comments`, headers: json, body: { body: `c${i}`, author: "a" } }),
    );
    const deletion = call({ method: "DELETE", path: `/api/posts/${post.postId}`, headers: { authorization: `Bearer ${editToken}` } });
    const settled = await Promise.all([...comments, deletion]);
    expect(settled.at(-1)!.status).toBe(204);
    for (const result of settled.slice(0, -1)) expect([201, 404]).toContain(result.status);
    await testProjector(store).drain();
    expect((await store.dump()).filter((item) => item.pk?.S === `post#${post.postId}`)).toEqual([]);
  });
});

describe("tamper-proof cursors", () => {
  it("are bound to their list, signed, and expire", async () => {
    for (let i = 0; i < 3; i++) await newPost("cursor-a");
    await newPost("cursor-b");
    const { nextCursor } = (await call({ path: "/api/boards/cursor-a/posts", query: { limit: "1" } })).body;
    expect(nextCursor).toEqual(expect.any(String));
    const reject = async (board: string, cursor: string) => {
      const response = await call({ path: `/api/boards/${board}/posts`, query: { limit: "1", cursor } });
      expect(response.status).toBe(400);
      expect(response.body.issues).toEqual([{ path: "cursor", message: expect.any(String) }]);
    };
    await reject("cursor-b", nextCursor);
    const [payload, signature] = nextCursor.split(".");
    const forged = JSON.parse(Buffer.from(payload, "base64url").toString());
    forged.s = "board:cursor-b";
    await reject("cursor-b", `${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`);
    // One character changed, always (the old "replace the last two with AA" was no change once in 4,096 runs).
    await reject("cursor-a", `${payload}.${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`);
    await reject("cursor-a", `${payload}.${signature}.extra`);
    const { post } = await newPost("cursor-a");
    const commentsCursor = createCursorCodec(testSigningSecret).encode(`comments:${post.postId}`, post.postId);
    await reject("cursor-a", commentsCursor);

    const past = createCursorCodec(testSigningSecret, () => Date.now() - 25 * 3600 * 1000).encode("board:cursor-a", post.postId);
    await reject("cursor-a", past);
    const otherKey = createCursorCodec("another-secret-another-secret-another").encode("board:cursor-a", post.postId);
    await reject("cursor-a", otherKey);
  });

  it("decode only what encode made for that scope", () => {
    const codec = createCursorCodec(testSigningSecret);
    const id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
    expect(codec.decode("board:x", codec.encode("board:x", id))).toBe(id);
    expect(() => codec.decode("board:y", codec.encode("board:x", id))).toThrow(BoardError);
    expect(() => codec.decode("board:x", codec.encode("board:x", "not-a-ulid"))).toThrow(BoardError);
  });
});
