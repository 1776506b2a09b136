/**
 * The web board as a person uses a thread, in Chromium: comments appear once and in order, focus
 * stays where the person is, and problems are said in plain words before anything is sent.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { testModeratorToken } from "./support/store.js";
import { webBoardForThisFile } from "./support/web-board.js";
import type { ApiServer } from "./support/api-server.js";
import { AxeBuilder } from "@axe-core/playwright";
import { openCompose } from "./support/browser.js";

const web = webBoardForThisFile(["back", "enter-title", "history", "links", "moderation", "moderation-progress", "phone", "tabs", "threads"]);

const rest: ApiServer["rest"] = (...call) => web.api.rest(...call);

async function threadWithComments(count: number): Promise<string> {
  const { post } = await rest("POST", "/posts", { board: "threads", title: `A thread with ${count} comments`, body: "Hello", author: "ann" });
  for (let i = 1; i <= count; i++) await rest("POST", `/posts/${post.postId}/comments`, { body: `Comment ${i}`, author: "bo" });
  await web.api.drainStream();
  return post.postId;
}

async function open(path: string): Promise<Page> {
  const page = await (await web.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${web.api.url}${path}`);
  return page;
}

const focused = (page: Page) =>
  page.evaluate(() => ({ id: document.activeElement?.id ?? "", tag: document.activeElement?.tagName ?? "", text: document.activeElement?.textContent ?? "" }));

describe("a thread in Chromium", () => {
  it("shows a comment written while only part of the thread is loaded once, in order, after Load more", async () => {
    const postId = await threadWithComments(25);
    const page = await open(`/p/${postId}`);
    await page.locator(".comment").nth(19).waitFor();
    expect(await page.locator(".comment").count()).toBe(20);
    expect(await page.locator("#comments-heading").textContent()).toBe("25 comments (20 of 25 shown)");

    await page.getByLabel("Comment", { exact: true }).fill("Written before loading the rest");
    await page.getByLabel("Your name").fill("Cy");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await page.locator(".comment").getByText("Written before loading the rest").waitFor();
    // Focus is on the new comment, not dropped to <body>.
    expect((await focused(page)).id).toMatch(/^c-/);

    await page.getByRole("button", { name: "Load more comments" }).click();
    await page.getByRole("button", { name: "Load more comments" }).waitFor({ state: "hidden" });
    expect(await page.locator("#comments-heading").textContent()).toBe("26 comments");
    const texts = await page.locator(".comment .body").allTextContents();
    expect(texts).toEqual([...Array.from({ length: 25 }, (_, i) => `Comment ${i + 1}`), "Written before loading the rest"]);
    // "Load more" is gone: focus went to the first comment it brought, not to <body>.
    expect(await focused(page)).toMatchObject({ tag: "LI" });
    expect((await focused(page)).text).toContain("Comment 21");
  });

  it("says what is wrong in plain words before sending, keeps what was typed, and puts focus on the field to fix", async () => {
    const postId = await threadWithComments(0);
    const page = await open(`/p/${postId}`);
    let sent = 0;
    page.on("request", (request) => void (request.method() === "POST" && request.url().includes("comments.create") && sent++));
    await page.getByLabel("Your name").fill("Di");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await expect.poll(() => page.locator("#new-comment-body-error").textContent()).toBe("Write a comment.");
    expect((await focused(page)).id).toBe("new-comment-body");
    expect(await page.locator("#status").textContent()).toBe("Write a comment.");

    const tooLong = "x".repeat(2001);
    await page.getByLabel("Comment", { exact: true }).fill(tooLong);
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await expect.poll(() => page.locator("#new-comment-body-error").textContent()).toBe("Comments are at most 2,000 characters.");
    expect(await page.getByLabel("Comment", { exact: true }).inputValue()).toBe(tooLong); // not cut off
    expect(sent).toBe(0);

    await page.goto(`${web.api.url}/b/threads`);
    await openCompose(page);
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await expect.poll(() => page.locator("#new-post-title-error").textContent()).toBe("Write a title.");
    expect((await focused(page)).id).toBe("new-post-title");
    await page.getByLabel("Title").fill("Fine");
    await page.getByLabel("Text").fill("Fine too");
    await page.getByLabel("Your name").fill("zero\u200Bwidth");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await expect.poll(() => page.locator("#new-post-author-error").textContent()).toBe("Remove the invisible or special characters from your name.");
    expect((await focused(page)).id).toBe("new-post-author");
  });
});

describe("errors people can see and retry, and history that keeps its place", () => {
  it("offers Try again when a thread fails to load, and says a failed Load more beside the button", async () => {
    const postId = await threadWithComments(22);
    const page = await (await web.browser.newContext()).newPage();
    // The client retries a read three times; the fourth failure reaches the page.
    let failures = 4;
    await page.route("**/trpc/posts.get**", (route) =>
      failures-- > 0 ? route.fulfill({ status: 503, contentType: "application/json", headers: { "retry-after": "0" }, body: "{}" }) : route.continue(),
    );
    await page.goto(`${web.api.url}/p/${postId}`);
    const retry = page.getByRole("button", { name: "Try again" });
    await retry.waitFor();
    expect(await page.title()).toMatch(/^Could not load/);
    expect(await page.locator("[role=alert]").first().textContent()).not.toMatch(/your text/);
    await retry.click();
    await page.locator(".comment").nth(19).waitFor();

    await page.route("**/trpc/comments.list**", (route) => route.abort());
    const more = page.getByRole("button", { name: "Load more comments" });
    await more.click();
    // After the client's own retries (a few seconds).
    await expect.poll(() => page.locator(".load-more + .load-more-status").textContent(), { timeout: 15_000 }).toMatch(/try again/);
    expect(await more.isVisible()).toBe(true);
  });

  it("says how long to wait after too many writes, at once", async () => {
    const postId = await threadWithComments(0);
    const page = await open(`/p/${postId}`);
    await page.route("**/trpc/comments.create**", (route) =>
      route.fulfill({
        status: 429,
        contentType: "application/json",
        headers: { "retry-after": "42" },
        body: JSON.stringify({ error: { message: "Too many writes", code: -32029, data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, requestId: "r" } } }),
      }),
    );
    await page.getByLabel("Comment", { exact: true }).fill("Hello");
    await page.getByLabel("Your name").fill("Ed");
    const started = Date.now();
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await expect
      .poll(() => page.locator("#new-comment .form-error").textContent())
      .toBe("You have commented a lot in a short time: wait 42 seconds, then comment again.");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await page.getByLabel("Comment", { exact: true }).inputValue()).toBe("Hello");
  });

  it("keeps a half-written comment when the person leaves and comes back, and Back after a delete skips the deleted post", async () => {
    const page = await open("/b/history");
    await openCompose(page);
    await page.getByLabel("Title").fill("To be deleted");
    await page.getByLabel("Text").fill("Soon gone");
    await page.getByLabel("Your name").fill("Flo");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "To be deleted" }).waitFor();

    await page.getByLabel("Comment", { exact: true }).fill("Half a thought");
    await page.getByRole("link", { name: "← history" }).click();
    await page.getByRole("heading", { level: 1, name: "history" }).waitFor();
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "To be deleted" }).waitFor();
    expect(await page.getByLabel("Comment", { exact: true }).inputValue()).toBe("Half a thought");

    // Edit, then Cancel: focus returns to Edit. Escape does the same.
    await page.locator(".editable-post").getByRole("button", { name: "Edit" }).click();
    await page.locator(".editable-post").getByRole("button", { name: "Cancel" }).click();
    expect(await focused(page)).toMatchObject({ tag: "BUTTON", text: "Edit" });
    await page.locator(".editable-post").getByRole("button", { name: "Edit" }).click();
    await page.keyboard.press("Escape");
    expect(await focused(page)).toMatchObject({ tag: "BUTTON", text: "Edit" });

    const confirmations: string[] = [];
    page.on("dialog", (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    await page.getByLabel("Comment", { exact: true }).fill("One comment");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await page.getByRole("heading", { level: 2, name: "1 comment" }).waitFor();
    await page.locator(".editable-post").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { level: 1, name: "history" }).waitFor();
    expect(confirmations).toEqual(["Delete this post and its 1 comment? This cannot be undone."]);
    expect(await page.locator(".notice").textContent()).toBe("Deleted “To be deleted” and its 1 comment.");
    await page.goBack();
    await page.waitForTimeout(300);
    expect(await page.getByText("does not exist").count()).toBe(0);
  });
});

