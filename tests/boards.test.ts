import { beforeAll, describe, expect, it } from "vitest";
import { refusal } from "./support/refusal.js";
import { pageRange } from "../api/board/boards.js";
import { limits } from "../api/limits.js";
import { createTestBoard, createTestStore, testModeratorToken } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { projectorDeliveringTwice, testProjector } from "./support/projector.js";

let store: TestStore;
let board: ReturnType<typeof createTestBoard>;
let projector: ReturnType<typeof testProjector>;
const moderator = { token: testModeratorToken };

beforeAll(async () => {
  store = await createTestStore();
  board = createTestBoard(store);
  projector = testProjector(store);
});

const write = async (name: string, title: string) => (await board.posts.create({ board: name, title, body: "본문", author: "ㅇㅇ" })).post.postId;

describe("boards", () => {
  it("are opened, renamed and ordered by the moderator only; the list is one Query", async () => {
    expect((await refusal(board.boards.create({ board: "free", name: "자유게시판", description: "" }, { token: undefined }))).kind).toBe("UNAUTHORIZED");
    expect((await refusal(board.boards.create({ board: "free", name: "자유게시판", description: "" }, { token: "guess" }))).kind).toBe("FORBIDDEN");
    await board.boards.create({ board: "free", name: "자유게시판", description: "아무 이야기나" }, moderator);
    const qna = await board.boards.create({ board: "qna", name: "질문게시판", description: "" }, moderator);
    expect((await refusal(board.boards.create({ board: "free", name: "또", description: "" }, moderator))).kind).toBe("CONFLICT");

    await board.boards.update({ board: "qna", position: 0, expectedVersion: qna.version }, moderator);
    expect((await refusal(board.boards.update({ board: "qna", name: "묻고 답하기", expectedVersion: qna.version }, moderator))).kind).toBe("CONFLICT");
    await board.boards.update({ board: "qna", name: "묻고 답하기", expectedVersion: qna.version + 1 }, moderator);
    expect((await refusal(board.boards.update({ board: "nope", name: "x", expectedVersion: 1 }, moderator))).kind).toBe("NOT_FOUND");

    await write("free", "첫 글");
    await projector.drain();
    store.commands.length = 0;
    const boards = await board.boards.list();
    expect(store.commands).toEqual(["Query"]);
    expect(boards.map((item) => [item.board, item.name, item.postCount])).toEqual([
      ["qna", "묻고 답하기", 0],
      ["free", "자유게시판", 1],
    ]);
  });

  it("say 'no such board' for a slug nobody opened", async () => {
    const error = await refusal(board.boards.page({ board: "frea", page: 1 }));
    expect(error.kind).toBe("NOT_FOUND");
    expect(error.message).toBe('No board is called "frea".');
  });
});

