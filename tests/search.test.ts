import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./support/processes.js";
import { refusal } from "./support/refusal.js";
import { indexTokens, queryTokens } from "../entities/search-tokens.js";
import { entriesOf } from "../projector/search-index.js";
import { limits } from "../api/limits.js";
import { createTestBoard, createTestStore, testModeratorToken } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { testProjector } from "./support/projector.js";
import { backfill } from "../tools/backfill.js";
import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";

let store: TestStore;
let board: ReturnType<typeof createTestBoard>;
let projector: ReturnType<typeof testProjector>;

beforeAll(async () => {
  store = await createTestStore();
  board = createTestBoard(store);
  projector = testProjector(store);
});

const write = async (name: string, title: string, body: string, author = "ann") => (await board.posts.create({ board: name, title, body, author })).post.postId;
const search = (name: string, q: string, options: { scope?: "all" | "title" | "body" | "author"; limit?: number; cursor?: string | null } = {}) =>
  board.posts.search({ board: name, q, scope: options.scope ?? "all", limit: options.limit ?? 20, cursor: options.cursor });
const found = async (name: string, q: string, scope?: "all" | "title" | "body" | "author") =>
  (await search(name, q, { scope })).items.map((item) => item.postId);

describe("search tokens", () => {
  it("index Hangul runs as bigrams and their first syllable; Latin words whole, folded", () => {
    expect(indexTokens("서울에서 ＩＰｈｏｎｅ15를")).toEqual(["서", "서울", "울에", "에서", "iphone15", "를"]);
    expect(queryTokens("서울")).toEqual(["서울"]);
    expect(queryTokens("서울 맛집")).toEqual(["서울", "맛집"]);
    expect(queryTokens("서울맛집")).toEqual(["서울", "울맛", "맛집"]);
    expect(queryTokens("😀🎉")).toEqual([]);
  });

  it("keep a typical post within the budget: a 40-character title and a 1,000-character Korean body", () => {
    const title = "강릉 1박 2일 여행 후기: 안목해변 커피거리, 초당 순두부, 주문진시장";
    const body = koreanProse(1000);
    const entries = entriesOf({ board: "b", postId: "p", title, body, author: "지우" });
    expect([...body].length).toBe(1000);
    expect(entries.size).toBeLessThanOrEqual(limits.search.tokensPerPost);
    // The title is always indexed in full, and a typical body fits whole: every word of it is findable.
    for (const token of indexTokens(title)) expect(entries.get(token)).toContain("t");
    for (const token of indexTokens(body)) expect(entries.get(token)).toContain("b");
  });
});