describe("moderator mode", () => {
  it("checks the token when it is entered, masked, refuses a wrong one plainly, and can be left", async () => {
    const page = await open("/b/moderation");
    await page.getByRole("button", { name: "Moderator mode" }).click();
    const input = page.getByLabel("Moderator token");
    expect(await input.getAttribute("type")).toBe("password");
    expect((await focused(page)).id).toBe("moderator-token");
    await input.fill("a-wrong-moderator-token");
    await page.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => page.locator("#moderator-error").textContent()).toBe("That is not the moderator token.");
    expect(await page.evaluate(() => sessionStorage.getItem("board.moderatorToken"))).toBeNull();

    await input.fill(testModeratorToken);
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByRole("button", { name: "Leave moderator mode" }).waitFor();
    expect(await page.locator("#status").textContent()).toMatch(/Moderator mode on/);
    await page.getByRole("button", { name: "Leave moderator mode" }).click();
    await page.getByRole("button", { name: "Moderator mode" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("board.moderatorToken"))).toBeNull();
  });
});

describe("accessibility (axe-core, WCAG 2.2 AA)", () => {
  it("finds no violation on a board, a thread with comments, a form showing errors, and moderator mode", async () => {
    const postId = await threadWithComments(3);
    const page = await open("/b/threads");
    const violations: string[] = [];
    const audit = async (where: string) => {
      const result = await new AxeBuilder({ page: page as never }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      for (const violation of result.violations) violations.push(`${where}: ${violation.id} (${violation.nodes.length}) ${violation.help}`);
    };
    await page.locator(".post-row").first().waitFor();
    await audit("board");
    await openCompose(page);
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.locator("#new-post-title-error").getByText("Write a title.").waitFor();
    await audit("board with errors");
    await page.goto(`${web.api.url}/p/${postId}`);
    await page.locator(".comment").nth(2).waitFor();
    await audit("thread");
    await page.getByRole("button", { name: "Moderator mode" }).click();
    await audit("moderator form");
    expect(violations).toEqual([]);
  });
});

describe("what a thread shows", () => {
  it("makes http(s) addresses in text links (and nothing else), and shows times as '… ago' with the exact moment", async () => {
    const body = "See https://example.com/a?b=1. Not javascript:alert(1) nor <b>bold</b> nor ftp://example.com.\n\nAlso (http://example.org/x)";
    const { post } = await rest("POST", "/posts", { board: "links", title: "Links", body, author: "gil" });
    const page = await open(`/p/${post.postId}`);
    const links = page.locator(".editable-post .body a");
    await links.first().waitFor();
    expect(await links.evaluateAll((anchors) => anchors.map((a) => [a.getAttribute("href"), a.getAttribute("rel"), a.textContent]))).toEqual([
      ["https://example.com/a?b=1", "noopener nofollow ugc", "https://example.com/a?b=1"],
      ["http://example.org/x", "noopener nofollow ugc", "http://example.org/x"],
    ]);
    expect(await page.locator(".editable-post .body b").count()).toBe(0);
    expect(await page.locator(".editable-post .body").textContent()).toContain("<b>bold</b>");

    const time = page.locator(".editable-post .meta time").first();
    expect(await time.getAttribute("datetime")).toBe(post.createdAt);
    expect(await time.textContent()).toMatch(/now|second|minute/);
    expect(await time.getAttribute("title")).toMatch(/\d{4}/);
  });
});

describe("forms and phones", () => {
  it("counts characters near the limit instead of cutting text off, and gives phone fingers 44 px targets", async () => {
    const postId = await threadWithComments(1);
    const page = await (await web.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await page.goto(`${web.api.url}/p/${postId}`);
    const comment = page.getByLabel("Comment", { exact: true });
    await comment.fill("x".repeat(100));
    expect(await page.locator("#new-comment-body-count").textContent()).toBe("");
    await comment.fill("x".repeat(1990));
    expect(await page.locator("#new-comment-body-count").textContent()).toBe("1,990 / 2,000");
    await comment.fill("x".repeat(2010));
    expect(await page.locator("#new-comment-body-count").getAttribute("class")).toContain("over");
    const small = await page
      .locator("button:visible, input:visible")
      .evaluateAll((controls) => controls.filter((control) => control.getBoundingClientRect().height < 44).map((control) => control.outerHTML.slice(0, 80)));
    expect(small).toEqual([]);
  });
});

describe("a board on a phone", () => {
  it("shows the posts first and opens the form from a Write a post button; the first Tab reaches the skip link", async () => {
    await rest("POST", "/posts", { board: "phone", title: "Already here", body: "Hello", author: "hu" });
    await web.api.drainStream();
    const page = await (await web.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await page.goto(`${web.api.url}/b/phone`);
    await page.getByRole("link", { name: "Already here" }).waitFor();
    expect(await page.getByLabel("Title").isVisible()).toBe(false);
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ tag: "A", text: "Skip to content" });
    await page.getByRole("button", { name: "Write a post" }).click();
    expect((await focused(page)).id).toBe("new-post-title");
  });
});

describe("history", () => {
  it("brings Back to a board page at the place the person was; page numbers lead to older posts", async () => {
    for (let i = 1; i <= 25; i++) await rest("POST", "/posts", { board: "back", title: `Post ${String(i).padStart(2, "0")}`, body: "b", author: "iv" });
    await web.api.drainStream();
    const page = await (await web.browser.newContext({ viewport: { width: 1280, height: 500 } })).newPage();
    await page.goto(`${web.api.url}/b/back`);
    await page.locator(".post-row").nth(19).waitFor();
    expect(await page.locator(".post-row .title a").allTextContents()).toEqual(Array.from({ length: 20 }, (_, i) => `Post ${String(25 - i).padStart(2, "0")}`));
    const lowest = page.getByRole("link", { name: "Post 06" });
    await lowest.scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(100);
    await lowest.click();
    await page.getByRole("heading", { level: 1, name: "Post 06" }).waitFor();
    expect(await page.title()).toBe("Post 06 · serverless-board");
    await page.goBack();
    await page.locator(".post-row").nth(19).waitFor();
    // The page is drawn again from the API first; under a loaded CI machine that can take over a second.
    await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: 5000 }).toBe(scrolled);

    await page.getByRole("link", { name: "Page 2" }).click();
    await page.getByRole("heading", { level: 1, name: "back, page 2" }).waitFor();
    expect(new URL(page.url()).search).toBe("?page=2");
    expect(await page.locator(".post-row .number").allTextContents()).toEqual(["5", "4", "3", "2", "1"]);
    expect(await page.locator('.pagination [aria-current="page"]').textContent()).toBe("2");
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "back" }).waitFor();
  });
});

