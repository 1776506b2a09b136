/**
 * Reading and writing as a person does, in Chromium, in Korean and English: the picture viewer,
 * the place kept on reload, the board's own 사진 첨부 button, a write limit said for what was done,
 * and a lost connection told from a server that does not answer, both recovering by themselves.
 */
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { webBoardForThisFile } from "./support/web-board.js";
import type { ApiServer } from "./support/api-server.js";
import { readyImage, testJpeg } from "./support/images.js";
import { everywhere, openCompose } from "./support/browser.js";

const web = webBoardForThisFile([{ board: "reading", name: "읽기게시판" }]);

const rest: ApiServer["rest"] = (...call) => web.api.rest(...call);

async function pageIn(locale: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.browser.newContext({ locale, viewport: { width, height: 720 } });
  return { context, page: await context.newPage() };
}

const tooManyWrites = (route: import("playwright-core").Route) =>
  route.fulfill({
    status: 429,
    contentType: "application/json",
    headers: { "retry-after": "42" },
    body: JSON.stringify({ error: { message: "Too many writes", code: -32029, data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, requestId: "r" } } }),
  });

describe("the picture viewer", () => {
  it("opens a picture in the page with its description, moves with the keys and a swipe, and closes with Escape or Back, staying on the thread", async () => {
    const sunset = await readyImage(web.api.url, await testJpeg(1200, 800, { r: 235, g: 120, b: 60 }));
    const palm = await readyImage(web.api.url, await testJpeg(600, 900, { r: 40, g: 120, b: 60 }));
    const { post } = await rest("POST", "/posts", {
      board: "reading",
      title: "노을 사진",
      body: "오늘 저녁",
      author: "지우",
      attachments: [
        { id: sunset, alt: "바다 위로 지는 해" },
        { id: palm, alt: "주황빛 하늘 아래 야자수" },
      ],
    });
    for (const [locale, name, second] of [
      ["ko-KR", "사진 보기", "2장 중 2번째"],
      ["en-US", "Picture", "2 of 2"],
    ] as const) {
      for (const width of [360, 1280]) {
        const { context, page } = await pageIn(locale, width);
        await page.goto(`${web.api.url}/p/${post.postId}`);
        const thumbnails = page.locator("article .gallery a");
        await thumbnails.first().click();
        const viewer = page.getByRole("dialog", { name });
        await viewer.waitFor();
        expect(await viewer.locator(".viewer-image").getAttribute("alt")).toBe("바다 위로 지는 해");
        expect(await viewer.locator(".viewer-caption").textContent()).toBe("바다 위로 지는 해");
        await page.keyboard.press("ArrowRight");
        await expect.poll(() => viewer.locator(".viewer-caption").textContent()).toBe("주황빛 하늘 아래 야자수");
        expect(await viewer.locator(".viewer-position").textContent()).toBe(second);
        await viewer.locator(".viewer-image").evaluate((img: HTMLImageElement) => img.decode());
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const { violations } = await new AxeBuilder({ page: page as never }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
        expect(violations.map((violation) => violation.id)).toEqual([]);
        // A swipe to the right goes back to the first.
        const box = (await viewer.boundingBox())!;
        await page.mouse.move(box.x + box.width / 2 - 100, box.y + 60);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2 + 100, box.y + 60);
        await page.mouse.up();
        await expect.poll(() => viewer.locator(".viewer-caption").textContent()).toBe("바다 위로 지는 해");
        // Escape closes it; focus is back on the thumbnail that opened it; the thread is still here.
        await page.keyboard.press("Escape");
        await viewer.waitFor({ state: "detached" });
        expect(await page.evaluate(() => document.activeElement?.querySelector("img")?.getAttribute("alt"))).toBe("바다 위로 지는 해");
        // Back closes it without leaving the thread.
        await thumbnails.nth(1).click();
        await viewer.waitFor();
        await page.goBack();
        await viewer.waitFor({ state: "detached" });
        expect(new URL(page.url()).pathname).toBe(`/p/${post.postId}`);
        await page.getByRole("heading", { level: 1, name: "노을 사진" }).waitFor();
        await context.close();
      }
    }
  });
});

