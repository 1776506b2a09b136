import { beforeAll, describe, expect, it } from "vitest";
import { nameKey, posterTag } from "../api/board/poster-identity.js";
import { createTestBoard, createTestStore, testModeratorToken, testSigningSecret } from "./support/store.js";
import type { TestStore } from "./support/store.js";

let store: TestStore;
const clock = Date.UTC(2026, 11, 2, 3, 0, 0); // 12:00 in Korea
let board: ReturnType<typeof createTestBoard>;

beforeAll(async () => {
  store = await createTestStore();
  board = createTestBoard(store, () => new Date(clock));
});

const write = (author: string, clientKey: string, where = "tags", token?: string) =>
  board.posts.create({ board: where, title: "t", body: "b", author }, { clientKey, actor: { token } });
const kindOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: { kind?: string }) => error.kind ?? String(error),
  );

describe("poster tags", () => {
  it("tell two ㅇㅇ apart: one writer keeps a tag on a board for the day, and comments carry it too", async () => {
    const first = (await write("ㅇㅇ", "198.51.100.7")).post;
    const again = (await write("ㅇㅇ", "198.51.100.7")).post;
    const other = (await write("ㅇㅇ", "198.51.100.8")).post;
    expect(first.posterTag).toMatch(/^[a-km-np-z2-9]{6}$/);
    expect(again.posterTag).toBe(first.posterTag);
    expect(other.posterTag).not.toBe(first.posterTag);
    const { comment } = await board.comments.create({ postId: other.postId, body: "저예요", author: "ㅇㅇ" }, { clientKey: "198.51.100.7" });
    expect(comment.posterTag).toBe(first.posterTag);
  });

  it("change with the board and with the Korean day (midnight in Seoul, 15:00 UTC), and hold no part of the address", async () => {
    const at = (utc: number, where = "tags") => posterTag(testSigningSecret, where, "198.51.100.7", new Date(utc));
    expect(at(Date.UTC(2026, 11, 2, 14, 59))).toBe(at(Date.UTC(2026, 11, 2, 0, 0)));
    expect(at(Date.UTC(2026, 11, 2, 15, 0))).not.toBe(at(Date.UTC(2026, 11, 2, 14, 59)));
    expect(at(Date.UTC(2026, 11, 2, 3, 0), "other")).not.toBe(at(Date.UTC(2026, 11, 2, 3, 0)));
    // Another secret, another tag: no one without the server's secret can compute whose it is.
    expect(posterTag("another-secret", "tags", "198.51.100.7", new Date(clock))).not.toBe(at(clock));
    const stored = JSON.stringify(await store.dump());
    expect(stored).not.toContain("198.51.100");
    // A thousand writers on one board in one day: how many tags repeat (30 bits: about one pair in 2,000 days).
    const tags = new Set(Array.from({ length: 1000 }, (_, i) => posterTag(testSigningSecret, "tags", `203.0.113.${i}`, new Date(clock))));
    expect(tags.size).toBeGreaterThanOrEqual(999);
  });
});

describe("reserved names", () => {
  it("are refused without the moderator token, however they are spelled, with a 400 on author that writes nothing", async () => {
    const before = await store.dump();
    for (const name of ["운영자", "운 영 자", "운영자1", "ＡＤＭＩＮ", "Ad-min", "관리자!"]) {
      const refused = await write(name, "198.51.100.9").catch((error) => error);
      expect(refused, name).toMatchObject({ kind: "BAD_REQUEST", issues: [{ path: "author", message: "This name is reserved for the board's moderators." }] });
    }
    expect(await kindOf(write("운영자", "198.51.100.9", "tags", "not-the-moderator-token"))).toBe("BAD_REQUEST");
    expect(await store.dump()).toEqual(before);
    // Names that only contain one are not it.
    expect(await kindOf(write("badminton", "198.51.100.9"))).toBe("OK");
  });

  it("are the moderator's: their posts and comments say so and carry no tag; the moderator adds names of their own", async () => {
    const { post } = await write("운영자", "198.51.100.10", "tags", testModeratorToken);
    expect(post).toMatchObject({ byModerator: true });
    expect(post.posterTag).toBeUndefined();
    const { comment } = await board.comments.create({ postId: post.postId, body: "공지 확인", author: "운영자" }, { actor: { token: testModeratorToken } });
    expect(comment.byModerator).toBe(true);

    expect(await kindOf(board.moderation.reserveNames({ names: ["지기"] }, { token: "nope" }))).toBe("FORBIDDEN");
    expect(await board.moderation.reserveNames({ names: ["게시판지기", "게시판 지기", "  "] }, { token: testModeratorToken })).toMatchObject({
      names: ["게시판 지기"],
    });
    expect(await kindOf(write("게시판지기", "198.51.100.11"))).toBe("BAD_REQUEST");
    expect(await kindOf(board.comments.create({ postId: post.postId, body: "나도 지기", author: "게시판-지기" }, { clientKey: "x" }))).toBe("BAD_REQUEST");
    expect((await board.moderation.reservedNames()).names).toEqual(["게시판 지기"]);
    await board.moderation.reserveNames({ names: [] }, { token: testModeratorToken });
    expect(await kindOf(write("게시판지기", "198.51.100.11"))).toBe("OK");
    expect(nameKey("ＡＤＭＩＮ ①")).toBe("admin");
  });
});
