import type { Post } from "@serverless-board/client";
import { board } from "../api.js";
import { announce, h, replaceChildren, takeNotice, timeAgo } from "../dom.js";
import { authorField, busy, checkFields, field, keepDraft, messageFor, rememberAuthor, showErrors, values } from "../forms.js";
import { navigate, remember, remembered, threadPath } from "../router.js";
import { BoardClientError, limits } from "@serverless-board/client";
import { t } from "../i18n/index.js";
import { imagePicker } from "../images.js";
import { searchForm } from "./search.js";

const pageSize = 20;

function postSummary(post: Post): HTMLElement {
  return h(
    "li",
    { class: "post-summary" },
    h("a", { href: threadPath(post.postId), "data-link": true, class: "post-title" }, post.title),
    h("p", { class: "meta" }, `${t().byAuthor(post.author)} · `, timeAgo(post.createdAt), ` · ${t().commentCount(post.commentCount)}`),
  );
}

function composeForm(boardName: string, onCreated: (post: Post) => void): HTMLFormElement {
  const formId = "new-post";
  const images = imagePicker(formId, limits.image.perPost);
  const form = h(
    "form",
    { id: formId, class: "compose", novalidate: true, "aria-label": t().writePost },
    h("h2", {}, t().writePost),
    field(formId, { name: "title", label: t().title, kind: "title" }),
    field(formId, { name: "body", label: t().text, multiline: true, kind: "postBody" }),
    images.element,
    authorField(formId),
    h("p", { class: "form-error", role: "alert", tabindex: -1 }),
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, t().publish)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checkFields(form)) return;
    const attachments = images.refs();
    if (!attachments) return;
    const { title = "", body = "", author = "" } = values(form);
    try {
      const { post } = await busy(form, () =>
        board.posts.create.mutate({ board: boardName, title, body, author, ...(attachments.length > 0 ? { attachments } : {}) }),
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

/** A board: its posts newest first, "load more", and a form to write one. */
export function boardPage(main: HTMLElement, boardName: string): void {
  document.title = t().pageTitle(boardName);
  const list = h("ol", { class: "post-list", "aria-label": t().postsOn(boardName) });
  const status = h("p", { class: "list-status", "aria-live": "polite" }, t().loadingPosts);
  const more = h("button", { type: "button", class: "load-more", hidden: true }, t().loadMorePosts);
  // A failed "Load more" is said beside the button, where the person is.
  const moreStatus = h("p", { class: "load-more-status", role: "status" });
  let cursor: string | null = null;
  let pagesLoaded = 0;

  /** The next page of posts; false when it could not be loaded (the message says so). */
  async function loadPage(): Promise<boolean> {
    more.disabled = true;
    moreStatus.textContent = "";
    list.setAttribute("aria-busy", "true");
    try {
      const page = await board.posts.list.query({ board: boardName, limit: pageSize, cursor });
      for (const post of page.items) list.append(postSummary(post));
      cursor = page.nextCursor;
      more.hidden = cursor === null;
      pagesLoaded++;
      // Only while this board is the page shown (a late answer must not write into another page's history entry).
      if (list.isConnected) remember({ pages: pagesLoaded });
      status.textContent = list.children.length === 0 ? t().noPosts : "";
      return true;
    } catch (error) {
      const message = error instanceof BoardClientError ? messageFor(error) : t().couldNotLoadPosts;
      if (cursor !== null) moreStatus.textContent = `${message} ${t().pressToRetry(t().loadMorePosts)}`;
      else {
        status.textContent = message;
        status.append(" ", h("button", { type: "button", class: "link-button", onclick: () => void loadPage() }, t().tryAgain));
      }
      return false;
    } finally {
      more.disabled = false;
      list.removeAttribute("aria-busy");
    }
  }
  more.addEventListener("click", () => void loadPage());

  const notice = takeNotice();
  if (notice) announce(notice);
  const compose = composeForm(boardName, (post) => navigate(threadPath(post.postId)));
  replaceChildren(
    main,
    h("h1", {}, t().boardHeading(boardName)),
    notice ? h("p", { class: "notice" }, notice) : null,
    composeBehindButton(compose),
    h("section", { "aria-labelledby": "posts-heading" }, h("h2", { id: "posts-heading" }, t().newestPosts), status, list, more, moreStatus),
    // Below the list, where Korean boards keep it.
    searchForm(boardName),
  );
  void restore();

  /** Back to this board: as many pages as were loaded, and the scroll position, as the person left them. */
  async function restore() {
    const { pages = 1, scrollY } = remembered();
    if (!(await loadPage())) return;
    while (pagesLoaded < pages && cursor !== null) if (!(await loadPage())) return;
    if (scrollY !== undefined) window.scrollTo(0, scrollY);
  }
}
