/**
 * What issue 26 adds to the board, used as a person does, in Chromium, in Korean and English at a
 * phone's and a desktop's width: a 비밀번호 on an anonymous post, used from another device; poster
 * tags telling two ㅇㅇ apart, and the names only the moderator may use.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { webBoardForThisFile } from "./support/web-board.js";
import { everywhere, openCompose } from "./support/browser.js";
import { testModeratorToken } from "./support/store.js";

// Writers are told apart by the address API Gateway saw: here, the X-Forwarded-For each browser sends.
process.env.TRUSTED_PROXY_HOPS = "1";
const web = webBoardForThisFile([{ board: "anon", name: "익명게시판" }]);

async function writer(locale: string, width: number, address: string, options: { moderator?: boolean } = {}) {
  const context = await web.browser.newContext({ locale, viewport: { width, height: 740 }, extraHTTPHeaders: { "X-Forwarded-For": address } });
  if (options.moderator) await context.addInitScript((token) => sessionStorage.setItem("board.moderatorToken", token), testModeratorToken);
  return { context, page: await context.newPage() };
}

const words = {
  "ko-KR": {
    title: "제목",
    text: "내용",
    name: "이름",
    password: "비밀번호 (선택)",
    publish: "등록",
    comment: "댓글",
    sendComment: "댓글 등록",
    moderator: "운영자",
    report: "신고",
    spam: "스팸·광고",
    sendReport: "신고하기",
    chooseReason: "신고 이유를 골라 주세요.",
    reported: "신고했습니다. 운영자가 이 글을 확인합니다.",
    reportedAlready: "이미 신고한 글입니다.",
    hiddenNotice: "신고가 많이 들어와 가려진 글입니다. 운영자가 확인하고 있습니다.",
    queue: "신고 검토",
    hiddenStatus: "가려짐 · 검토 대기",
    showAgain: "다시 보이기",
    reserved: "운영자만 쓸 수 있는 이름입니다. 다른 이름을 써 주세요.",
    tooShort: "비밀번호는 4자 이상이어야 합니다. 쓰지 않으려면 비워 두세요.",
    unlock: "비밀번호로 수정·삭제",
    passwordLabel: "비밀번호",
    ok: "확인",
    wrong: "비밀번호가 맞지 않습니다.",
    edit: "수정",
    save: "저장",
  },
  "en-US": {
    title: "Title",
    text: "Text",
    name: "Your name",
    password: "Password (optional)",
    publish: "Post",
    comment: "Comment",
    sendComment: "Comment",
    moderator: "Moderator",
    report: "Report",
    spam: "Spam or advertising",
    sendReport: "Send report",
    chooseReason: "Choose a reason.",
    reported: "Reported. The moderator will look at this post.",
    reportedAlready: "You have reported this post already.",
    hiddenNotice: "This post is hidden after readers' reports, until the moderator has looked at it.",
    queue: "Reports to review",
    hiddenStatus: "hidden, waiting",
    showAgain: "Show again",
    reserved: "Only the board's moderator may use this name: choose another.",
    tooShort: "Passwords are at least 4 characters (or leave it empty).",
    unlock: "Edit with password",
    passwordLabel: "Password",
    ok: "OK",
    wrong: "That is not the password of this item.",
    edit: "Edit",
    save: "Save",
  },
} as const;

const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page: page as never }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze()).violations.map(
    (violation) => `${violation.id} ${violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary}`).join("; ")}`,
  );

describe("비밀번호: an anonymous post edited from another device", () => {
  it("is set when writing (a short one is refused beside its field), never kept in the draft, and unlocks the post elsewhere", async () => {
    for (const [locale, width] of everywhere) {
      const w = words[locale];
      const phone = await web.browser.newContext({ locale, viewport: { width, height: 740 } });
      const page = await phone.newPage();
      await page.goto(`${web.api.url}/b/anon`);
      await openCompose(page);
      const title = `${locale} ${width} 비밀번호 글`;
      await page.getByLabel(w.title).fill(title);
      await page.getByLabel(w.text).fill("폰에서 쓴 글");
      await page.getByLabel(w.name, { exact: true }).fill("ㅇㅇ");
      const password = page.getByLabel(w.password);
      await expect(password.getAttribute("type")).resolves.toBe("password");
      await password.fill("abc");
      await page.getByRole("button", { name: w.publish, exact: true }).click();
      await expect.poll(() => page.locator("[data-error-for=password]").textContent()).toBe(w.tooShort);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("password");
      await password.fill("열려라 참깨");
      const drafts = await page.evaluate(() => Object.entries(sessionStorage).filter(([key]) => key.startsWith("board.draft.")));
      expect(drafts.length).toBeGreaterThan(0);
      expect(JSON.stringify(drafts)).not.toContain("참깨");
      await page.getByRole("button", { name: w.publish, exact: true }).click();
      await page.getByRole("heading", { name: title }).waitFor(); // the new post's thread
      const href = new URL(page.url()).pathname;
      await phone.close();

      // Another device: no edit token here, only the password.
      const pc = await web.browser.newContext({ locale, viewport: { width, height: 740 } });
      const other = await pc.newPage();
      await other.goto(`${web.api.url}${href}`);
      await other.getByRole("heading", { name: title }).waitFor();
      await expect(other.getByRole("button", { name: w.edit, exact: true }).count()).resolves.toBe(0);
      await other.getByRole("button", { name: w.unlock }).click();
      const field = other.getByLabel(w.passwordLabel, { exact: true });
      await expect.poll(() => other.evaluate(() => document.activeElement?.getAttribute("autocomplete"))).toBe("current-password");
      expect(await axeViolations(other)).toEqual([]);
      await field.fill("닫혀라 참깨");
      await field.press("Enter");
      await expect.poll(() => other.locator(".unlock-form .form-error").textContent()).toBe(w.wrong);
      expect(await field.inputValue()).toBe("");
      await field.fill("열려라 참깨");
      await other.getByRole("button", { name: w.ok, exact: true }).click();
      const edit = other.getByRole("button", { name: w.edit, exact: true });
      await edit.waitFor();
      await expect.poll(() => other.evaluate(() => document.activeElement?.textContent)).toBe(w.edit);
      await edit.click();
      await other.getByLabel(w.title).fill(`${title} (PC에서 고침)`);
      await other.getByRole("button", { name: w.save, exact: true }).click();
      await other.getByRole("heading", { name: `${title} (PC에서 고침)` }).waitFor();
      await pc.close();
    }
  });
});

describe("telling posters apart", () => {
  it("shows each writer's tag beside the name, the same for one writer, the moderator's mark instead of one, and refuses a reserved name beside its field", async () => {
    const { post } = await web.api.rest(
      "POST",
      "/posts",
      { board: "anon", title: "ㅇㅇ들의 글", body: "누가 누군지", author: "ㅇㅇ" },
      { "X-Forwarded-For": "198.51.100.1" },
    );
    for (const [locale, width] of everywhere) {
      const w = words[locale];
      const comment = async (page: Page, author: string, text: string) => {
        await page.getByLabel(w.comment, { exact: true }).fill(text);
        await page.getByLabel(w.name, { exact: true }).fill(author);
        await page.getByRole("button", { name: w.sendComment, exact: true }).click();
      };
      const first = await writer(locale, width, "198.51.100.20");
      await first.page.goto(`${web.api.url}/p/${post.postId}`);
      await comment(first.page, "ㅇㅇ", `${locale}${width} 먼저`);
      await first.page.getByText(`${locale}${width} 먼저`).waitFor();
      await comment(first.page, "ㅇㅇ", `${locale}${width} 나중`);
      await first.page.getByText(`${locale}${width} 나중`).waitFor();
      const second = await writer(locale, width, "198.51.100.21");
      await second.page.goto(`${web.api.url}/p/${post.postId}`);
      await comment(second.page, "ㅇㅇ", `${locale}${width} 둘째`);
      await second.page.getByText(`${locale}${width} 둘째`).waitFor();
      // A reserved name is refused beside the name field, and the comment stays typed.
      await comment(second.page, "운 영 자", `${locale}${width} 사칭`);
      await expect.poll(() => second.page.locator("#new-comment [data-error-for=author]").textContent()).toBe(w.reserved);
      expect(await second.page.getByLabel(w.comment, { exact: true }).inputValue()).toBe(`${locale}${width} 사칭`);
      const tagOf = (text: string) => second.page.locator("li.comment", { hasText: text }).locator(".poster-tag").textContent();
      await second.page.reload();
      await second.page.getByText(`${locale}${width} 나중`).waitFor();
      const [a, b, c] = [await tagOf(`${locale}${width} 먼저`), await tagOf(`${locale}${width} 나중`), await tagOf(`${locale}${width} 둘째`)];
      expect(a).toMatch(/^\([a-z2-9]{6}\)$/);
      expect(b).toBe(a);
      expect(c).not.toBe(a);
      expect(await axeViolations(second.page)).toEqual([]);
      await first.context.close();
      await second.context.close();

      const moderator = await writer(locale, width, "198.51.100.30", { moderator: true });
      await moderator.page.goto(`${web.api.url}/p/${post.postId}`);
      await comment(moderator.page, "운영자", `${locale}${width} 운영자 댓글`);
      const mine = moderator.page.locator("li.comment", { hasText: `${locale}${width} 운영자 댓글` });
      await expect.poll(() => mine.locator(".moderator-mark").textContent()).toBe(w.moderator);
      expect(await mine.locator(".poster-tag").count()).toBe(0);
      // The board's list shows the tag beside the name too.
      await moderator.page.goto(`${web.api.url}/b/anon`);
      const row = moderator.page.locator("tr.post-row", { hasText: "ㅇㅇ들의 글" });
      await expect.poll(() => row.locator(".author .poster-tag").textContent()).toMatch(/^\([a-z2-9]{6}\)$/);
      await moderator.context.close();
    }
  });
});

describe("신고 and the moderator's queue", () => {
  it("a reader reports a post once; enough reports hide it; the moderator finds it in the queue and shows it again", async () => {
    let n = 0;
    for (const [locale, width] of everywhere) {
      const w = words[locale];
      const title = `${locale} ${width} 광고 글`;
      const { post } = await web.api.rest(
        "POST",
        "/posts",
        { board: "anon", title, body: "싸게 팝니다", author: "ㅇㅇ" },
        { "X-Forwarded-For": "198.51.100.90" },
      );
      const reader = await writer(locale, width, `203.0.113.${++n}`);
      await reader.page.goto(`${web.api.url}/p/${post.postId}`);
      await reader.page.getByRole("heading", { name: title }).waitFor();
      const article = reader.page.locator(".editable-post");
      await article.getByRole("button", { name: w.report, exact: true }).click();
      await expect.poll(() => reader.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe("radio");
      await reader.page.getByRole("button", { name: w.sendReport }).click();
      await expect.poll(() => article.locator(".report-form .form-error").textContent()).toBe(w.chooseReason);
      expect(await axeViolations(reader.page)).toEqual([]);
      await reader.page.getByLabel(w.spam).check();
      await reader.page.getByRole("button", { name: w.sendReport }).click();
      await expect.poll(() => article.locator(".report-status").textContent()).toBe(w.reported);
      await expect.poll(() => reader.page.evaluate(() => document.activeElement?.textContent)).toBe(w.report);
      // Once per reader: again, and it says so.
      await article.getByRole("button", { name: w.report, exact: true }).click();
      await reader.page.getByLabel(w.spam).check();
      await reader.page.getByRole("button", { name: w.sendReport }).click();
      await expect.poll(() => article.locator(".report-status").textContent()).toBe(w.reportedAlready);

      // Four more readers elsewhere: the fifth report hides it.
      for (let i = 0; i < 4; i++)
        await web.api.rest("POST", `/posts/${post.postId}/reports`, { reason: "spam" }, { "X-Forwarded-For": `192.0.2.${n * 10 + i}` });
      await web.api.drainStream();
      await reader.page.reload();
      await expect.poll(() => reader.page.locator(".editable-post .hidden-notice").textContent()).toBe(w.hiddenNotice);
      await reader.context.close();

      const moderator = await writer(locale, width, "198.51.100.31", { moderator: true });
      await moderator.page.goto(`${web.api.url}/`);
      await moderator.page.getByRole("link", { name: w.queue }).click();
      const entry = moderator.page.locator("li.review-entry", { hasText: title });
      await expect.poll(() => entry.locator(".badge").textContent()).toBe(w.hiddenStatus);
      expect(await axeViolations(moderator.page)).toEqual([]);
      await entry.getByRole("button", { name: w.showAgain }).click();
      await expect.poll(() => moderator.page.locator("li.review-entry", { hasText: title }).locator(".badge").textContent()).not.toBe(w.hiddenStatus);
      await moderator.page.goto(`${web.api.url}/p/${post.postId}`);
      await moderator.page.getByRole("heading", { name: title }).waitFor();
      await moderator.context.close();
    }
  });
});

describe("reserved names, set by the moderator", () => {
  it("are kept on Manage boards (with the always-reserved ones said), and refused to anyone else", async () => {
    for (const [locale, width, label, saved] of [
      ["ko-KR", 1280, "운영자만 쓸 수 있는 이름 (한 줄에 하나씩)", "예약된 이름 2개를 저장했습니다."],
      ["en-US", 360, "Names only the moderator may post under, one a line", "Saved 2 reserved names."],
    ] as const) {
      const moderator = await writer(locale, width, "198.51.100.32", { moderator: true });
      await moderator.page.goto(`${web.api.url}/boards/manage`);
      const names = moderator.page.getByLabel(label);
      await names.fill("게시판지기\n청소부");
      await moderator.page.locator("#reserved-names").getByRole("button").click();
      await expect.poll(() => moderator.page.locator("#reserved-names .report-status").textContent()).toBe(saved);
      expect(await moderator.page.locator("#status").textContent()).toBe(saved);
      expect(await axeViolations(moderator.page)).toEqual([]);
      await moderator.context.close();
      const refused = await web.api.rest(
        "POST",
        "/posts",
        { board: "anon", title: "t", body: "b", author: "청 소 부" },
        { "X-Forwarded-For": "198.51.100.33" },
      );
      expect(refused).toMatchObject({ issues: [{ path: "author" }] });
    }
  });
});
