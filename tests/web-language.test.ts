/**
 * The web board in Korean and English, in Chromium: the language follows the browser's, a visible
 * switch changes it without losing what was typed and remembers the choice, Korean text renders
 * in a Korean font, dates and numbers read in the chosen language, and the API's error codes
 * become messages in that language. Screenshots at phone and desktop widths in both languages.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./support/processes.js";
import { testModeratorToken } from "./support/store.js";
import { webBoardForThisFile } from "./support/web-board.js";
import type { ApiServer } from "./support/api-server.js";
import { readyImage, testJpeg } from "./support/images.js";
import { openCompose } from "./support/browser.js";

const web = webBoardForThisFile([{ board: "hangul", name: "한글게시판", description: "한국어로 이야기해요" }]);
const screenshots = join(repoRoot, "test-results", "screenshots");
// `npm run docs:screenshots` sets this to refresh the pictures the README shows.
const docsScreenshots = process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? join(repoRoot, "docs", "screenshots") : undefined;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  if (docsScreenshots) mkdirSync(docsScreenshots, { recursive: true });
});

const rest: ApiServer["rest"] = (...call) => web.api.rest(...call);

async function pageIn(locale: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.browser.newContext({ locale, viewport: { width, height: 900 } });
  return { context, page: await context.newPage() };
}

/** The fonts Chromium actually drew a node's text with (DevTools protocol), e.g. ["Noto Sans CJK KR"]. */
async function fontsDrawing(context: BrowserContext, page: Page, selector: string): Promise<string[]> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  return fonts.map((font) => font.familyName);
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? "");