describe("post numbers and numbered pages", () => {
  it("number a board's posts 1, 2, 3… once, exact under redelivery, never reusing a deleted post's number", async () => {
    await board.boards.create({ board: "numbers", name: "번호", description: "" }, moderator);
    const ids = [];
    for (let i = 1; i <= 5; i++) ids.push(await write("numbers", `글 ${i}`));
    // Every record delivered twice: nothing is numbered twice.
    const twice = projectorDeliveringTwice(store);
    await twice.drain();
    await projector.drain();
    const page = await board.boards.page({ board: "numbers", page: 1 });
    expect(page.posts.map((row) => [row.number, row.title])).toEqual([
      [5, "글 5"],
      [4, "글 4"],
      [3, "글 3"],
      [2, "글 2"],
      [1, "글 1"],
    ]);
    expect(page.board).toMatchObject({ postCount: 5, lastNumber: 5 });

    await board.posts.delete({ postId: ids[4]! }, moderator);
    await projector.drain();
    await write("numbers", "글 6");
    await projector.drain();
    const after = await board.boards.page({ board: "numbers", page: 1 });
    expect(after.posts.map((row) => row.number)).toEqual([6, 4, 3, 2, 1]);
    expect(after.board).toMatchObject({ postCount: 5, lastNumber: 6 });
  });

  it("show a post on page 1 at once, before the projector numbers it, newest first", async () => {
    await board.boards.create({ board: "fresh", name: "새 글", description: "" }, moderator);
    await write("fresh", "번호 있는 글");
    await projector.drain();
    await write("fresh", "방금 쓴 글");
    await write("fresh", "더 방금 쓴 글");
    const page = await board.boards.page({ board: "fresh", page: 1 });
    expect(page.posts.map((row) => [row.title, row.number])).toEqual([
      ["더 방금 쓴 글", undefined],
      ["방금 쓴 글", undefined],
      ["번호 있는 글", 1],
    ]);
    await projector.drain();
    expect((await board.boards.page({ board: "fresh", page: 1 })).posts.map((row) => row.number)).toEqual([3, 2, 1]);
  });

  it("give distinct numbers when two projectors number one board's posts at once", async () => {
    await board.boards.create({ board: "racing", name: "경주", description: "" }, moderator);
    for (let i = 1; i <= 12; i++) await write("racing", `글 ${i}`);
    // Two projectors over the same stream, concurrently: each takes numbers the other may want.
    await Promise.all([testProjector(store).drain(), testProjector(store).drain()]);
    const page = await board.boards.page({ board: "racing", page: 1 });
    expect(page.posts.map((row) => row.number)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(page.board.postCount).toBe(12);
  });

  it("page by ranges of numbers: page 1 the newest, each page the same two Queries", async () => {
    expect(pageRange(10_000, 1)).toEqual({ from: 9_981, to: 10_000 });
    expect(pageRange(10_000, 500)).toEqual({ from: 1, to: 20 });
    expect(pageRange(10_000, 501)).toBeUndefined();
    expect(pageRange(45, 3)).toEqual({ from: 1, to: 5 });

    await board.boards.create({ board: "pages", name: "쪽", description: "" }, moderator);
    for (let i = 1; i <= limits.boardPage.size * 2 + 3; i++) await write("pages", `글 ${i}`);
    await projector.drain();
    store.commands.length = 0;
    const first = await board.boards.page({ board: "pages", page: 1 });
    expect(store.commands).toEqual(["Query", "Query"]);
    store.commands.length = 0;
    const third = await board.boards.page({ board: "pages", page: 3 });
    expect(store.commands).toEqual(["Query", "Query"]);
    expect(first.pageCount).toBe(3);
    expect(first.posts).toHaveLength(20);
    expect(first.posts[0]!.number).toBe(43);
    expect(third.posts.map((row) => row.number)).toEqual([3, 2, 1]);
    const beyond = await board.boards.page({ board: "pages", page: 4 });
    expect(beyond.posts).toEqual([]);
    expect(beyond.pageCount).toBe(3);
  });
});

describe("notices (공지)", () => {
  it("are pinned and unpinned by the moderator, head every page, and follow their post's title, count and deletion", async () => {
    await board.boards.create({ board: "notices", name: "공지 있는 게시판", description: "" }, moderator);
    const rules = await write("notices", "게시판 규칙");
    for (let i = 1; i <= 25; i++) await write("notices", `글 ${i}`);
    const created = await board.posts.create({ board: "notices", title: "내 글", body: "본문", author: "ㅇㅇ" });
    expect((await refusal(board.boards.pin({ postId: rules, pinned: true }, { token: created.editToken }))).kind).toBe("FORBIDDEN");

    await board.boards.pin({ postId: rules, pinned: true }, moderator);
    await board.comments.create({ postId: rules, body: "확인했습니다", author: "ㅇㅇ" });
    await projector.drain();
    const rulesPost = (await board.posts.thread({ postId: rules, limit: 1 })).post;
    await board.posts.update({ postId: rules, title: "게시판 규칙 (필독)", expectedVersion: rulesPost.version }, moderator);
    await projector.drain();
    for (const page of [1, 2]) {
      const { notices } = await board.boards.page({ board: "notices", page });
      expect(notices).toEqual([expect.objectContaining({ postId: rules, title: "게시판 규칙 (필독)", number: 1, commentCount: 1, pinned: true })]);
    }
    expect((await board.boards.page({ board: "notices", page: 2 })).posts.at(-1)).toMatchObject({ number: 1, pinned: true });

    await board.boards.pin({ postId: rules, pinned: false }, moderator);
    await projector.drain();
    expect((await board.boards.page({ board: "notices", page: 1 })).notices).toEqual([]);

    await board.boards.pin({ postId: created.post.postId, pinned: true }, moderator);
    await projector.drain();
    expect((await board.boards.page({ board: "notices", page: 1 })).notices).toHaveLength(1);
    await board.posts.delete({ postId: created.post.postId }, { token: created.editToken });
    await projector.drain();
    expect((await board.boards.page({ board: "notices", page: 1 })).notices).toEqual([]);
    expect((await refusal(board.boards.pin({ postId: created.post.postId, pinned: true }, moderator))).kind).toBe("NOT_FOUND");
  });
});

describe("views (조회)", () => {
  it("count once per reader per hour, exact under redelivery and racing readers, and never write the post from a request", async () => {
    await board.boards.create({ board: "views", name: "조회", description: "" }, moderator);
    const postId = await write("views", "많이 본 글");
    await projector.drain();
    store.commands.length = 0;
    store.transactionItems.length = 0;
    // 30 readers at once, and the first reader ten more times (refreshing).
    const counted = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => board.posts.viewed({ postId }, `198.51.100.${i}`)),
      ...Array.from({ length: 10 }, () => board.posts.viewed({ postId }, "198.51.100.0")),
    ]);
    expect(counted.filter((view) => view.counted)).toHaveLength(30);
    // Each view is one PutItem of its own mark: no request wrote the post.
    expect(new Set(store.commands)).toEqual(new Set(["PutItem"]));
    // Every batch delivered twice, and again in halves: still 30.
    const twice = testProjector(store, {
      wrap: (project) => async (event) => {
        await project(event);
        const middle = Math.ceil(event.Records.length / 2);
        await project({ Records: event.Records.slice(middle) });
        await project({ Records: event.Records.slice(0, middle) });
        return project(event);
      },
    });
    await twice.drain();
    await projector.drain();
    expect((await board.posts.thread({ postId, limit: 1 })).post.viewCount).toBe(30);
    expect((await board.boards.page({ board: "views", page: 1 })).posts[0]).toMatchObject({ postId, viewCount: 30 });
    // The table holds no address: the reader is a keyed hash.
    const marks = (await store.dump()).filter((item) => item.pk?.S === `views#${postId}`);
    expect(marks).toHaveLength(30);
    expect(JSON.stringify(marks)).not.toContain("198.51.100");
  });

  it("count the next hour's view again, and none for a post that is gone", async () => {
    let now = new Date("2026-12-02T10:59:00Z");
    const clocked = createTestBoard(store, () => now);
    await board.boards.create({ board: "hours", name: "시간", description: "" }, moderator);
    const postId = await write("hours", "시간마다");
    expect(await clocked.posts.viewed({ postId }, "203.0.113.7")).toEqual({ counted: true });
    expect(await clocked.posts.viewed({ postId }, "203.0.113.7")).toEqual({ counted: false });
    now = new Date("2026-12-02T11:00:00Z");
    expect(await clocked.posts.viewed({ postId }, "203.0.113.7")).toEqual({ counted: true });
    await projector.drain();
    expect((await board.posts.thread({ postId, limit: 1 })).post.viewCount).toBe(2);

    await board.posts.delete({ postId }, moderator);
    await clocked.posts.viewed({ postId }, "203.0.113.8");
    await projector.drain();
    expect(projector.failures).toEqual([]);
  });
});

