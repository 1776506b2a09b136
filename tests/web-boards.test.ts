/**
 * Boards as people find and read them, in Chromium, in Korean and English: the board list, a
 * mistyped address, the dense numbered list with pages, notices, and the moderator's board page.
 */
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { webBoardForThisFile } from "./support/web-board.js";
import type { ApiServer } from "./support/api-server.js";
import { testModeratorToken } from "./support/store.js";
import { repoRoot } from "./support/processes.js";

const web = webBoardForThisFile([
  { board: "free", name: "자유게시판", description: "무엇이든 편하게 이야기해요" },
  { board: "qna", name: "질문게시판", description: "궁금한 것을 묻고 답해요" },
  { board: "numbered", name: "번호게시판" },
  { board: "pinned", name: "공지게시판" },
]);
const screenshots = join(repoRoot, "test-results", "screenshots");
const docsScreenshots = process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? join(repoRoot, "docs", "screenshots") : undefined;

const rest: ApiServer["rest"] = (...call) => web.api.rest(...call);

async function pageIn(locale: string, width = 1280, { moderator = false } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.browser.newContext({ locale, viewport: { width, height: 740 } });
  if (moderator) await context.addInitScript((token) => sessionStorage.setItem("board.moderatorToken", token), testModeratorToken);
  return { context, page: await context.newPage() };
}

async function axe(page: Page, where: string, violations: string[]) {
  const result = await new AxeBuilder({ page: page as never }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  for (const violation of result.violations) violations.push(`${where}: ${violation.id} (${violation.nodes.length}) ${violation.help}`);
}

async function save(page: Page, file: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  const path = join(screenshots, file);
  await page.screenshot({ path, fullPage: true });
  if (docsScreenshots) copyFileSync(path, join(docsScreenshots, file));
}

describe("the board list (home page)", () => {
  it("shows every board by its name, with what it is for, its post count and latest activity, in both languages and widths", async () => {
    await rest("POST", "/posts", { board: "free", title: "오늘 점심 뭐 드셨어요?", body: "저는 김치찌개요", author: "민지" });
    await web.api.drainStream();
    const violations: string[] = [];
    for (const [locale, latest, count] of [
      ["ko-KR", "최근 글", "글 1개"],
      ["en-US", "latest", "1 post"],
    ] as const) {
      for (const width of [360, 1280]) {
        const { context, page } = await pageIn(locale, width);
        await page.goto(`${web.api.url}/`);
        const free = page.locator(".board-card").filter({ has: page.getByRole("link", { name: "자유게시판" }) });
        await free.waitFor();
        expect(await free.locator(".board-description").textContent()).toBe("무엇이든 편하게 이야기해요");
        expect(await free.locator(".meta").textContent()).toContain(count);
        expect(await free.locator(".meta").textContent()).toContain(latest);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await axe(page, `${locale} ${width}`, violations);
        await save(page, `boards-${locale.slice(0, 2)}-${width}.png`);
        await context.close();
      }
    }
    expect(violations).toEqual([]);
  });

  it("says a mistyped address is no board at all, offers the list, and no form to post into it", async () => {
    for (const [locale, heading, link, width] of [
      ["ko-KR", "없는 게시판입니다", "게시판 목록 보기", 360],
      ["ko-KR", "없는 게시판입니다", "게시판 목록 보기", 1280],
      ["en-US", "No such board", "See all boards", 360],
      ["en-US", "No such board", "See all boards", 1280],
    ] as const) {
      const { context, page } = await pageIn(locale, width);
      await page.goto(`${web.api.url}/b/fre`);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      expect(await page.getByRole("button", { name: /글쓰기|Write a post/ }).count()).toBe(0);
      expect(await page.locator("form#new-post").count()).toBe(0);
      await page.getByRole("link", { name: link }).click();
      await page.locator(".board-card").first().waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
      await context.close();
    }
  });
});

describe("a board's numbered list", () => {
  it("numbers posts, shows the comment count beside the title (nothing at 0), and pages by number, in both languages", async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 45; i++)
      ids.push((await rest("POST", "/posts", { board: "numbered", title: `${i}번째 글`, body: "본문", author: "ㅇㅇ" })).post.postId);
    for (let i = 0; i < 3; i++) await rest("POST", `/posts/${ids[44]}/comments`, { body: "댓글", author: "ㅇㅇ" });
    await web.api.drainStream();
    const violations: string[] = [];
    for (const [locale, pageTwo, next] of [
      ["ko-KR", "2페이지", "다음"],
      ["en-US", "Page 2", "Next"],
    ] as const) {
      const { context, page } = await pageIn(locale);
      await page.goto(`${web.api.url}/b/numbered`);
      await page.locator(".post-row").nth(19).waitFor();
      expect(await page.locator(".post-row").count()).toBe(20);
      expect(await page.locator(".post-row .number").first().textContent()).toBe("45");
      const newest = page.locator(".post-row").first();
      expect(await newest.locator(".title").textContent()).toMatch(/^45번째 글 \[3\]/);
      expect(await page.locator(".post-row").nth(1).locator(".comment-count").count()).toBe(0);
      // Pages 1, 2 and 3; none of "previous/next ten" with three pages.
      expect(await page.locator(".pagination a").allTextContents()).toEqual(["1", "2", "3"]);
      expect(await page.getByRole("link", { name: next }).count()).toBe(0);
      await page.getByRole("link", { name: pageTwo }).click();
      await expect.poll(() => page.locator(".post-row .number").first().textContent()).toBe("25");
      expect(new URL(page.url()).search).toBe("?page=2");
      await axe(page, `${locale} page 2`, violations);
      await page.goto(`${web.api.url}/b/numbered?page=3`);
      await expect.poll(() => page.locator(".post-row .number").allTextContents()).toEqual(["5", "4", "3", "2", "1"]);
      await context.close();
    }
    expect(violations).toEqual([]);
  });

  it("fits many posts on a phone screen: a compact two-line row each", async () => {
    const { context, page } = await pageIn("ko-KR", 360);
    await page.goto(`${web.api.url}/b/numbered`);
    await page.locator(".post-row").nth(19).waitFor();
    const rows = await page.locator(".post-row").evaluateAll((elements) => elements.map((row) => row.getBoundingClientRect().height));
    // Each row is two lines (title; author, date and number), so a 740 px phone screen holds far more than 4.
    expect(Math.max(...rows)).toBeLessThan(80);
    expect(Math.floor(740 / Math.max(...rows))).toBeGreaterThanOrEqual(9);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await save(page, "numbered-ko-360.png");
    await context.close();
  });
});

