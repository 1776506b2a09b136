import type { BoardPage, Post, PostRow } from "@serverless-board/client";
import { board } from "../api.js";
import { announce, h, listDate, replaceChildren, takeNotice } from "../dom.js";
import {
  authorField,
  busy,
  givenPassword,
  passwordField,
  checkFields,
  field,
  isUnreachable,
  keepDraft,
  messageFor,
  rememberAuthor,
  showErrors,
  values,
} from "../forms.js";
import { poster } from "../poster.js";
import { retryByItself } from "../recovery.js";
import { bestPath, boardListPath, boardPath, navigate, remembered, threadPath } from "../router.js";
import { num } from "../i18n/format.js";
import { boardNames } from "../board-names.js";
import { BoardClientError, limits } from "@serverless-board/client";
import { t } from "../i18n/index.js";
import { imagePicker } from "../images.js";
import { searchForm } from "./search.js";

/** A list row: 번호 · 제목 [댓글 수] · 글쓴이 · 날짜, each a cell; a notice says 공지 where its number would be. */
function postRow(post: PostRow, { asNotice = false } = {}): HTMLElement {
  const cell = (name: string, ...children: (Node | string)[]) => h("td", { class: name, role: "cell" }, ...children);
  return h(
    "tr",
    { class: asNotice ? "post-row notice-row" : "post-row", role: "row" },
    cell("number", asNotice ? h("strong", { class: "badge" }, t().notice) : post.number !== undefined ? num(post.number) : ""),
    cell(
      "title",
      h(
        "a",
        { href: threadPath(post.postId), "data-link": true, ...(post.hidden ? { class: "hidden-title" } : {}) },
        post.hidden ? t().hiddenTitle : post.title,
      ),
      post.imageCount > 0 ? h("span", { class: "has-images", role: "img", "aria-label": t().imagesInTitle }) : "",
      // The count beside the title, as boards show it; nothing at 0. A screen reader hears "3 comments".
      post.commentCount > 0
        ? h(
            "span",
            { class: "comment-count" },
            h("span", { "aria-hidden": "true" }, ` [${num(post.commentCount)}]`),
            h("span", { class: "visually-hidden" }, `, ${t().commentsInTitle(post.commentCount)}`),
          )
        : "",
    ),
    cell("author", poster(post)),
    cell("date", listDate(post.createdAt)),
    h("td", { class: "views", role: "cell", "data-label": t().colViews }, num(post.viewCount)),
    h("td", { class: "upvotes", role: "cell", "data-label": t().colUpvotes }, num(post.upvotes)),
  );
}

/** Page numbers as boards show them: ten at a time, with previous and next ten. */
function pagination(boardName: string, page: number, pageCount: number): HTMLElement | null {
  if (pageCount <= 1) return null;
  const first = Math.floor((page - 1) / 10) * 10 + 1;
  const last = Math.min(pageCount, first + 9);
  const link = (n: number, text: string, label: string) => h("a", { href: boardPath(boardName, n), "data-link": true, "aria-label": label }, text);
  const items: Node[] = [];
  if (first > 1) items.push(h("li", {}, link(first - 1, `‹ ${t().previousPages}`, t().pageLabel(first - 1))));
  for (let n = first; n <= last; n++)
    items.push(
      h(
        "li",
        {},
        n === page
          ? h("a", { href: boardPath(boardName, n), "data-link": true, "aria-current": "page", "aria-label": t().pageLabel(n) }, num(n))
          : link(n, num(n), t().pageLabel(n)),
      ),
    );
  if (last < pageCount) items.push(h("li", {}, link(last + 1, `${t().nextPages} ›`, t().pageLabel(last + 1))));
  return h("nav", { class: "pagination", "aria-label": t().pagesNav }, h("ul", {}, ...items));
}