describe("a thread's history and clock", () => {
  it("brings Back to a thread with the comment pages that were loaded and the place the person was", async () => {
    const postId = await threadWithComments(45);
    const page = await open(`/p/${postId}`);
    await page.locator(".comment").nth(19).waitFor();
    await page.getByRole("button", { name: "Load more comments" }).click();
    await page.locator(".comment").nth(39).waitFor();
    const last = page.locator(".comment").nth(39);
    await last.scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(100);
    // Leave from where the person is (a real click would first scroll the breadcrumb into view).
    await page.getByRole("link", { name: "← threads" }).dispatchEvent("click", { button: 0 });
    await page.getByRole("heading", { level: 1, name: "threads" }).waitFor();
    await page.goBack();
    await page.locator(".comment").nth(39).waitFor();
    expect(await page.locator(".comment").count()).toBe(40);
    expect(await page.locator("#comments-heading").textContent()).toBe("45 comments (40 of 45 shown)");
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);
  });

  it("keeps relative times true while the page stays open", async () => {
    const postId = await threadWithComments(0);
    const context = await web.browser.newContext();
    await context.clock.install({ time: new Date() });
    const page = await context.newPage();
    await page.goto(`${web.api.url}/p/${postId}`);
    const time = page.locator(".editable-post .meta time").first();
    await time.waitFor();
    expect(await time.textContent()).toMatch(/now|second/);
    await page.clock.fastForward("05:00");
    await expect.poll(() => time.textContent()).toBe("5 minutes ago");
    await page.clock.fastForward(60 * 60 * 1000);
    await expect.poll(() => time.textContent()).toBe("1 hour ago");
  });
});

