import { beforeAll, describe, expect, it } from "vitest";
import type { APIGatewayProxyResult } from "aws-lambda";
import { createApp } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { createWriteRateLimiter } from "../api/rate-limit.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import { limits } from "../api/limits.js";
import { hashPassword, passwordMatches } from "../api/board/passwords.js";
import { createTestBoard, createTestStore, testModeratorToken } from "./support/store.js";
import type { TestStore } from "./support/store.js";

type Board = ReturnType<typeof createTestBoard>;

let store: TestStore;
let clock = Date.UTC(2026, 11, 2, 12, 0, 0);
let board: Board;
const { perClient, perItem, windowSeconds } = limits.password.attempts;

beforeAll(async () => {
  store = await createTestStore();
  board = createTestBoard(store, () => new Date(clock));
});

const kindOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: { kind?: string }) => error.kind ?? String(error),
  );
const newPost = (password?: string) => board.posts.create({ board: "pw", title: "t", body: "b", author: "ㅇㅇ", ...(password ? { password } : {}) });

describe("비밀번호 on posts and comments", () => {
  it("is stored only as a scrypt hash, never shown, and a right password gives a token that edits and deletes from any device", async () => {
    const { post, editToken } = await newPost("한글비번1234");
    expect(post.hasPassword).toBe(true);
    expect(JSON.stringify(await store.dump())).not.toContain("한글비번1234");
    const stored = (await store.dump()).find((item) => item.sk?.S === "thread" && item.postId?.S === post.postId);
    expect(stored?.passwordHash?.S).toMatch(/^scrypt\$14\$8\$1\$/);
    const thread = await board.posts.thread({ postId: post.postId, limit: 5 });
    expect(Object.keys(thread.post)).not.toContain("passwordHash");

    // Another device: only the password.
    const unlocked = await board.posts.unlock({ postId: post.postId, password: "한글비번1234" }, "203.0.113.9");
    expect(unlocked.editToken).not.toBe(editToken);
    expect(unlocked.post.postId).toBe(post.postId);
    const edited = await board.posts.update({ postId: post.postId, title: "고침", expectedVersion: 1 }, { token: unlocked.editToken });
    expect(edited.title).toBe("고침");
    // The creation's token keeps working.
    await board.posts.update({ postId: post.postId, body: "또 고침", expectedVersion: 2 }, { token: editToken });
    // The same password again gives the same token (nothing stored per unlock).
    expect((await board.posts.unlock({ postId: post.postId, password: "한글비번1234" }, "203.0.113.10")).editToken).toBe(unlocked.editToken);
    await board.posts.delete({ postId: post.postId }, { token: unlocked.editToken });
    expect(await kindOf(board.posts.thread({ postId: post.postId, limit: 5 }))).toBe("NOT_FOUND");
  });

  it("matches a password typed decomposed (NFD, as macOS may) to the one typed composed", async () => {
    const stored = await hashPassword("비밀번호");
    expect(await passwordMatches("비밀번호".normalize("NFD"), stored)).toBe(true);
    expect(await passwordMatches("비밀번호!", stored)).toBe(false);
  });

  it("comments too: the password's token edits and deletes the comment, and not another one", async () => {
    const { post } = await newPost();
    const { comment } = await board.comments.create({ postId: post.postId, body: "첫 댓글", author: "ㅇㅇ", password: "pass1234" });
    const { comment: other } = await board.comments.create({ postId: post.postId, body: "남의 댓글", author: "ㅇㅇ", password: "pass1234" });
    expect(comment.hasPassword).toBe(true);
    const { editToken } = await board.comments.unlock({ postId: post.postId, commentId: comment.commentId, password: "pass1234" }, "c1");
    expect(await kindOf(board.comments.delete({ postId: post.postId, commentId: other.commentId }, { token: editToken }))).toBe("FORBIDDEN");
    expect(
      (await board.comments.update({ postId: post.postId, commentId: comment.commentId, body: "고친 댓글", expectedVersion: 1 }, { token: editToken })).body,
    ).toBe("고친 댓글");
    await board.comments.delete({ postId: post.postId, commentId: comment.commentId }, { token: editToken });
  });

  it("a wrong password is a 403 and gives nothing; an item without a password cannot be unlocked and records no attempt", async () => {
    const { post } = await newPost("right-one");
    expect(await kindOf(board.posts.unlock({ postId: post.postId, password: "wrong-one" }, "c2"))).toBe("FORBIDDEN");
    const { post: plain } = await newPost();
    expect(plain.hasPassword).toBe(false);
    const before = await store.dump();
    expect(await kindOf(board.posts.unlock({ postId: plain.postId, password: "anything" }, "c2"))).toBe("FORBIDDEN");
    expect(await kindOf(board.posts.unlock({ postId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", password: "anything" }, "c2"))).toBe("NOT_FOUND");
    expect(await store.dump()).toEqual(before);
  });

  it(`bounds guessing: ${perClient} attempts per client per item per window, then 429 even for the right password, until the window ends`, async () => {
    const { post } = await newPost("correct horse");
    for (let i = 0; i < perClient; i++) expect(await kindOf(board.posts.unlock({ postId: post.postId, password: `guess-${i}` }, "guesser"))).toBe("FORBIDDEN");
    const refused = await board.posts.unlock({ postId: post.postId, password: "correct horse" }, "guesser").catch((error) => error);
    expect(refused).toMatchObject({ kind: "TOO_MANY_REQUESTS" });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(windowSeconds);
    // Another client (the author on their PC) is not locked out by this one's guesses.
    expect(await kindOf(board.posts.unlock({ postId: post.postId, password: "correct horse" }, "author-pc"))).toBe("OK");
    // Nor is the guesser on another post.
    const { post: other } = await newPost("other");
    expect(await kindOf(board.posts.unlock({ postId: other.postId, password: "other" }, "guesser"))).toBe("OK");
    // The window ends by itself.
    clock += windowSeconds * 1000;
    expect(await kindOf(board.posts.unlock({ postId: post.postId, password: "correct horse" }, "guesser"))).toBe("OK");
  });

  it(`bounds guessing from many clients: ${perItem} attempts per item per window, racing guesses included, and the lock lifts when the window ends`, async () => {
    const { post } = await newPost("many-clients");
    const outcomes = await Promise.all(
      Array.from({ length: perItem + 10 }, (_, i) => kindOf(board.posts.unlock({ postId: post.postId, password: `guess-${i}` }, `bot-${i}`))),
    );
    expect(outcomes.filter((outcome) => outcome === "FORBIDDEN")).toHaveLength(perItem);
    expect(outcomes.filter((outcome) => outcome === "TOO_MANY_REQUESTS")).toHaveLength(10);
    // The author's edit token and the moderator still work while the password rests.
    expect(await kindOf(board.posts.unlock({ postId: post.postId, password: "many-clients" }, "author"))).toBe("TOO_MANY_REQUESTS");
    expect(await kindOf(board.posts.update({ postId: post.postId, title: "moderated", expectedVersion: 1 }, { token: testModeratorToken }))).toBe("OK");
    clock += windowSeconds * 1000;
    expect(await kindOf(board.posts.unlock({ postId: post.postId, password: "many-clients" }, "author"))).toBe("OK");
  });
});

describe("비밀번호 over HTTP", () => {
  type Handler = (event: ReturnType<typeof apiGatewayEvent>) => Promise<APIGatewayProxyResult>;
  const logged: string[] = [];
  const handlerWith = (writesPerMinute?: number): Handler => {
    const rateLimiter = writesPerMinute ? createWriteRateLimiter({ client: store.client, table: store.table, writesPerMinute, now: () => clock }) : undefined;
    const log = (entry: Record<string, unknown>) => void logged.push(JSON.stringify(entry));
    const lambda = createLambdaHandler(createApp({ operations: board, ...(rateLimiter ? { rateLimiter } : {}), trustedProxyHops: 1, allowedOrigins: [], log }));
    return (event) => lambda(event, lambdaContext());
  };
  const post = (handler: Handler, path: string, body: object, ip: string) =>
    handler(apiGatewayEvent({ method: "POST", path, headers: { "content-type": "application/json", "X-Forwarded-For": ip }, body }));

  it("a too-short password is a 400 that names the field and writes nothing", async () => {
    const before = await store.dump();
    const short = await post(handlerWith(), "/api/posts", { board: "pw", title: "t", body: "b", author: "a", password: "abc" }, "198.51.100.50");
    expect(short.statusCode).toBe(400);
    expect(JSON.parse(short.body)).toMatchObject({ issues: [expect.objectContaining({ path: "password", message: "Must be 4–64 characters." })] });
    expect(await store.dump()).toEqual(before);
  });

  it("each attempt counts as a write: the client's write limit refuses a guess before the password is checked", async () => {
    const handler = handlerWith(3);
    const created = await post(handler, "/api/posts", { board: "pw", title: "t", body: "b", author: "a", password: "abcd" }, "198.51.100.51");
    expect(created.statusCode).toBe(201);
    const { post: made } = JSON.parse(created.body);
    expect((await post(handler, `/api/posts/${made.postId}/edit-token`, { password: "nope" }, "198.51.100.51")).statusCode).toBe(403);
    expect((await post(handler, `/api/posts/${made.postId}/edit-token`, { password: "abcd" }, "198.51.100.51")).statusCode).toBe(200);
    const limited = await post(handler, `/api/posts/${made.postId}/edit-token`, { password: "abcd" }, "198.51.100.51");
    expect(limited.statusCode).toBe(429);
    expect(JSON.parse(limited.body).message).toMatch(/^Too many writes/);
    // The request log says what happened, never the password.
    expect(logged.length).toBeGreaterThanOrEqual(4);
    expect(logged.join("\n")).not.toMatch(/abcd|nope/);
  });

  it("a per-item lockout is a 429 with Retry-After, in the board's words", async () => {
    const handler = handlerWith();
    const { post: made } = await newPost("locked-pw");
    for (let i = 0; i < perClient; i++) await post(handler, `/api/posts/${made.postId}/edit-token`, { password: `guess-${i}` }, "198.51.100.60");
    const locked = await post(handler, `/api/posts/${made.postId}/edit-token`, { password: "locked-pw" }, "198.51.100.60");
    expect(locked.statusCode).toBe(429);
    expect(JSON.parse(locked.body).message).toMatch(/^Too many password attempts on this item: try again in \d+ min\.$/);
    const headers = Object.fromEntries(Object.entries(locked.multiValueHeaders ?? {}).map(([name, values]) => [name.toLowerCase(), String(values)]));
    const retryAfter = Number(headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  });
});