function composeForm(boardName: string, onCreated: (post: Post) => void): HTMLFormElement {
  const formId = "new-post";
  const images = imagePicker(formId, limits.image.perPost);
  const form = h(
    "form",
    { id: formId, class: "compose", novalidate: true, "aria-label": t().writePost, "data-action": "post" },
    h("h2", {}, t().writePost),
    field(formId, { name: "title", label: t().title, kind: "title" }),
    field(formId, { name: "body", label: t().text, multiline: true, kind: "postBody" }),
    images.element,
    authorField(formId),
    passwordField(formId, "post"),
    h("p", { class: "form-error", role: "alert", tabindex: -1 }),
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, t().publish)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checkFields(form)) return;
    const attachments = images.refs();
    if (!attachments) return;
    const { title = "", body = "", author = "", password } = values(form);
    try {
      const { post } = await busy(form, () =>
        board.posts.create.mutate({ board: boardName, title, body, author, ...givenPassword(password), ...(attachments.length > 0 ? { attachments } : {}) }),
      );
      images.clear();
      rememberAuthor(author);
      draft.clear();
      form.reset();
      (form.elements.namedItem("author") as HTMLInputElement).value = author.trim();
      announce(t().postPublished);
      onCreated(post);
    } catch (error) {
      showErrors(form, error);
    }
  });
  const draft = keepDraft(form, `board.${boardName}`);
  return form;
}

/**
 * The posts come first, on every screen: the form waits behind a "Write a post" (글쓰기) button,
 * as on the boards people know, unless a draft is waiting in it. So the keyboard reaches the first
 * post in a few Tabs.
 */
function composeBehindButton(form: HTMLFormElement): Node {
  const hasDraft = [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("[data-kind]")].some(
    (control) => control.name !== "author" && control.value.trim(),
  );
  if (hasDraft) return form;
  form.hidden = true;
  const open = h("button", { type: "button", class: "write-post", "aria-expanded": "false", "aria-controls": form.id }, t().writePost);
  open.addEventListener("click", () => {
    form.hidden = false;
    open.remove();
    form.querySelector<HTMLElement>("input, textarea")?.focus();
  });
  return h("div", {}, open, form);
}

/**
 * A board: its notices, then one numbered page of posts (번호 · 제목 [댓글] · 글쓴이 · 날짜), page
 * numbers, 글쓰기 and the search box below. A slug no board has is said to be so, with the list.
 */
export function boardPage(main: HTMLElement, boardName: string, pageNumber: number): void {
  document.title = t().pageTitle(boardName);
  const status = h("p", { class: "list-status", "aria-live": "polite" }, t().loadingPosts);
  replaceChildren(main, status);
  const notice = takeNotice();
  if (notice) announce(notice);
  let attempts = 0;
  void load();

  async function load(): Promise<void> {
    let page: BoardPage;
    try {
      page = await board.boards.page.query({ board: boardName, page: pageNumber });
    } catch (error) {
      if (!status.isConnected) return;
      if (error instanceof BoardClientError && error.code === "NOT_FOUND") return noSuchBoard(main, boardName);
      status.textContent = error instanceof BoardClientError ? messageFor(error) : t().couldNotLoadPosts;
      status.append(" ", h("button", { type: "button", class: "link-button", onclick: () => void load() }, t().tryAgain));
      if (error instanceof BoardClientError && isUnreachable(error)) retryByItself(status, () => void load(), attempts++);
      return;
    }
    // A late answer for a board the person already left must not draw over the page now shown.
    if (!status.isConnected) return;
    const { name } = page.board;
    boardNames.set(boardName, name);
    document.title = t().pageTitle(t().pageHeading(name, page.page));
    // A notice heads the page instead of standing at its number.
    const noticeIds = new Set(page.notices.map((row) => row.postId));
    const rows = [
      ...page.notices.map((row) => postRow(row, { asNotice: true })),
      ...page.posts.filter((row) => !noticeIds.has(row.postId)).map((row) => postRow(row)),
    ];
    const table = rows.length === 0 ? h("p", { class: "list-status" }, t().noPosts) : postTable(t().postsOn(name), rows);
    const compose = composeForm(boardName, (post) => navigate(threadPath(post.postId)));
    replaceChildren(
      main,
      h("h1", {}, t().pageHeading(name, page.page)),
      page.board.description ? h("p", { class: "board-description" }, page.board.description) : null,
      notice ? h("p", { class: "notice" }, notice) : null,
      // 글쓰기 first (it floats to the right of the tabs), then 전체글 | 베스트, then the list.
      composeBehindButton(compose),
      boardTabs(boardName, "all"),
      table,
      pagination(boardName, page.page, page.pageCount),
      // Below the list, where Korean boards keep it.
      searchForm(boardName),
    );
    const { scrollY } = remembered();
    if (scrollY !== undefined) window.scrollTo(0, scrollY);
  }
}

