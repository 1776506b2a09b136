import { beforeAll, describe, expect, it } from "vitest";
import { limits } from "../api/limits.js";
import { createTestBoard, createTestStore, testModeratorToken } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { projectorDeliveringTwice, testProjector } from "./support/projector.js";
import { createApp } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { createWriteRateLimiter } from "../api/rate-limit.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";

let store: TestStore;
let board: ReturnType<typeof createTestBoard>;
const moderator = { token: testModeratorToken };
const threshold = limits.reports.hideThreshold;

beforeAll(async () => {
  store = await createTestStore();
  board = createTestBoard(store);
});

const kindOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: { kind?: string }) => error.kind ?? String(error),
  );
const newPost = async (title = "신고될 글", where = "reports") => (await board.posts.create({ board: where, title, body: "본문", author: "ㅇㅇ" })).post;
const reportBy = (reporter: string, item: { postId: string; commentId?: string }, reason: "spam" | "abuse" | "illegal" | "other" = "spam", text?: string) =>
  board.moderation.report({ ...item, reason, ...(text ? { text } : {}) }, reporter);
const entryOf = async (item: { postId: string; commentId?: string }) =>
  (await board.moderation.queue({ order: "newest", limit: 50 }, moderator)).items.find(
    (entry) => entry.postId === item.postId && entry.commentId === item.commentId,
  );

