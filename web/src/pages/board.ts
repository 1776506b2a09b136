import type { Post } from "@serverless-board/client";
import { board } from "../api.js";
import { announce, h, replaceChildren, takeNotice, timeAgo } from "../dom.js";
import { authorField, busy, checkFields, field, keepDraft, messageFor, rememberAuthor, showErrors, values } from "../forms.js";
import { navigate, remember, remembered, threadPath } from "../router.js";
import { BoardClientError } from "@serverless-board/client";

const pageSize = 20;

function postSummary(post: Post): HTMLElement {
  return h(
    "li",
    { class: "post-summary" },
    h("a", { href: threadPath(post.postId), "data-link": true, class: "post-title" }, post.title),
    h("p", { class: "meta" }, `by ${post.author} · `, timeAgo(post.createdAt), ` · ${post.commentCount} ${post.commentCount === 1 ? "comment" : "comments"}`),
  );
}

function composeForm(boardName: string, onCreated: (post: Post) => void): HTMLFormElement {
  const formId = "new-post";
  const form = h(
    "form",
    { id: formId, class: "compose", novalidate: true, "aria-label": "Write a post" },
    h("h2", {}, "Write a post"),
    field(formId, { name: "title", label: "Title", kind: "title" }),
    field(formId, { name: "body", label: "Text", multiline: true, kind: "postBody" }),
    authorField(formId),
    h("p", { class: "form-error", role: "alert", tabindex: -1 }),
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, "Post")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checkFields(form)) return;
    const { title = "", body = "", author = "" } = values(form);
    try {
      const { post } = await busy(form, () => board.posts.create.mutate({ board: boardName, title, body, author }));
      rememberAuthor(author);
      draft.clear();
      form.reset();
      (form.elements.namedItem("author") as HTMLInputElement).value = author.trim();
      announce("Post published");
      onCreated(post);
    } catch (error) {
      showErrors(form, error);
    }
  });
  const draft = keepDraft(form, `board.${boardName}`);
  return form;
}

/**
 * On a phone the posts come first: the form waits behind a "Write a post" button (unless a draft
 * is waiting in it). On wider screens it is simply there.
 */
function phoneCompose(form: HTMLFormElement): Node {
  const hasDraft = [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("[data-kind]")].some((control) => control.name !== "author" && control.value.trim());
  if (!window.matchMedia("(max-width: 600px)").matches || hasDraft) return form;
  form.hidden = true;
  const open = h("button", { type: "button", class: "write-post", "aria-expanded": "false", "aria-controls": form.id }, "Write a post");
  open.addEventListener("click", () => {
    form.hidden = false;
    open.remove();
    form.querySelector<HTMLElement>("input, textarea")?.focus();
  });
  return h("div", {}, open, form);
}

/** A board: its posts newest first, "load more", and a form to write one. */
export function boardPage(main: HTMLElement, boardName: string): void {
  document.title = `${boardName} · serverless-board`;
  const list = h("ol", { class: "post-list", "aria-label": `Posts on ${boardName}` });
  const status = h("p", { class: "list-status", "aria-live": "polite" }, "Loading posts…");
  const more = h("button", { type: "button", class: "load-more", hidden: true }, "Load more posts");
  // A failed "Load more" is said beside the button, where the person is.
  const moreStatus = h("p", { class: "load-more-status", role: "status" });
  let cursor: string | null = null;
  let pagesLoaded = 0;

  async function loadPage() {
    more.disabled = true;
    moreStatus.textContent = "";
    list.setAttribute("aria-busy", "true");
    try {
      const page = await board.posts.list.query({ board: boardName, limit: pageSize, cursor });
      for (const post of page.items) list.append(postSummary(post));
      cursor = page.nextCursor;
      more.hidden = cursor === null;
      pagesLoaded++;
      remember({ pages: pagesLoaded });
      status.textContent = list.children.length === 0 ? "No posts yet. Write the first one!" : "";
    } catch (error) {
      const message = error instanceof BoardClientError ? messageFor(error) : "Could not load the posts.";
      if (cursor !== null) moreStatus.textContent = `${message} Press "Load more posts" to try again.`;
      else {
        status.textContent = message;
        status.append(" ", h("button", { type: "button", class: "link-button", onclick: () => void loadPage() }, "Try again"));
      }
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
    h("h1", {}, `Board: ${boardName}`),
    notice ? h("p", { class: "notice" }, notice) : null,
    phoneCompose(compose),
    h("section", { "aria-labelledby": "posts-heading" }, h("h2", { id: "posts-heading" }, "Newest posts"), status, list, more, moreStatus),
  );
  void restore();

  /** Back to this board: as many pages as were loaded, and the scroll position, as the person left them. */
  async function restore() {
    const { pages = 1, scrollY } = remembered();
    await loadPage();
    while (pagesLoaded < pages && cursor !== null) await loadPage();
    if (scrollY !== undefined) window.scrollTo(0, scrollY);
  }
}