describe("notices (공지)", () => {
  it("are pinned by the moderator from the thread and head every page of the board, marked", async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 25; i++) ids.push((await rest("POST", "/posts", { board: "pinned", title: `글 ${i}`, body: "본문", author: "ㅇㅇ" })).post.postId);
    const rules = ids[0]!;
    const { context, page } = await pageIn("ko-KR", 1280, { moderator: true });
    await page.goto(`${web.api.url}/p/${rules}`);
    const pin = page.getByRole("button", { name: "공지로 올리기" });
    await pin.click();
    await page.getByRole("button", { name: "공지 내리기" }).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "공지로 올렸습니다" }).count()).toBe(1);
    await web.api.drainStream();
    for (const pageNumber of [1, 2]) {
      await page.goto(`${web.api.url}/b/pinned${pageNumber > 1 ? `?page=${pageNumber}` : ""}`);
      const first = page.locator(".post-row").first();
      await first.waitFor();
      expect(await first.locator(".number").textContent()).toBe("공지");
      expect(await first.locator(".title a").textContent()).toBe("글 1");
    }
    // Not twice: the notice heads the page instead of standing at its number.
    expect(await page.locator(".post-row", { hasText: "글 1" }).count()).toBe(1);

    await page.goto(`${web.api.url}/p/${rules}`);
    await page.getByRole("button", { name: "공지 내리기" }).click();
    await page.getByRole("button", { name: "공지로 올리기" }).waitFor();
    await web.api.drainStream();
    await page.goto(`${web.api.url}/b/pinned`);
    await page.locator(".post-row").first().waitFor();
    expect(await page.locator(".notice-row").count()).toBe(0);
    await context.close();
  });

  it("cannot be pinned by anyone else: the button is the moderator's only, and the API refuses", async () => {
    const { post, editToken } = await rest("POST", "/posts", { board: "pinned", title: "내 글", body: "본문", author: "ㅇㅇ" });
    const { context, page } = await pageIn("ko-KR");
    await page.goto(`${web.api.url}/p/${post.postId}`);
    await page.getByRole("heading", { level: 1, name: "내 글" }).waitFor();
    expect(await page.getByRole("button", { name: "공지로 올리기" }).count()).toBe(0);
    const refused = await fetch(`${web.api.url}/api/posts/${post.postId}/pinned`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${editToken}` },
      body: JSON.stringify({ pinned: true }),
    });
    expect(refused.status).toBe(403);
    await context.close();
  });
});

describe("managing boards", () => {
  it("lets the moderator open, rename and reorder boards, in Korean, and the list follows", async () => {
    const { context, page } = await pageIn("ko-KR", 1280, { moderator: true });
    await page.goto(`${web.api.url}/`);
    await page.getByRole("link", { name: "게시판 관리" }).click();
    await page.getByRole("heading", { level: 1, name: "게시판 관리" }).waitFor();
    const opener = page.getByRole("form", { name: "게시판 만들기" });
    await opener.getByLabel("주소 (영문 소문자, 숫자, 하이픈)").fill("Photo Board");
    await opener.getByLabel("이름", { exact: true }).fill("사진게시판");
    await opener.getByRole("button", { name: "게시판 만들기" }).click();
    await expect.poll(() => opener.locator('[data-error-for="board"]').textContent()).toBe("주소에는 영문 소문자, 숫자, 하이픈(-)만 쓸 수 있습니다.");
    await opener.getByLabel("주소 (영문 소문자, 숫자, 하이픈)").fill("free");
    await opener.getByRole("button", { name: "게시판 만들기" }).click();
    await expect.poll(() => opener.locator('[data-error-for="board"]').textContent()).toBe("이미 같은 주소의 게시판이 있습니다.");
    await opener.getByLabel("주소 (영문 소문자, 숫자, 하이픈)").fill("photos");
    await opener.getByRole("button", { name: "게시판 만들기" }).click();
    const photos = page.getByRole("form", { name: "사진게시판" });
    await photos.waitFor();

    await photos.getByLabel("이름", { exact: true }).fill("사진 자랑");
    await photos.getByLabel("필요한 추천 수").fill("5");
    await photos.getByLabel("쓴 뒤 며칠 안에").fill("3");
    await photos.getByRole("button", { name: "저장" }).click();
    const renamed = page.getByRole("form", { name: "사진 자랑" });
    await renamed.waitFor();
    await renamed.getByRole("button", { name: "사진 자랑 위로 옮기기" }).click();
    // Focus stays on the button that moved it, on its new place.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("사진 자랑 위로 옮기기");
    const violations: string[] = [];
    await axe(page, "manage", violations);
    expect(violations).toEqual([]);

    await page.goto(`${web.api.url}/`);
    await page.locator(".board-card").first().waitFor();
    const listed = (await rest("GET", "/boards")).boards.find((item: { board: string }) => item.board === "photos");
    expect(listed).toMatchObject({ name: "사진 자랑", best: { upvotes: 5, days: 3 } });
    const names = await page.locator(".board-card .board-name").allTextContents();
    expect(names.indexOf("사진 자랑")).toBe(names.length - 2);
    await context.close();
  });

  it("reads in English on a phone, labelled, with nothing for axe to find", async () => {
    const { context, page } = await pageIn("en-US", 360, { moderator: true });
    await page.goto(`${web.api.url}/boards/manage`);
    await page.getByRole("form", { name: "Open a board" }).waitFor();
    await page.getByRole("form", { name: "자유게시판" }).getByLabel("Likes it needs").waitFor();
    expect(await page.getByRole("button", { name: "Move 자유게시판 up" }).isDisabled()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const violations: string[] = [];
    await axe(page, "manage en 360", violations);
    expect(violations).toEqual([]);
    await context.close();
  });

  it("is the moderator's only", async () => {
    const { context, page } = await pageIn("en-US");
    await page.goto(`${web.api.url}/boards/manage`);
    await page.getByText("Only the moderator manages boards").waitFor();
    expect(await page.getByRole("form").count()).toBe(0);
    await context.close();
  });
});

describe("a reader's walk, in both languages, on a phone and a desktop", () => {
  it("goes from the board list to a numbered page, page 2, a thread and back, with notices marked, and axe finds nothing", async () => {
    const { post: notice } = await rest(
      "POST",
      "/posts",
      { board: "pinned", title: "이번 주 공지", body: "본문", author: "운영자" },
      { authorization: `Bearer ${testModeratorToken}` }, // 운영자 is reserved for the moderator
    );
    await rest("PUT", `/posts/${notice.postId}/pinned`, { pinned: true }, { authorization: `Bearer ${testModeratorToken}` });
    await web.api.drainStream();
    const violations: string[] = [];
    for (const [locale, words] of [
      ["ko-KR", { boards: "게시판", pageTwo: "2페이지", views: /조회 \d+/, number: /^\d+번$/, notice: "공지", write: "글쓰기" }],
      ["en-US", { boards: "Boards", pageTwo: "Page 2", views: /\d+ views?$/, number: /^No\. \d+$/, notice: "Notice", write: "Write a post" }],
    ] as const) {
      for (const width of [360, 1280]) {
        const where = `${locale} ${width}`;
        const { context, page } = await pageIn(locale, width);
        await page.goto(`${web.api.url}/`);
        await page.getByRole("heading", { level: 1, name: words.boards }).waitFor();
        await page.getByRole("link", { name: "번호게시판" }).click();
        await page.locator(".post-row").nth(19).waitFor();
        expect(await page.getByRole("button", { name: words.write }).isVisible()).toBe(true);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(width);
        await axe(page, `${where} board`, violations);
        await page.getByRole("link", { name: words.pageTwo }).click();
        await expect.poll(() => page.locator(".post-row .number").first().textContent()).toBe("25");
        await page.locator(".post-row .title a").first().click();
        await page.getByRole("heading", { level: 1, name: "25번째 글" }).waitFor();
        expect(await page.locator(".post-number").textContent()).toMatch(words.number);
        expect(await page.locator(".editable-post .meta").first().textContent()).toMatch(words.views);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(width);
        await axe(page, `${where} thread`, violations);
        await page.goBack();
        await expect.poll(() => page.locator(".post-row .number").first().textContent()).toBe("25");
        expect(new URL(page.url()).search).toBe("?page=2");
        // A notice heads the pinned board's page, marked in the page's language.
        await page.goto(`${web.api.url}/b/pinned`);
        await page.locator(".post-row").first().waitFor();
        expect(await page.locator(".notice-row .number").first().textContent()).toBe(words.notice);
        expect(await page.locator(".notice-row .title a").first().textContent()).toBe("이번 주 공지");
        await axe(page, `${where} notices`, violations);
        await context.close();
      }
    }
    expect(violations).toEqual([]);
  });
});

describe("베스트", () => {
  it("shows the posts that reached the board's rule under its own tab, with the rule said, in both languages", async () => {
    const opened = await rest("PATCH", "/boards/qna", { bestUpvotes: 1, bestDays: 3 }, { authorization: `Bearer ${testModeratorToken}`, "if-match": '"1"' });
    expect(opened.best).toEqual({ upvotes: 1, days: 3 });
    const { post } = await rest("POST", "/posts", { board: "qna", title: "좋은 질문입니다", body: "본문", author: "ㅇㅇ" });
    await rest("POST", "/posts", { board: "qna", title: "평범한 질문", body: "본문", author: "ㅇㅇ" });
    await rest("PUT", `/posts/${post.postId}/vote`, { vote: "up" });
    await web.api.drainStream();
    const violations: string[] = [];
    for (const [locale, tab, rule] of [
      ["ko-KR", "베스트", "쓴 지 3일 안에 추천 1개를 받은 글입니다."],
      ["en-US", "Best", "Posts with 1 like within 3 days of being written."],
    ] as const) {
      for (const width of [360, 1280]) {
        const { context, page } = await pageIn(locale, width);
        await page.goto(`${web.api.url}/b/qna`);
        await page.getByRole("link", { name: tab, exact: true }).click();
        await page.locator(".post-row").first().waitFor();
        expect(new URL(page.url()).pathname).toBe("/b/qna/best");
        expect(await page.locator(".post-row .title a").allTextContents()).toEqual(["좋은 질문입니다"]);
        expect(await page.getByText(rule).count()).toBe(1);
        expect(await page.getByRole("link", { name: tab, exact: true }).getAttribute("aria-current")).toBe("page");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await axe(page, `${locale} ${width} best`, violations);
        await context.close();
      }
    }
    expect(violations).toEqual([]);
  });
});
