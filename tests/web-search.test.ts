/**
 * Searching a board in the web board, in Chromium, in Korean and English: the search box on the
 * board, results with their matches marked (as text, never HTML), the query in the URL (Back,
 * Forward and a shared link work), a plain "no results" that says what was searched, and axe.
 */
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { webBoardForThisFile } from "./support/web-board.js";
import type { ApiServer } from "./support/api-server.js";

const web = webBoardForThisFile(["search-en", "search-ko"]);

const rest: ApiServer["rest"] = (...call) => web.api.rest(...call);

async function pageIn(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return result.violations.map((violation) => `${violation.id}: ${violation.help}`);
}

describe("searching a board in the web board", () => {
  it("finds Korean text from the board's search box, marks the match safely, and keeps the query in the URL (Back and Forward)", async () => {
    const { post } = await rest("POST", "/posts", {
      board: "search-ko",
      title: "서울에서 만나요",
      body: "이번 주말 <b>서울</b> 맛집 모임입니다.",
      author: "지우",
    });
    await rest("POST", "/posts", { board: "search-ko", title: "부산 여행", body: "바다가 좋아요", author: "민수" });
    await web.api.drainStream();
    const { context, page } = await pageIn("ko-KR");
    await page.goto(`${web.api.url}/b/search-ko`);
    const box = page.getByRole("searchbox", { name: "검색어" });
    await box.fill("서울 맛집");
    await box.press("Enter");
    await page.getByRole("heading", { level: 1, name: "“서울 맛집” 검색 결과" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/b/search-ko/search");
    expect(new URL(page.url()).searchParams.get("q")).toBe("서울 맛집");
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("글 1개를 찾았습니다.");
    const result = page.locator(".search-result");
    expect(await result.locator(".post-title").textContent()).toBe("서울에서 만나요");
    expect(await result.locator("mark").allTextContents()).toEqual(["서울", "맛집"]);
    // The post's own "<b>" is text, not markup.
    expect(await result.locator(".snippet b").count()).toBe(0);
    expect(await result.locator(".snippet").textContent()).toContain("<b>서울</b>");
    expect(await axeViolations(page)).toEqual([]);
    await result.locator(".post-title").click();
    await page.waitForURL(`**/p/${post.postId}`);
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "“서울 맛집” 검색 결과" }).waitFor();
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "search-ko" }).waitFor();
    await page.goForward();
    await page.getByRole("heading", { level: 1, name: "“서울 맛집” 검색 결과" }).waitFor();
    await context.close();
  });

  it("says plainly when nothing matches, in English, and a shared link opens the same search", async () => {
    await rest("POST", "/posts", { board: "search-en", title: "Weekly notes", body: "The meetup is on Friday.", author: "ann" });
    await web.api.drainStream();
    const { context, page } = await pageIn("en-US");
    await page.goto(`${web.api.url}/b/search-en/search?q=${encodeURIComponent("MEETUP")}&scope=body`);
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("1 post found");
    expect(await page.locator(".search-result mark").allTextContents()).toEqual(["meetup"]);
    expect(await page.getByRole("combobox", { name: "Where to search" }).inputValue()).toBe("body");
    await page.getByRole("searchbox", { name: "Search" }).fill("karaoke");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("No posts on search-en match “karaoke”.");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