describe("reading position", () => {
  it("survives a reload: a thread with its loaded comment pages and scroll, a board page and its scroll", async () => {
    const { post } = await rest("POST", "/posts", { board: "reading", title: "긴 글타래", body: "본문", author: "민수" });
    for (let i = 1; i <= 45; i++) await rest("POST", `/posts/${post.postId}/comments`, { body: `댓글 ${i}`, author: "ㅇㅇ" });
    for (let i = 1; i <= 30; i++) await rest("POST", "/posts", { board: "reading", title: `글 ${i}`, body: "본문", author: "ㅇㅇ" });
    await web.api.drainStream();
    for (const [locale, width] of everywhere) {
      const { context, page } = await pageIn(locale, width);
      await page.goto(`${web.api.url}/p/${post.postId}`);
      await page.locator(".comment").nth(19).waitFor();
      await page.getByRole("button", { name: locale === "ko-KR" ? "댓글 더 보기" : "Load more comments" }).click();
      await page.locator(".comment").nth(39).waitFor();
      await page.locator(".comment").nth(33).scrollIntoViewIfNeeded();
      const scrolled = await page.evaluate(() => window.scrollY);
      expect(scrolled).toBeGreaterThan(500);
      await page.waitForTimeout(400); // the place is kept a quarter of a second after scrolling stops
      await page.reload();
      await page.locator(".comment").nth(39).waitFor();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);

      await page.goto(`${web.api.url}/b/reading`);
      await page.locator(".post-row").nth(19).waitFor();
      await page.locator(".post-row").nth(15).scrollIntoViewIfNeeded();
      const boardScrolled = await page.evaluate(() => window.scrollY);
      expect(boardScrolled).toBeGreaterThan(100);
      await page.waitForTimeout(400); // the place is kept a quarter of a second after scrolling stops
      await page.reload();
      await page.locator(".post-row").nth(19).waitFor();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(boardScrolled);
      await context.close();
    }
  });
});

describe("times", () => {
  it("says an edit's time as each language does: '1분 전 수정됨', 'edited 1 minute ago'", async () => {
    const created = await rest("POST", "/posts", { board: "reading", title: "고친 글", body: "처음", author: "ㅇㅇ" });
    await fetch(`${web.api.url}/api/posts/${created.post.postId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${created.editToken}`, "if-match": '"1"' },
      body: JSON.stringify({ body: "고쳤습니다" }),
    });
    for (const [locale, said] of [
      // The name, then the writer's tag.
      ["ko-KR", /^ㅇㅇ\([a-z2-9]{6}\) · 방금 전 · 방금 전 수정됨/],
      ["en-US", /^by ㅇㅇ\([a-z2-9]{6}\) · just now · edited just now/],
    ] as const) {
      const { context, page } = await pageIn(locale);
      await page.goto(`${web.api.url}/p/${created.post.postId}`);
      await page.getByRole("heading", { level: 1, name: "고친 글" }).waitFor();
      expect(await page.locator(".editable-post .meta").first().textContent()).toMatch(said);
      await context.close();
    }
  });

  it("dates list rows as Korean boards do: today 'HH:mm', this year 'MM.DD', earlier years 'YY.MM.DD', the full date on tap", async () => {
    const { post } = await rest("POST", "/posts", { board: "reading", title: "날짜 보기", body: "본문", author: "ㅇㅇ" });
    const written = new Date(post.createdAt);
    const two = (n: number) => String(n).padStart(2, "0");
    const later = (days: number) => new Date(written.getTime() + days * 86_400_000);
    // The browser's clock moved on: the same post, read a day later in the same year, and years later.
    const sameYear = later(1).getUTCFullYear() === written.getUTCFullYear();
    for (const [now, shown] of [
      [written, `${two(written.getUTCHours())}:${two(written.getUTCMinutes())}`],
      ...(sameYear ? ([[later(1), `${two(written.getUTCMonth() + 1)}.${two(written.getUTCDate())}`]] as const) : []),
      [later(800), `${two(written.getUTCFullYear() % 100)}.${two(written.getUTCMonth() + 1)}.${two(written.getUTCDate())}`],
    ] as const) {
      for (const [locale, width] of everywhere) {
        const context = await web.browser.newContext({ locale, timezoneId: "UTC", viewport: { width, height: 720 } });
        await context.clock.install({ time: now });
        const page = await context.newPage();
        await page.goto(`${web.api.url}/b/reading`);
        const date = page.locator(".post-row").filter({ hasText: "날짜 보기" }).locator(".date time");
        await date.waitFor();
        expect(await date.textContent()).toBe(shown);
        await date.click();
        expect(await date.textContent()).toMatch(
          locale === "ko-KR" ? /^\d{4}\. \d{1,2}\. \d{1,2}\. (오전|오후) \d{1,2}:\d{2}$/ : /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} (AM|PM)$/,
        );
        await context.close();
      }
    }
  });
});

