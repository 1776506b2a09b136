import { BoardClientError, limits } from "@serverless-board/client";
import type { Comment, Post } from "@serverless-board/client";
import { board, moderator } from "../api.js";
import { boardNames } from "../board-names.js";
import { announce, h, linkified, noticeForNextPage, replaceChildren, timeAgo } from "../dom.js";
import { editable } from "../editable.js";
import {
  authorField,
  busy,
  givenPassword,
  passwordField,
  checkFields,
  clearErrors,
  field,
  isUnreachable,
  keepDraft,
  messageFor,
  rememberAuthor,
  showErrors,
  values,
} from "../forms.js";
import { retryByItself } from "../recovery.js";
import { num } from "../i18n/format.js";
import { t } from "../i18n/index.js";
import { gallery, imagePicker } from "../images.js";
import { poster } from "../poster.js";
import { boardPath, navigate, remember, remembered } from "../router.js";

const pageSize = 20;
const paragraphs = (text: string) => text.split(/\n{2,}/).map((part) => h("p", {}, ...linkified(part)));
/** "by ann · 3 minutes ago · edited 1 minute ago" ("ann · 3분 전 · 1분 전 수정됨"), with exact times on hover. */
const byline = (item: { author: string; posterTag?: string; byModerator: boolean; createdAt: string; updatedAt: string; version: number }, views?: number) =>
  h(
    "p",
    { class: "meta" },
    ...t().byAuthor(poster(item)),
    " · ",
    timeAgo(item.createdAt),
    ...(item.version > 1 ? [" · ", ...t().edited(timeAgo(item.updatedAt))] : []),
    views !== undefined ? ` · ${t().viewCount(views)}` : "",
  );

function postView(post: Post): Node {
  return h(
    "div",
    {},
    post.pinnedAt || post.number !== undefined
      ? h(
          "p",
          { class: "post-number" },
          post.pinnedAt ? h("strong", { class: "badge" }, t().noticeBadge) : "",
          post.pinnedAt && post.number !== undefined ? " " : "",
          post.number !== undefined ? t().postNumber(post.number) : "",
        )
      : null,
    h("h1", { class: "thread-title" }, post.hiddenAt ? t().hiddenTitle : post.title),
    byline(post, post.viewCount),
    post.hiddenAt ? h("p", { class: "hidden-notice" }, t().hiddenItem("post")) : h("div", { class: "body" }, ...paragraphs(post.body)),
    gallery(post.attachments),
    voteButtons(post),
  );
}

/**
 * 추천 / 비추천: press one to vote, the other to change your mind, the same again to take it back.
 * The counts are the projector's (a second or two behind), so the page adds the person's own
 * change to them at once; this browser remembers its vote.
 */
function voteButtons(post: Post): HTMLElement {
  const key = `board.vote.${post.postId}`;
  const saved = (localStorage.getItem(key) ?? "none") as "up" | "down" | "none";
  let mine = saved;
  const counts = { up: post.upvotes - (saved === "up" ? 1 : 0), down: post.downvotes - (saved === "down" ? 1 : 0) };
  const up = h("button", { type: "button", class: "vote-up" });
  const down = h("button", { type: "button", class: "vote-down" });
  const said = h("p", { class: "visually-hidden", role: "status" });
  const draw = () => {
    up.textContent = `${t().upvote} ${num(Math.max(0, counts.up) + (mine === "up" ? 1 : 0))}`;
    down.textContent = `${t().downvote} ${num(Math.max(0, counts.down) + (mine === "down" ? 1 : 0))}`;
    up.setAttribute("aria-pressed", String(mine === "up"));
    down.setAttribute("aria-pressed", String(mine === "down"));
  };
  const cast = async (choice: "up" | "down") => {
    const next = mine === choice ? "none" : choice;
    up.disabled = down.disabled = true;
    try {
      await board.posts.vote.mutate({ postId: post.postId, vote: next });
      mine = next;
      if (next === "none") localStorage.removeItem(key);
      else localStorage.setItem(key, next);
      draw();
      said.textContent = t().voteSaved(next);
    } catch (error) {
      said.textContent = error instanceof BoardClientError ? messageFor(error, { action: "vote" }) : t().errors.unexpected(false);
      said.classList.remove("visually-hidden");
    } finally {
      up.disabled = down.disabled = false;
    }
  };
  up.addEventListener("click", () => void cast("up"));
  down.addEventListener("click", () => void cast("down"));
  draw();
  return h("div", { class: "votes" }, up, down, said);
}