/** A page in moderator mode (the token in the tab's storage, as entering it leaves it), so any item can be edited or deleted. */
async function asModerator() {
  const context = await web.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((token) => sessionStorage.setItem("board.moderatorToken", token), testModeratorToken);
  return { context, page: await context.newPage() };
}

describe("the walk's defects (issue 25)", () => {
  it("asks before Escape throws away an edited comment, and ignores Escape while a syllable is being composed", async () => {
    const postId = await threadWithComments(1);
    const { context, page } = await asModerator();
    const asked: string[] = [];
    let answer = false;
    page.on("dialog", (dialog) => {
      asked.push(dialog.message());
      void (answer ? dialog.accept() : dialog.dismiss());
    });
    await page.goto(`${web.api.url}/p/${postId}`);
    const comment = page.locator(".comment").first();
    await comment.getByRole("button", { name: "Edit" }).click();
    const text = comment.getByRole("textbox");
    await text.fill("A carefully rewritten comment");
    // An IME's Escape (cancelling a composition) is the IME's, not the form's.
    await text.evaluate((element) => element.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", isComposing: true, bubbles: true })));
    expect(asked).toEqual([]);
    expect(await text.inputValue()).toBe("A carefully rewritten comment");
    await text.press("Escape");
    expect(asked).toEqual(["Discard your changes to this comment?"]);
    expect(await text.inputValue()).toBe("A carefully rewritten comment");
    answer = true;
    await text.press("Escape");
    await comment.getByRole("button", { name: "Edit" }).waitFor();
    expect(await comment.locator(".body").textContent()).toBe("Comment 1");
    // Unchanged: Escape just closes, without asking.
    await comment.getByRole("button", { name: "Edit" }).click();
    await comment.getByRole("textbox").press("Escape");
    await comment.getByRole("button", { name: "Edit" }).waitFor();
    expect(asked).toHaveLength(2);
    await context.close();
  });

  it("Enter in the title moves on to the text instead of sending a half-written post", async () => {
    const page = await open("/b/enter-title");
    await openCompose(page);
    let sent = 0;
    page.on("request", (request) => void (request.method() === "POST" && request.url().includes("posts.create") && sent++));
    const title = page.getByLabel("Title", { exact: true });
    await title.fill("제목만 쓰고");
    await title.press("Enter");
    expect((await focused(page)).id).toBe("new-post-body");
    await page.waitForTimeout(300);
    expect(sent).toBe(0);
    expect(await page.locator("#new-post-body-error").textContent()).toBe("");
  });

  it("shows that the moderator token is being checked while the server answers", async () => {
    const page = await open("/b/moderation-progress");
    await page.route("**/trpc/moderator.check**", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByRole("button", { name: "Moderator mode" }).click();
    await page.getByLabel("Moderator token").fill("some-token-being-checked");
    await page.getByRole("button", { name: "Check" }).click();
    const progress = page.getByRole("button", { name: "Checking…" });
    await progress.waitFor({ timeout: 500 });
    expect(await progress.isDisabled()).toBe(true);
    expect(await page.locator("#moderator-form").getAttribute("aria-busy")).toBe("true");
    await expect.poll(() => page.locator("#moderator-error").textContent(), { timeout: 10_000 }).toBe("That is not the moderator token.");
    expect(await page.getByRole("button", { name: "Check" }).isDisabled()).toBe(false);
  });
});

describe("reaching the posts with the keyboard", () => {
  it("takes a few Tabs, not a dozen: the form waits behind Write a post, the search box below the list", async () => {
    await rest("POST", "/posts", { board: "tabs", title: "First in the list", body: "Hello", author: "kb" });
    await web.api.drainStream();
    const page = await open("/b/tabs");
    await page.getByRole("link", { name: "First in the list" }).waitFor();
    let tabs = 0;
    while (tabs < 30 && (await focused(page)).text !== "First in the list") {
      await page.keyboard.press("Tab");
      tabs++;
    }
    // Skip link, the site's name, All boards, 한국어, English, Moderator mode, Write a post, the two lists
    // (All posts, Best), the first post: 10 (was 16).
    expect(tabs).toBe(10);
    // With the skip link: Tab, Enter, then Write a post and the first post.
    await page.reload();
    await page.getByRole("link", { name: "First in the list" }).waitFor();
    await page.keyboard.press("Tab");
    expect((await focused(page)).text).toBe("Skip to content");
    await page.keyboard.press("Enter");
    // The skip link moves the focus start to the content (the browser does it as it scrolls there).
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#main");
    await page.keyboard.press("Tab");
    await expect.poll(async () => (await focused(page)).text).toBe("Write a post");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect.poll(async () => (await focused(page)).text).toBe("First in the list");
    await page.getByRole("button", { name: "Write a post" }).click();
    expect((await focused(page)).id).toBe("new-post-title");
  });
});

describe("the last comment", () => {
  it("deleting it brings back 'No comments yet.'", async () => {
    const postId = await threadWithComments(1);
    const { context, page } = await asModerator();
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(`${web.api.url}/p/${postId}`);
    await page.locator(".comment").first().getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => page.locator(".comment").count()).toBe(0);
    expect(await page.getByText("No comments yet.").isVisible()).toBe(true);
    expect(await page.locator("#comments-heading").textContent()).toBe("0 comments");
    await context.close();
  });
});