describe("votes (추천/비추천)", () => {
  it("count one vote per reader: a double vote is one, a flip moves it, taking it back removes it; racing voters and a flood stay exact", async () => {
    await board.boards.create({ board: "votes", name: "추천", description: "" }, moderator);
    const postId = await write("votes", "추천할 글");
    await projector.drain();
    store.commands.length = 0;
    // 25 readers recommend it at once, 5 do not; one reader votes up 20 more times (a flood).
    await Promise.all([
      ...Array.from({ length: 25 }, (_, i) => board.posts.vote({ postId, vote: "up" }, `198.51.100.${i}`)),
      ...Array.from({ length: 5 }, (_, i) => board.posts.vote({ postId, vote: "down" }, `203.0.113.${i}`)),
      ...Array.from({ length: 20 }, () => board.posts.vote({ postId, vote: "up" }, "198.51.100.0")),
    ]);
    // A vote reads the post (it must exist) and writes the reader's own item: never the post.
    expect(new Set(store.commands)).toEqual(new Set(["GetItem", "PutItem"]));
    // Two change their minds: one flips to down, one takes the vote back.
    await board.posts.vote({ postId, vote: "down" }, "198.51.100.1");
    await board.posts.vote({ postId, vote: "none" }, "198.51.100.2");
    await board.posts.vote({ postId, vote: "none" }, "198.51.100.2");
    // Every batch delivered twice: nothing counted twice.
    const twice = projectorDeliveringTwice(store);
    await twice.drain();
    await projector.drain();
    const { post } = await board.posts.thread({ postId, limit: 1 });
    expect([post.upvotes, post.downvotes]).toEqual([23, 6]);
    expect((await board.boards.page({ board: "votes", page: 1 })).posts[0]).toMatchObject({ postId, upvotes: 23 });
    expect(JSON.stringify((await store.dump()).filter((item) => item.pk?.S === `votes#${postId}`))).not.toContain("198.51.100");
  });

  it("refuse a vote on a post that does not exist, and write nothing", async () => {
    const before = (await store.dump()).length;
    const error = await refusal(board.posts.vote({ postId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", vote: "up" }, "198.51.100.9"));
    expect(error.kind).toBe("NOT_FOUND");
    expect((await store.dump()).length).toBe(before);
  });
});

describe("베스트", () => {
  it("takes a post that reaches the board's rule within its days, keeps its row in step, and drops it when it is deleted", async () => {
    const opened = await board.boards.create({ board: "best", name: "베스트 있는 게시판", description: "" }, moderator);
    expect(opened.best).toEqual({ upvotes: limits.best.upvotes, days: limits.best.days });
    // The moderator's rule: 3 추천 within 2 days.
    const ruled = await board.boards.update({ board: "best", bestUpvotes: 3, bestDays: 2, expectedVersion: opened.version }, moderator);
    expect(ruled.best).toEqual({ upvotes: 3, days: 2 });
    const popular = await write("best", "인기 글");
    const quiet = await write("best", "조용한 글");
    for (const reader of ["198.51.100.1", "198.51.100.2"]) await board.posts.vote({ postId: popular, vote: "up" }, reader);
    await board.posts.vote({ postId: quiet, vote: "up" }, "198.51.100.1");
    await projector.drain();
    expect((await board.boards.best({ board: "best", limit: 20 })).items).toEqual([]);
    // The third 추천 takes it in, delivered twice: one entry.
    await board.posts.vote({ postId: popular, vote: "up" }, "198.51.100.3");
    const twice = projectorDeliveringTwice(store);
    await twice.drain();
    await projector.drain();
    store.commands.length = 0;
    const best = await board.boards.best({ board: "best", limit: 20 });
    // One Query for the list, and the board's rule read beside it.
    expect(store.commands.sort()).toEqual(["GetItem", "Query"]);
    expect(best.rule).toEqual({ upvotes: 3, days: 2 });
    expect(best.items).toEqual([expect.objectContaining({ postId: popular, title: "인기 글", upvotes: 3, number: 1 })]);
    expect((await board.posts.thread({ postId: popular, limit: 1 })).post.bestAt).toEqual(expect.any(String));
    // Its row follows the post (a new title, a comment); it stays when a vote is taken back.
    const current = (await board.posts.thread({ postId: popular, limit: 1 })).post;
    await board.posts.update({ postId: popular, title: "인기 글 (수정)", expectedVersion: current.version }, moderator);
    await board.comments.create({ postId: popular, body: "좋아요", author: "ㅇㅇ" });
    await board.posts.vote({ postId: popular, vote: "none" }, "198.51.100.3");
    await projector.drain();
    expect((await board.boards.best({ board: "best", limit: 20 })).items).toEqual([
      expect.objectContaining({ postId: popular, title: "인기 글 (수정)", commentCount: 1, upvotes: 2 }),
    ]);
    await board.posts.delete({ postId: popular }, moderator);
    await projector.drain();
    expect((await board.boards.best({ board: "best", limit: 20 })).items).toEqual([]);
  });

  it("leaves out a post that reaches the rule after its days", async () => {
    const clockedBoard = createTestBoard(store, () => new Date(Date.now() - 3 * 86_400_000));
    const opened = await board.boards.create({ board: "old-best", name: "지난 글", description: "" }, moderator);
    await board.boards.update({ board: "old-best", bestUpvotes: 1, bestDays: 2, expectedVersion: opened.version }, moderator);
    const { post } = await clockedBoard.posts.create({ board: "old-best", title: "사흘 전 글", body: "본문", author: "ㅇㅇ" });
    await board.posts.vote({ postId: post.postId, vote: "up" }, "198.51.100.1");
    await projector.drain();
    expect((await board.boards.best({ board: "old-best", limit: 20 })).items).toEqual([]);
  });
});