function commentView(comment: Comment): Node {
  return h(
    "div",
    {},
    byline(comment),
    comment.hiddenAt ? h("p", { class: "hidden-notice" }, t().hiddenItem("comment")) : h("div", { class: "body" }, ...paragraphs(comment.body)),
    gallery(comment.attachments),
  );
}

/** A thread: the post, its comments oldest first with "load more", and a comment form. */
export function threadPage(main: HTMLElement, postId: string): void {
  const loading = () => h("p", { class: "list-status", "aria-live": "polite" }, t().loading);
  document.title = t().pageTitle(t().loading);
  let attempts = 0;
  void load();

  async function load() {
    // A late answer for a thread the person already left (Back before it loaded) must not draw over the page now shown.
    const placeholder = loading();
    replaceChildren(main, placeholder);
    try {
      const thread = await board.posts.get.query({ postId, limit: pageSize });
      if (!placeholder.isConnected) return;
      const wasOnRetry = document.activeElement === document.body && attempts > 0;
      render(thread);
      // Loaded by itself after a failure: the focus that was on "Try again" goes to the content, not nowhere.
      if (wasOnRetry) main.focus({ preventScroll: true });
    } catch (error) {
      if (!placeholder.isConnected) return;
      const missing = error instanceof BoardClientError && error.code === "NOT_FOUND";
      const message = missing ? t().postMissing : error instanceof BoardClientError ? messageFor(error) : t().couldNotLoadPost;
      document.title = t().pageTitle(missing ? t().notFound : t().couldNotLoad);
      const retry = missing
        ? null
        : h(
            "button",
            {
              type: "button",
              onclick: () => void load(),
            },
            t().tryAgain,
          );
      replaceChildren(
        main,
        h("p", { class: "list-status", role: "alert" }, message),
        retry,
        h("p", {}, h("a", { href: "/", "data-link": true }, t().backToBoard)),
      );
      retry?.focus();
      if (error instanceof BoardClientError && isUnreachable(error)) retryByItself(retry!, () => void load(), attempts++);
    }
  }

  function render(thread: Awaited<ReturnType<typeof board.posts.get.query>>) {
    const { post } = thread;
    document.title = t().pageTitle(post.title);
    countView(post.postId);
    const comments = h("ol", { class: "comment-list", "aria-label": t().commentList });
    const count = h("h2", { id: "comments-heading" }, t().comments);
    // "3 comments", and while some are still unloaded, "20 of 60 shown".
    // The post's count is the stream projector's and may lag a moment behind the comments; once
    // every comment is loaded, the list itself is the count.
    let total = post.commentCount;
    const countText = () => {
      const loaded = comments.children.length;
      count.textContent = t().commentsShown(cursor === null ? loaded : Math.max(total, loaded), loaded);
    };
    const empty = h("p", { class: "list-status" }, thread.comments.items.length === 0 ? t().noComments : "");
    const more = h("button", { type: "button", class: "load-more", hidden: thread.comments.nextCursor === null }, t().loadMoreComments);
    // Said right where the person is, not at the top of the list.
    const moreStatus = h("p", { class: "load-more-status", role: "status" });
    let cursor = thread.comments.nextCursor;
    let pagesLoaded = 1;

    // Each comment is shown once, oldest first. One written while older pages are still unloaded
    // goes at the end (it is the newest); pages loaded later go before it, and skip it when they reach it.
    const shown = new Set<string>();
    const writtenAhead: HTMLElement[] = [];
    const addComment = (comment: Comment, { justWritten = false } = {}): HTMLElement => {
      const existing = document.getElementById(`c-${comment.commentId}`);
      if (shown.has(comment.commentId) && existing) return existing;
      shown.add(comment.commentId);
      const item = h("li", { class: "comment", id: `c-${comment.commentId}`, tabindex: -1 });
      item.append(
        editable({
          kind: "comment",
          item: { ...comment, id: comment.commentId },
          render: commentView,
          fields: (current) => [{ name: "body", label: t().comment, multiline: true, kind: "commentBody", value: current.body }],
          save: async (changes, expectedVersion) => ({
            ...(await board.comments.update.mutate({ postId, commentId: comment.commentId, body: changes.body ?? "", expectedVersion })),
            id: comment.commentId,
          }),
          reload: async () => {
            const page = await board.comments.list.query({ postId, limit: limits.pageSize.max });
            const latest = page.items.find((candidate) => candidate.commentId === comment.commentId);
            if (!latest) throw new Error("gone");
            return { ...latest, id: latest.commentId };
          },
          remove: () => board.comments.delete.mutate({ postId, commentId: comment.commentId }),
          unlock: async (password) => void (await board.comments.unlock.mutate({ postId, commentId: comment.commentId, password })),
          report: async (reason, text) =>
            (await board.comments.report.mutate({ postId, commentId: comment.commentId, reason, ...(text ? { text } : {}) })).counted,
          onRemoved: () => {
            // Focus moves on to the next comment (or the form), not to <body>.
            const next = (item.nextElementSibling ?? item.previousElementSibling) as HTMLElement | null;
            item.remove();
            shown.delete(comment.commentId);
            total--;
            countText();
            // The last one gone: say so again, as before the first was written.
            if (comments.children.length === 0 && cursor === null) empty.textContent = t().noComments;
            (next ?? form.querySelector<HTMLElement>("textarea"))?.focus();
          },
        }),
      );
      if (justWritten && cursor !== null) writtenAhead.push(item);
      const firstAhead = writtenAhead.find((ahead) => ahead !== item && ahead.isConnected);
      if (firstAhead && !justWritten) comments.insertBefore(item, firstAhead);
      else comments.append(item);
      if (justWritten) total++;
      empty.textContent = "";
      countText();
      return item;
    };
    for (const comment of thread.comments.items) addComment(comment);
    countText();

    /** The next page of comments; `restoring` when putting back what was loaded before (focus stays put). */
    async function loadMore({ restoring = false } = {}): Promise<boolean> {
      more.disabled = true;
      moreStatus.textContent = "";
      try {
        const page = await board.comments.list.query({ postId, limit: pageSize, cursor });
        let firstNew: HTMLElement | undefined;
        for (const comment of page.items) {
          const isNew = !shown.has(comment.commentId);
          const item = addComment(comment);
          if (isNew) firstNew ??= item;
        }
        cursor = page.nextCursor;
        more.hidden = cursor === null;
        pagesLoaded++;
        // Only while this thread is the page shown (a late answer must not write into another page's history entry).
        if (comments.isConnected) remember({ pages: pagesLoaded });
        // "Load more" is gone: keep the person's place on the first comment it brought (or the form).
        if (more.hidden && !restoring) (firstNew ?? form.querySelector<HTMLElement>("textarea"))?.focus();
        return true;
      } catch (error) {
        moreStatus.textContent = `${error instanceof BoardClientError ? messageFor(error) : t().couldNotLoadMoreComments} ${t().pressToRetry(t().loadMoreComments)}`;
        return false;
      } finally {
        more.disabled = false;
      }
    }
    more.addEventListener("click", () => void loadMore());

    const formId = "new-comment";
    const images = imagePicker(formId, limits.image.perComment);
    const form = h(
      "form",
      { id: formId, class: "compose", novalidate: true, "aria-label": t().addComment, "data-action": "comment" },
      h("h2", {}, t().addComment),
      field(formId, { name: "body", label: t().comment, multiline: true, kind: "commentBody" }),
      images.element,
      authorField(formId),
      passwordField(formId, "comment"),
      h("p", { class: "form-error", role: "alert", tabindex: -1 }),
      h("div", { class: "form-actions" }, h("button", { type: "submit" }, t().sendComment)),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!checkFields(form)) return;
      const attachments = images.refs();
      if (!attachments) return;
      const { body = "", author = "", password } = values(form);
      try {
        const { comment } = await busy(form, () =>
          board.comments.create.mutate({ postId, body, author, ...givenPassword(password), ...(attachments.length > 0 ? { attachments } : {}) }),
        );
        images.clear();
        rememberAuthor(author);
        draft.clear();
        (form.elements.namedItem("body") as HTMLTextAreaElement).value = "";
        const item = addComment(comment, { justWritten: true });
        announce(cursor === null ? t().commentAdded : t().commentAddedAtEnd);
        // On the new comment, where the person will look next.
        item.focus();
      } catch (error) {
        showErrors(form, error);
      }
    });

    replaceChildren(
      main,
      h("p", { class: "breadcrumb" }, h("a", { href: boardPath(post.board), "data-link": true }, `← ${boardNames.get(post.board) ?? post.board}`)),
      moderator.token() ? pinButton(post) : null,
      h(
        "article",
        { class: "thread" },
        editable({
          kind: "post",
          item: { ...post, id: post.postId },
          render: postView,
          fields: (current) => [
            { name: "title", label: t().title, kind: "title", value: current.title },
            { name: "body", label: t().text, multiline: true, kind: "postBody", value: current.body },
          ],
          save: async (changes, expectedVersion) => ({
            ...(await board.posts.update.mutate({ postId, title: changes.title ?? "", body: changes.body ?? "", expectedVersion })),
            id: postId,
          }),
          reload: async () => {
            const latest = (await board.posts.get.query({ postId, limit: 1 })).post;
            return { ...latest, id: latest.postId };
          },
          remove: () => board.posts.delete.mutate({ postId }),
          unlock: async (password) => void (await board.posts.unlock.mutate({ postId, password })),
          report: async (reason, text) => (await board.posts.report.mutate({ postId, reason, ...(text ? { text } : {}) })).counted,
          deleteQuestion: () => t().deleteQuestion("post", total),
          onSaved: (saved) => (document.title = t().pageTitle(saved.title)),
          // Replaced, so Back does not return to a post that is gone; the board then says what happened.
          onRemoved: () => {
            noticeForNextPage(t().deletedPost(post.title, total));
            navigate(boardPath(post.board), { replace: true });
          },
        }),
      ),
      h("section", { class: "comments", "aria-labelledby": "comments-heading" }, count, empty, comments, more, moreStatus, form),
    );
    const draft = keepDraft(form, `thread.${postId}`);
    clearErrors(form);
    void restore();

    /** Back to this thread: the comment pages that were loaded, and the scroll position, as the person left them. */
    async function restore() {
      const { pages = 1, scrollY } = remembered();
      while (pagesLoaded < pages && cursor !== null) if (!(await loadMore({ restoring: true }))) break;
      if (scrollY !== undefined) window.scrollTo(0, scrollY);
    }
  }
}