describe("posts.search", () => {
  it("finds Korean by a word inside a longer word (particles), spacing variants, one syllable, full-width and mixed text", async () => {
    const seoul = await write("kr", "서울에서 보낸 하루", "오늘은 서울 맛집을 찾아다녔어요. 집에 오니 피곤하네요.");
    const phone = await write("kr", "새 폰 후기", "ＩＰｈｏｎｅ15를 샀습니다. Battery life is great.");
    const other = await write("kr", "부산 여행", "해운대 바다가 좋았습니다.");
    await projector.drain();
    expect(await found("kr", "서울")).toEqual([seoul]);
    expect(await found("kr", "서울맛집")).toEqual([seoul]);
    expect(await found("kr", "서울 맛집")).toEqual([seoul]);
    expect(await found("kr", "집")).toEqual([seoul]);
    expect(await found("kr", "iphone15")).toEqual([phone]);
    expect(await found("kr", "IPHONE15")).toEqual([phone]);
    expect(await found("kr", "battery LIFE")).toEqual([phone]);
    expect(await found("kr", "해운대 바다")).toEqual([other]);
    expect(await found("kr", "서울 바다")).toEqual([]);
  });

  it("never shows a bigram's chance match: every result holds the query in its text", async () => {
    // Both hold the bigrams 서울 and 울대, but only one holds 서울대.
    const real = await write("fp", "서울대 입학", "합격했어요");
    await write("fp", "서울 여행", "울대 근처");
    await projector.drain();
    expect(await found("fp", "서울대")).toEqual([real]);
    // An English word never matches inside another word.
    await write("fp", "Concatenate strings", "How do I concatenate?");
    await projector.drain();
    expect(await found("fp", "cat")).toEqual([]);
  });

  it("returns the matching snippet with its match marked by offsets, and honours the scope", async () => {
    const postId = await write("snip", "Weekly notes", `${"filler ".repeat(30)}The ＳＥＯＵＬ meetup is on Friday.${" more".repeat(30)}`, "seoul-fan");
    await projector.drain();
    const [hit] = (await search("snip", "seoul meetup", { scope: "body" })).items;
    expect(hit?.postId).toBe(postId);
    expect(hit!.snippet.field).toBe("body");
    const marked = hit!.snippet.highlights.map(({ start, length }) => hit!.snippet.text.slice(start, start + length));
    expect(marked).toEqual(["ＳＥＯＵＬ", "meetup"]);
    expect(hit!.snippet).toMatchObject({ cutBefore: true, cutAfter: true });
    expect([...hit!.snippet.text].length).toBeLessThanOrEqual(limits.search.snippetLength + 1);
    expect(await found("snip", "seoul", "title")).toEqual([]);
    expect(await found("snip", "meetup", "author")).toEqual([]);
    expect(await found("snip", "SEOUL-FAN", "author")).toEqual([postId]);
    expect(await found("snip", "weekly", "title")).toEqual([postId]);
  });

  it("reflects edits and deletes once the projector has run", async () => {
    const postId = await write("edit", "고양이 사진", "우리 고양이예요");
    await projector.drain();
    expect(await found("edit", "고양이")).toEqual([postId]);
    await board.posts.update({ postId, title: "강아지 사진", body: "우리 강아지예요", expectedVersion: 1 }, { token: testModeratorToken });
    await projector.drain();
    expect(await found("edit", "고양이")).toEqual([]);
    expect(await found("edit", "강아지")).toEqual([postId]);
    const before = (await store.dump()).filter((item) => item.pk?.S?.startsWith("search#edit#")).length;
    expect(before).toBeGreaterThan(0);
    await board.posts.delete({ postId }, { token: testModeratorToken });
    await projector.drain();
    expect(await found("edit", "강아지")).toEqual([]);
    expect((await store.dump()).filter((item) => item.pk?.S?.startsWith("search#edit#"))).toEqual([]);
  });

  it("pages newest first without duplicates or gaps, with a signed cursor", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await write("pages", `공지 ${i}`, i % 2 === 0 ? "모임 안내" : "다른 이야기"));
    await projector.drain();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result = await search("pages", "모임", { limit: 2, cursor });
      seen.push(...result.items.map((item) => item.postId));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(ids.filter((_, i) => i % 2 === 0).reverse());
    const first = await search("pages", "모임", { limit: 1 });
    expect((await refusal(search("pages", "공지", { limit: 1, cursor: first.nextCursor }))).kind).toBe("BAD_REQUEST");
    expect((await refusal(search("other-board", "모임", { limit: 1, cursor: first.nextCursor }))).kind).toBe("BAD_REQUEST");
  });

  it("refuses a query with nothing to search for, or too many words, with a plain 400; reads a bounded number of times", async () => {
    expect((await refusal(search("kr", "😀🎉 !!"))).issues).toEqual([{ path: "q", message: "No letters or numbers to search for." }]);
    expect((await refusal(search("kr", "가나다라마바사아자차카타파하가나"))).kind).toBe("BAD_REQUEST");
    store.commands.length = 0;
    await search("kr", "서울 맛집 여행 후기");
    expect(store.commands.filter((command) => command === "Query").length).toBeLessThanOrEqual(limits.search.probedTokens);
    expect(store.commands.filter((command) => command !== "Query")).toEqual(["BatchGetItem"]);
  });
});

describe("npm run backfill", () => {
  it("indexes and counts the posts a board had before the projector kept its index and counts", async () => {
    const old = await createTestStore();
    const oldBoard = createTestBoard(old);
    // Written with no projector running: as a board upgraded in place, or older local data.
    const postId = (await oldBoard.posts.create({ board: "old", title: "예전 글", body: "오래된 이야기입니다", author: "ann" })).post.postId;
    await oldBoard.comments.create({ postId, body: "댓글", author: "bo" });
    const second = (await oldBoard.posts.create({ board: "old", title: "그다음 글", body: "두 번째", author: "bo" })).post.postId;
    // A post from before the numbered index: no gsi2 keys at all.
    await old.client.send(
      new UpdateItemCommand({ TableName: old.table, Key: { pk: { S: `post#${postId}` }, sk: { S: "thread" } }, UpdateExpression: "REMOVE gsi2pk, gsi2sk" }),
    );
    await expect(oldBoard.boards.page({ board: "old", page: 1 })).rejects.toThrow('No board is called "old".');
    const before = await oldBoard.posts.search({ board: "old", q: "이야기", scope: "all", limit: 5 });
    expect(before.items).toEqual([]);
    const said: string[] = [];
    await backfill(["old"], { TABLE_NAME: old.table, DYNAMODB_ENDPOINT: old.endpoint, AWS_REGION: "us-east-1" }, (line) => said.push(line));
    expect(said).toEqual([expect.stringMatching(/^old: 2 posts indexed \(\d+ search entries written\), numbered and their comments recounted$/)]);
    const after = await oldBoard.posts.search({ board: "old", q: "이야기", scope: "all", limit: 5 });
    expect(after.items.map((item) => [item.postId, item.commentCount])).toEqual([[postId, 1]]);
    // Opened under its slug, its posts numbered by age.
    const page = await oldBoard.boards.page({ board: "old", page: 1 });
    expect(page.board).toMatchObject({ name: "old", postCount: 2, lastNumber: 2 });
    expect(page.posts.map((row) => [row.postId, row.number])).toEqual([
      [second, 2],
      [postId, 1],
    ]);
    await expect(backfill([], {})).rejects.toThrow("Name the boards to backfill");
  });
});

/** A real-sounding Korean post (a trip report), cut to `length` characters. */
function koreanProse(length: number): string {
  const text = readFileSync(join(repoRoot, "bench", "fixtures", "korean-post.txt"), "utf8").trim();
  return [...text].slice(0, length).join("");
}