describe("views (조회)", () => {
  it("counts a reader's view of a thread once, shown in the list's 조회 column and on the thread", async () => {
    const { post } = await rest("POST", "/posts", { board: "reading", title: "조회수 세는 글", body: "본문", author: "ㅇㅇ" });
    const { context, page } = await pageIn("ko-KR");
    await page.goto(`${web.api.url}/p/${post.postId}`);
    await page.getByRole("heading", { level: 1, name: "조회수 세는 글" }).waitFor();
    // Again in the same tab (a reload, a language switch): still one view.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "조회수 세는 글" }).waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "한국어" }).click();
    await web.api.drainStream();
    await page.goto(`${web.api.url}/b/reading`);
    const row = page.locator(".post-row").filter({ hasText: "조회수 세는 글" });
    expect(await row.locator(".views").textContent()).toBe("1");
    await page.goto(`${web.api.url}/p/${post.postId}`);
    await expect.poll(() => page.locator(".editable-post .meta").first().textContent()).toContain("조회 1");
    await context.close();
  });
});

describe("votes (추천/비추천)", () => {
  it("recommends a post, changes the vote, takes it back, and the list shows the count, in both languages", async () => {
    for (const [locale, up, down] of [
      ["ko-KR", "추천", "비추천"],
      ["en-US", "Like", "Dislike"],
    ] as const) {
      const { post } = await rest("POST", "/posts", { board: "reading", title: `추천 받을 글 ${locale}`, body: "본문", author: "ㅇㅇ" });
      const { context, page } = await pageIn(locale, 360);
      await page.goto(`${web.api.url}/p/${post.postId}`);
      const upButton = page.locator(".vote-up");
      const downButton = page.locator(".vote-down");
      expect(await upButton.textContent()).toBe(`${up} 0`);
      await upButton.click();
      await expect.poll(() => upButton.getAttribute("aria-pressed")).toBe("true");
      expect(await upButton.textContent()).toBe(`${up} 1`);
      await web.api.drainStream();
      // After a reload, the count is the server's and the button still says it was pressed here.
      await page.reload();
      await expect.poll(() => upButton.textContent()).toBe(`${up} 1`);
      expect(await upButton.getAttribute("aria-pressed")).toBe("true");
      await page.goto(`${web.api.url}/b/reading`);
      expect(
        await page
          .locator(".post-row")
          .filter({ hasText: `추천 받을 글 ${locale}` })
          .locator(".upvotes")
          .textContent(),
      ).toBe("1");
      await page.goBack();
      await downButton.click();
      await expect.poll(() => downButton.textContent()).toBe(`${down} 1`);
      expect(await upButton.textContent()).toBe(`${up} 0`);
      await downButton.click();
      await expect.poll(() => downButton.getAttribute("aria-pressed")).toBe("false");
      await web.api.drainStream();
      const after = await rest("GET", `/posts/${post.postId}`);
      expect([after.post.upvotes, after.post.downvotes]).toEqual([0, 0]);
      await context.close();
    }
  });
});