/** The moderator's 공지 switch: pins the post as a notice of its board, or unpins it. */
function pinButton(post: Post): HTMLElement {
  let pinned = post.pinnedAt !== undefined;
  const button = h("button", { type: "button", class: "pin-toggle", "aria-pressed": String(pinned) }, pinned ? t().unpinNotice : t().pinNotice);
  const said = h("span", { role: "status", class: "pin-status" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    said.textContent = "";
    try {
      ({ pinned } = await board.posts.pin.mutate({ postId: post.postId, pinned: !pinned }));
      button.setAttribute("aria-pressed", String(pinned));
      button.textContent = pinned ? t().unpinNotice : t().pinNotice;
      said.textContent = pinned ? t().pinnedNotice : t().unpinnedNotice;
    } catch (error) {
      said.textContent = error instanceof BoardClientError ? messageFor(error) : t().errors.unexpected(false);
    } finally {
      button.disabled = false;
    }
  });
  return h("p", { class: "moderator-actions" }, button, " ", said);
}

/**
 * A view (조회) is counted once per post per tab: not on a redraw, a language switch or Back. The
 * server counts a reader once an hour anyway; a refused or failed count changes nothing for the reader.
 */
function countView(postId: string): void {
  const key = `board.viewed.${postId}`;
  if (sessionStorage.getItem(key)) return;
  sessionStorage.setItem(key, "1");
  board.posts.viewed.mutate({ postId }).catch(() => sessionStorage.removeItem(key));
}