describe("the board in Korean and English", () => {
  it("speaks Korean to a Korean browser, drawn in a Korean font, with Korean dates and counts", async () => {
    await rest("POST", "/posts", { board: "hangul", title: "첫 번째 글입니다", body: "안녕하세요", author: "민지" });
    await web.api.drainStream();
    const { context, page } = await pageIn("ko-KR");
    await page.goto(`${web.api.url}/b/hangul`);
    await page.getByRole("link", { name: "첫 번째 글입니다" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");
    // The board's name as its moderator gave it; the columns as Korean boards have them.
    expect(await page.locator("h1").textContent()).toBe("한글게시판");
    expect(await page.title()).toBe("한글게시판 · serverless-board");
    expect(await page.locator(".post-table th").allTextContents()).toEqual(["번호", "제목", "글쓴이", "날짜", "조회", "추천"]);
    const row = page.locator(".post-row").filter({ hasText: "첫 번째 글입니다" });
    expect(await row.locator(".author").textContent()).toMatch(/^민지\([a-z2-9]{6}\)$/); // the name, then the writer's tag
    expect(await row.locator(".number").textContent()).toMatch(/^\d+$/);
    // Written today: the time alone ("14:05"), the full date for screen readers and on tap.
    const time = row.locator(".date time");
    expect(await time.textContent()).toMatch(/^\d{2}:\d{2}$/);
    expect(await row.locator(".date .visually-hidden").textContent()).toMatch(/\d{4}\. \d{1,2}\. \d{1,2}\. (오전|오후)/);
    await time.click();
    expect(await time.textContent()).toMatch(/\d{4}\. \d{1,2}\. \d{1,2}\. (오전|오후)/);
    // The form waits behind 글쓰기, on every screen.
    expect(await page.getByRole("button", { name: "글쓰기" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "한국어" }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.locator(".skip-link").textContent()).toBe("본문으로 건너뛰기");
    // Drawn with a font that has Hangul, not boxes from a Latin fallback.
    expect((await fontsDrawing(context, page, "h1")).join(", ")).toMatch(/CJK|Korean|KR|Gothic|Nanum/i);

    await openCompose(page);
    // Checked in the browser in Korean, with the server's limits.
    await page.getByRole("button", { name: "등록", exact: true }).click();
    await expect.poll(() => page.locator("#new-post-title-error").textContent()).toBe("제목을 입력해 주세요.");
    await page.getByLabel("제목").fill("x".repeat(201));
    await page.getByRole("button", { name: "등록", exact: true }).click();
    await expect.poll(() => page.locator("#new-post-title-error").textContent()).toBe("제목은 200자까지 쓸 수 있습니다.");
    await context.close();
  });

  it("switches language in place, keeps focus and what was typed, and remembers the choice", async () => {
    const { context, page } = await pageIn("ko-KR");
    await page.goto(`${web.api.url}/b/hangul`);
    await openCompose(page);
    await page.getByLabel("제목").fill("반쯤 쓴 제목");
    await page.getByLabel("이름").fill("서연");
    const english = page.getByRole("button", { name: "English" });
    await english.focus();
    await english.press("Enter");
    await page.getByRole("heading", { level: 1, name: "한글게시판" }).waitFor();
    await page.getByRole("columnheader", { name: "Author" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await english.getAttribute("aria-pressed")).toBe("true");
    expect(await focusedText(page)).toBe("English");
    expect(await page.getByLabel("Title").inputValue()).toBe("반쯤 쓴 제목");
    expect(await page.getByLabel("Your name").inputValue()).toBe("서연");
    expect(await page.locator(".post-table th").allTextContents()).toEqual(["No.", "Title", "Author", "Date", "Views", "Likes"]);

    await page.reload();
    await page.getByRole("columnheader", { name: "Author" }).waitFor();
    expect(await page.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).toBe("true");
    await context.close();
  });

  it("keeps an edit in progress open, with its text, when the language changes", async () => {
    const { context, page } = await pageIn("ko-KR");
    await page.goto(`${web.api.url}/b/hangul`);
    await openCompose(page);
    await page.getByLabel("제목").fill("내가 쓴 글");
    await page.getByLabel("내용").fill("본문");
    await page.getByLabel("이름").fill("예준");
    await page.getByRole("button", { name: "등록", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "내가 쓴 글" }).waitFor();
    await page.locator("article").getByRole("button", { name: "수정" }).click();
    await page.locator("article").getByLabel("제목").fill("고치는 중인 제목");
    await page.getByRole("button", { name: "English" }).click();
    await page.locator("article").getByRole("form", { name: "Edit post" }).waitFor();
    expect(await page.locator("article").getByLabel("Title").inputValue()).toBe("고치는 중인 제목");
    expect(await focusedText(page)).toBe("English");
    await page.locator("article").getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("heading", { level: 1, name: "내가 쓴 글" }).waitFor();
    await context.close();
  });

  it("speaks English to an English browser, and a switch to Korean stays on reload", async () => {
    const { context, page } = await pageIn("en-GB");
    await page.goto(`${web.api.url}/b/hangul`);
    await page.getByRole("columnheader", { name: "Author" }).waitFor();
    await page.getByRole("button", { name: "한국어" }).click();
    await page.getByRole("columnheader", { name: "글쓴이" }).waitFor();
    await page.reload();
    await page.getByRole("columnheader", { name: "글쓴이" }).waitFor();
    expect(await page.getByRole("button", { name: "글쓰기" }).count()).toBe(1); // the form waits behind it, on every screen
    await context.close();
  });

  it("turns the API's error codes into messages in the chosen language, and keeps the text", async () => {
    const { post } = await rest("POST", "/posts", { board: "hangul", title: "곧 지워질 글", body: "본문", author: "도윤" });
    const { context, page } = await pageIn("ko-KR");
    await page.goto(`${web.api.url}/p/${post.postId}`);
    await page.getByRole("heading", { level: 1, name: "곧 지워질 글" }).waitFor();
    expect(await page.locator("#comments-heading").textContent()).toBe("댓글 0개");
    await rest("DELETE", `/posts/${post.postId}`, undefined, { authorization: `Bearer ${testModeratorToken}` });
    await page.getByLabel("댓글", { exact: true }).fill("늦은 댓글");
    await page.getByLabel("이름").fill("하준");
    await page.getByRole("button", { name: "댓글 등록" }).click();
    await expect.poll(() => page.locator("#new-comment .form-error").textContent()).toBe("이미 삭제되었습니다.");
    expect(await page.getByLabel("댓글", { exact: true }).inputValue()).toBe("늦은 댓글");
    await context.close();
  });

  it("passes axe-core's WCAG 2.2 AA rules in Korean", async () => {
    const { context, page } = await pageIn("ko-KR");
    await page.goto(`${web.api.url}/b/hangul`);
    await page.locator(".post-row").first().waitFor();
    const result = await new AxeBuilder({ page: page as never }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(result.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await context.close();
  });

  it("fits phone and desktop widths in both languages (screenshots)", async () => {
    const picture = await readyImage(web.api.url, await testJpeg(1200, 800, { r: 235, g: 120, b: 60 }));
    const { post } = await rest("POST", "/posts", {
      board: "hangul",
      title: "서울에서 보내는 인사 — Greetings from Seoul",
      body: "게시판이 잘 보이나요?\n\nDoes the board read well in both languages? https://example.com",
      author: "지우",
      attachments: [{ id: picture, alt: "주황빛 저녁 하늘 — an orange evening sky" }],
    });
    await rest("POST", `/posts/${post.postId}/comments`, { body: "네, 휴대폰에서도 잘 보입니다.", author: "Alex" });
    // A board as people find it: a notice, a few days' posts, comments and views.
    const rules = await rest(
      "POST",
      "/posts",
      { board: "hangul", title: "게시판 이용 안내 (필독)", body: "서로 존중해 주세요.", author: "운영자" },
      { authorization: `Bearer ${testModeratorToken}` }, // 운영자 is reserved for the moderator
    );
    await rest("PUT", `/posts/${rules.post.postId}/pinned`, { pinned: true }, { authorization: `Bearer ${testModeratorToken}` });
    const titles = [
      ["강릉 1박 2일 여행 후기: 안목해변 커피거리", "지우", 4],
      ["Weekend hiking group — anyone joining?", "Alex", 2],
      ["오늘 점심 뭐 드셨어요?", "민준", 7],
      ["노트북 추천 부탁드립니다 (예산 150만 원)", "서연", 3],
      ["퇴근길 하늘이 예뻐서 찍어 봤어요", "하은", 0],
      ["How do I change my name on the board?", "Sam", 1],
    ] as const;
    for (const [title, author, comments] of titles) {
      const { post: written } = await rest("POST", "/posts", { board: "hangul", title, body: "본문입니다.", author });
      for (let i = 0; i < comments; i++) await rest("POST", `/posts/${written.postId}/comments`, { body: "좋아요!", author: "ㅇㅇ" });
      await rest("POST", `/posts/${written.postId}/views`, {});
    }
    await web.api.drainStream();
    for (const locale of ["ko-KR", "en-US"]) {
      for (const width of [360, 1280]) {
        const { context, page } = await pageIn(locale, width);
        const name = `${locale.slice(0, 2)}-${width}`;
        await page.goto(`${web.api.url}/b/hangul`);
        await page.locator(".post-row").first().waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await save(page, `board-${name}.png`);
        await page.goto(`${web.api.url}/p/${post.postId}`);
        await page.locator(".comment").first().waitFor();
        await page.locator("article .gallery img").evaluate((img: HTMLImageElement) => img.decode());
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await save(page, `thread-${name}.png`);
        await context.close();
      }
    }
  });
});

async function save(page: Page, file: string): Promise<void> {
  const path = join(screenshots, file);
  await page.screenshot({ path, fullPage: true });
  if (docsScreenshots) copyFileSync(path, join(docsScreenshots, file));
}