describe("writing", () => {
  it("attaches pictures with the board's own 사진 첨부 button, not the browser's words", async () => {
    for (const [locale, width] of everywhere) {
      const label = locale === "ko-KR" ? "사진 첨부 (최대 4장)" : "Add pictures (up to 4)";
      const { context, page } = await pageIn(locale, width);
      await page.goto(`${web.api.url}/b/reading`);
      await openCompose(page);
      const button = page.locator("label.file-button");
      expect(await button.textContent()).toBe(label);
      expect(await button.isVisible()).toBe(true);
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(width === 360 ? 44 : 40);
      // The native control is there for the keyboard and screen readers, but its own words are not shown.
      const input = page.getByLabel(label);
      expect(await input.evaluate((element) => getComputedStyle(element).opacity)).toBe("0");
      await input.setInputFiles([{ name: "one.jpg", mimeType: "image/jpeg", buffer: await testJpeg(400, 300) }]);
      await expect.poll(() => page.locator(".image-item .preview").count()).toBe(1);
      await context.close();
    }
  });

  it("says a write limit in words for what the person did: a post, a comment", async () => {
    const { post } = await rest("POST", "/posts", { board: "reading", title: "댓글 달 글", body: "본문", author: "ㅇㅇ" });
    for (const width of [360, 1280]) {
      const { context, page } = await pageIn("ko-KR", width);
      await page.route("**/trpc/posts.create**", tooManyWrites);
      await page.route("**/trpc/comments.create**", tooManyWrites);
      await page.goto(`${web.api.url}/b/reading`);
      await openCompose(page);
      await page.getByLabel("제목").fill("제목");
      await page.getByLabel("내용").fill("내용");
      await page.getByLabel("이름").fill("ㅇㅇ");
      await page.getByRole("button", { name: "등록", exact: true }).click();
      await expect.poll(() => page.locator("#new-post .form-error").textContent()).toBe("짧은 시간에 글을 너무 많이 올렸습니다. 42초 뒤에 다시 올려 주세요.");
      await page.goto(`${web.api.url}/p/${post.postId}`);
      await page.getByLabel("댓글", { exact: true }).fill("댓글");
      await page.getByLabel("이름").fill("ㅇㅇ");
      await page.getByRole("button", { name: "댓글 등록" }).click();
      await expect
        .poll(() => page.locator("#new-comment .form-error").textContent())
        .toBe("짧은 시간에 댓글을 너무 많이 달았습니다. 42초 뒤에 다시 달아 주세요.");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("button", { name: "Comment", exact: true }).click();
      await expect
        .poll(() => page.locator("#new-comment .form-error").textContent())
        .toBe("You have commented a lot in a short time: wait 42 seconds, then comment again.");
      await page.goto(`${web.api.url}/b/reading`);
      await openCompose(page);
      await page.getByLabel("Title").fill("Title");
      await page.getByLabel("Text").fill("Text");
      await page.getByRole("button", { name: "Post", exact: true }).click();
      await expect
        .poll(() => page.locator("#new-post .form-error").textContent())
        .toBe("You have posted a lot in a short time: wait 42 seconds, then post again.");
      await context.close();
    }
  });
});

describe("when the board cannot be reached", () => {
  it("says the connection is lost, and loads the page by itself when it is back", async () => {
    for (const [locale, width] of everywhere) {
      const { context, page } = await pageIn(locale, width);
      await page.goto(`${web.api.url}/`);
      await page.locator(".board-card").first().waitFor();
      await context.setOffline(true);
      await page.getByRole("link", { name: "읽기게시판" }).click();
      await expect
        .poll(() => page.locator(".list-status").first().textContent())
        .toContain(
          locale === "ko-KR"
            ? "인터넷 연결이 끊겼습니다. 다시 연결되면 이 페이지를 저절로 불러옵니다."
            : "You are offline. This page loads by itself once you are connected again.",
        );
      await context.setOffline(false);
      // Nobody presses anything: it loads once the browser is online.
      await page.getByRole("heading", { level: 1, name: "읽기게시판" }).waitFor({ timeout: 10_000 });
      await context.close();
    }
  });

  it("tells a server that does not answer from a lost connection, and tries again by itself", async () => {
    const { post } = await rest("POST", "/posts", { board: "reading", title: "Server trouble", body: "b", author: "ann" });
    for (const [locale, width] of everywhere) {
      const { context, page } = await pageIn(locale, width);
      // API Gateway answers 502 for a function that failed (its gateway response, with the board's error body).
      await page.route("**/trpc/**", (route) =>
        route.fulfill({
          status: 502,
          contentType: "application/json",
          body: JSON.stringify({ code: "INTEGRATION_FAILURE", message: "The board could not answer.", requestId: "r" }),
        }),
      );
      await page.goto(`${web.api.url}/p/${post.postId}`);
      await expect
        .poll(() => page.getByRole("alert").first().textContent())
        .toBe(
          locale === "ko-KR"
            ? "지금 게시판 서버가 응답하지 않습니다. 잠시 뒤에 저절로 다시 불러옵니다."
            : "The board's server is not answering right now. This page tries again by itself.",
        );
      await page.unroute("**/trpc/**");
      await page.getByRole("heading", { level: 1, name: "Server trouble" }).waitFor({ timeout: 10_000 });
      await context.close();
    }
  });
});