describe("신고 (reports)", () => {
  it("one per reader per item: a repeat is not counted and writes nothing; a missing item is a 404 that writes nothing", async () => {
    const post = await newPost();
    expect(await reportBy("reader-1", post)).toMatchObject({ counted: true });
    const before = await store.dump();
    expect(await reportBy("reader-1", post, "abuse")).toMatchObject({ counted: false });
    expect(await kindOf(reportBy("reader-1", { postId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }))).toBe("NOT_FOUND");
    expect(await kindOf(reportBy("reader-1", { postId: post.postId, commentId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }))).toBe("NOT_FOUND");
    expect(await store.dump()).toEqual(before);
    // The reporter is a keyed hash, never the client key itself.
    expect(JSON.stringify(before)).not.toContain("reader-1");
  });

  it(`counts racing reporters exactly, under redelivery, and hides the item at ${threshold} reports pending review`, async () => {
    const post = await newPost("광고 글");
    await board.comments.create({ postId: post.postId, body: "정상 댓글", author: "ㅇㅇ" });
    await Promise.all(Array.from({ length: threshold - 1 }, (_, i) => reportBy(`racer-${i}`, post, i % 2 ? "spam" : "abuse")));
    await projectorDeliveringTwice(store).drain();
    expect(await entryOf(post)).toMatchObject({ status: "open", reports: threshold - 1, title: "광고 글", excerpt: "본문" });
    expect((await board.posts.thread({ postId: post.postId, limit: 5 })).post.title).toBe("광고 글");

    await Promise.all(Array.from({ length: 3 }, (_, i) => reportBy(`late-${i}`, post, "other", `도배 ${i}`)));
    await projectorDeliveringTwice(store).drain();
    const entry = await entryOf(post);
    expect(entry).toMatchObject({ status: "hidden", reports: threshold + 2 });
    expect(entry!.reasons).toEqual({ spam: Math.floor((threshold - 1) / 2), abuse: Math.ceil((threshold - 1) / 2), illegal: 0, other: 3 });
    expect(entry!.lastText).toMatch(/^도배 \d$/);

    // Hidden: its words and images are withheld everywhere a reader sees it.
    const { post: shown } = await board.posts.thread({ postId: post.postId, limit: 5 });
    expect(shown).toMatchObject({ title: "", body: "", attachments: [], hiddenAt: expect.any(String) });
    await testProjector(store).drain();
    const page = await board.posts.search({ board: "reports", q: "광고", scope: "all", limit: 20 });
    expect(page.items.map((item) => item.postId)).not.toContain(post.postId);
  });

  it("a comment is reported and hidden on its own, its post untouched", async () => {
    const post = await newPost("멀쩡한 글");
    const { comment } = await board.comments.create({ postId: post.postId, body: "욕설 댓글", author: "ㅇㅇ" });
    const item = { postId: post.postId, commentId: comment.commentId };
    await Promise.all(Array.from({ length: threshold }, (_, i) => reportBy(`c-${i}`, item, "abuse")));
    await testProjector(store).drain();
    expect(await entryOf(item)).toMatchObject({ status: "hidden", reports: threshold, excerpt: "욕설 댓글" });
    const thread = await board.posts.thread({ postId: post.postId, limit: 5 });
    expect(thread.post.title).toBe("멀쩡한 글");
    expect(thread.comments.items[0]).toMatchObject({ body: "", hiddenAt: expect.any(String) });
  });

  it("the moderator decides: dismiss shows it again and sets its reports aside, so hiding it again takes the threshold anew", async () => {
    const post = await newPost("억울한 글");
    await Promise.all(Array.from({ length: threshold }, (_, i) => reportBy(`d-${i}`, post)));
    await testProjector(store).drain();
    expect((await entryOf(post))?.status).toBe("hidden");
    expect(await board.moderation.review({ postId: post.postId, action: "dismiss" }, moderator)).toMatchObject({ status: "dismissed" });
    expect((await board.posts.thread({ postId: post.postId, limit: 5 })).post.title).toBe("억울한 글");
    expect(await entryOf(post)).toMatchObject({ status: "dismissed", reports: 0 });
    // Reported again: it waits in the queue again, and stays shown until the threshold is reached anew.
    await Promise.all(Array.from({ length: threshold - 1 }, (_, i) => reportBy(`e-${i}`, post)));
    await testProjector(store).drain();
    expect(await entryOf(post)).toMatchObject({ status: "open", reports: threshold - 1 });
    expect((await board.posts.thread({ postId: post.postId, limit: 5 })).post.title).toBe("억울한 글");
    await reportBy("e-last", post);
    await testProjector(store).drain();
    expect(await entryOf(post)).toMatchObject({ status: "hidden", reports: threshold });
    expect((await board.posts.thread({ postId: post.postId, limit: 5 })).post.title).toBe("");
    await board.moderation.review({ postId: post.postId, action: "unhide" }, moderator);
    expect((await board.posts.thread({ postId: post.postId, limit: 5 })).post.title).toBe("억울한 글");
    // Hide and delete are the moderator's too.
    await board.moderation.review({ postId: post.postId, action: "hide" }, moderator);
    expect((await board.posts.thread({ postId: post.postId, limit: 5 })).post.title).toBe("");
    await board.moderation.review({ postId: post.postId, action: "delete" }, moderator);
    expect(await kindOf(board.posts.thread({ postId: post.postId, limit: 5 }))).toBe("NOT_FOUND");
    expect((await entryOf(post))?.status).toBe("removed");
  });

  it("the queue: waiting entries first, newest report or most reports first, and only for the moderator", async () => {
    expect(await kindOf(board.moderation.queue({ order: "newest", limit: 10 }, { token: undefined }))).toBe("UNAUTHORIZED");
    expect(await kindOf(board.moderation.queue({ order: "newest", limit: 10 }, { token: "not-it" }))).toBe("FORBIDDEN");
    expect(await kindOf(board.moderation.review({ postId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", action: "hide" }, { token: "not-it" }))).toBe("FORBIDDEN");
    const few = await newPost("조금 신고");
    const many = await newPost("많이 신고");
    for (let i = 0; i < 3; i++) await reportBy(`m-${i}`, many);
    await reportBy("f-0", few);
    await testProjector(store).drain();
    const most = (await board.moderation.queue({ order: "most", limit: 50 }, moderator)).items;
    const waiting = most.filter((entry) => entry.status === "open" || entry.status === "hidden");
    expect(most.slice(0, waiting.length)).toEqual(waiting);
    expect(waiting.findIndex((entry) => entry.postId === many.postId)).toBeLessThan(waiting.findIndex((entry) => entry.postId === few.postId));
    const newest = (await board.moderation.queue({ order: "newest", limit: 50 }, moderator)).items;
    expect(newest.findIndex((entry) => entry.postId === few.postId)).toBeLessThan(newest.findIndex((entry) => entry.postId === many.postId));
    // Pages: one entry at a time, every entry once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof board.moderation.queue>> = await board.moderation.queue({ order: "most", limit: 1, cursor }, moderator);
      seen.push(...page.items.map((entry) => `${entry.postId}/${entry.commentId ?? ""}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(most.map((entry) => `${entry.postId}/${entry.commentId ?? ""}`));
  });

  it("an item deleted before its first report is counted leaves nothing to review", async () => {
    const post = await newPost("곧 지울 글");
    await reportBy("g-0", post);
    await board.posts.delete({ postId: post.postId }, moderator);
    await testProjector(store).drain();
    expect(await entryOf(post)).toBeUndefined();
  });
});

describe("a report flood is seen", () => {
  it("each counted report is a ReportsFiled metric in the request's log line (the alarm sums it); a repeat is not", async () => {
    const logged: Record<string, unknown>[] = [];
    const lambda = createLambdaHandler(createApp({ operations: board, trustedProxyHops: 1, allowedOrigins: [], log: (entry) => void logged.push(entry) }));
    const post = await newPost("홍수");
    const send = () =>
      lambda(
        apiGatewayEvent({
          method: "POST",
          path: `/api/posts/${post.postId}/reports`,
          headers: { "content-type": "application/json", "X-Forwarded-For": "198.51.100.77" },
          body: { reason: "spam" },
        }),
        lambdaContext(),
      );
    expect((await send()).statusCode).toBe(200);
    expect((await send()).statusCode).toBe(200);
    const [first, repeat] = logged.slice(-2);
    expect(first).toMatchObject({ ReportsFiled: 1 });
    expect(JSON.stringify((first as { _aws: unknown })._aws)).toContain("ReportsFiled");
    expect(repeat).not.toHaveProperty("ReportsFiled");
  });

  it("each report is a write: one address reporting everything runs into its write limit", async () => {
    const rateLimiter = createWriteRateLimiter({ client: store.client, table: store.table, writesPerMinute: 3 });
    const lambda = createLambdaHandler(createApp({ operations: board, rateLimiter, trustedProxyHops: 1, allowedOrigins: [], log: () => {} }));
    const posts = await Promise.all(Array.from({ length: 4 }, (_, i) => newPost(`flood ${i}`)));
    const statuses: number[] = [];
    for (const post of posts)
      statuses.push(
        (
          await lambda(
            apiGatewayEvent({
              method: "POST",
              path: `/api/posts/${post.postId}/reports`,
              headers: { "content-type": "application/json", "X-Forwarded-For": "198.51.100.78" },
              body: { reason: "spam" },
            }),
            lambdaContext(),
          )
        ).statusCode,
      );
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