/** The list's table: 번호 · 제목 · 글쓴이 · 날짜 · 조회 · 추천, a header row and the given rows. */
function postTable(label: string, rows: HTMLElement[]): HTMLElement {
  const heading = (key: "colNumber" | "colTitle" | "colAuthor" | "colDate" | "colViews" | "colUpvotes", name: string) =>
    h("th", { scope: "col", class: name, role: "columnheader" }, t()[key]);
  return h(
    "table",
    { class: "post-table", role: "table", "aria-label": label },
    h(
      "thead",
      { role: "rowgroup" },
      h(
        "tr",
        { role: "row" },
        heading("colNumber", "number"),
        heading("colTitle", "title"),
        heading("colAuthor", "author"),
        heading("colDate", "date"),
        heading("colViews", "views"),
        heading("colUpvotes", "upvotes"),
      ),
    ),
    h("tbody", { role: "rowgroup" }, ...rows),
  );
}

/** 전체글 | 베스트: the board's two lists, the current one marked. */
function boardTabs(boardName: string, current: "all" | "best"): HTMLElement {
  const tab = (which: "all" | "best", href: string, text: string) =>
    h("a", { href, "data-link": true, ...(which === current ? { "aria-current": "page" } : {}) }, text);
  return h(
    "nav",
    { class: "board-tabs", "aria-label": t().boardTabs },
    tab("all", boardPath(boardName), t().allPosts),
    tab("best", bestPath(boardName), t().bestPosts),
  );
}

/**
 * A board's 베스트: the posts that reached its rule (so many 추천 within so many days), newest
 * first, with "load more"; what the rule is, said above the list.
 */
export function bestPage(main: HTMLElement, boardName: string): void {
  const name = boardNames.get(boardName) ?? boardName;
  document.title = t().pageTitle(t().bestHeading(name));
  const status = h("p", { class: "list-status", "aria-live": "polite" }, t().loadingPosts);
  const body = h("tbody", { role: "rowgroup" });
  const more = h("button", { type: "button", class: "load-more", hidden: true }, t().loadMorePosts);
  let cursor: string | null = null;
  let attempts = 0;
  const rule = h("p", { class: "board-description" });
  replaceChildren(main, h("h1", {}, t().bestHeading(name)), rule, boardTabs(boardName, "best"), status);
  const load = async () => {
    more.disabled = true;
    try {
      const page = await board.boards.best.query({ board: boardName, limit: 20, cursor });
      if (!status.isConnected) return;
      if (!body.isConnected) {
        const table = postTable(t().bestHeading(name), []);
        table.querySelector("tbody")!.replaceWith(body);
        main.append(table, more);
      }
      for (const row of page.items) body.append(postRow(row));
      rule.textContent = t().bestRule(page.rule.upvotes, page.rule.days);
      cursor = page.nextCursor;
      more.hidden = cursor === null;
      status.textContent = body.children.length === 0 ? t().noBestPosts : "";
    } catch (error) {
      if (!status.isConnected) return;
      if (error instanceof BoardClientError && error.code === "NOT_FOUND") return noSuchBoard(main, boardName);
      status.textContent = error instanceof BoardClientError ? messageFor(error) : t().couldNotLoadPosts;
      if (cursor === null && error instanceof BoardClientError && isUnreachable(error)) retryByItself(status, () => void load(), attempts++);
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener("click", () => void load());
  void load();
}

function noSuchBoard(main: HTMLElement, slug: string): void {
  document.title = t().pageTitle(t().noSuchBoard);
  replaceChildren(
    main,
    h("h1", {}, t().noSuchBoard),
    h("p", {}, t().noSuchBoardText(slug)),
    h("p", {}, h("a", { href: boardListPath, "data-link": true }, t().seeAllBoards)),
  );
}
