import { BoardClientError } from "@serverless-board/client";
import { board as api, moderator } from "../api.js";
import { announce, h, replaceChildren, timeAgo } from "../dom.js";
import { messageFor } from "../forms.js";
import { num } from "../i18n/format.js";
import { t } from "../i18n/index.js";
import { boardPath, threadPath } from "../router.js";
import { boardNames } from "../board-names.js";

type Order = "newest" | "most";
type Entry = Awaited<ReturnType<typeof api.moderation.queue.query>>["items"][number];
type Action = "hide" | "unhide" | "dismiss" | "delete";

/**
 * The moderator's queue of reported posts and comments: waiting ones first, by the newest report
 * or the most reports, each with what it said, why it was reported, and the four decisions.
 */
export function moderationPage(main: HTMLElement): void {
  document.title = t().pageTitle(t().reviewQueue);
  if (!moderator.token()) {
    replaceChildren(main, h("h1", {}, t().reviewQueue), h("p", { role: "alert" }, t().moderatorOnly));
    return;
  }
  let order: Order = "newest";
  const status = h("p", { class: "list-status", "aria-live": "polite" }, t().loadingQueue);
  const list = h("ol", { class: "review-list" });
  const orderButton = (value: Order, label: string) =>
    h(
      "button",
      {
        type: "button",
        class: "link-button",
        "aria-pressed": String(order === value),
        "data-order": value,
        onclick: () => {
          order = value;
          for (const button of main.querySelectorAll<HTMLButtonElement>("[data-order]"))
            button.setAttribute("aria-pressed", String(button.dataset.order === value));
          void load();
        },
      },
      label,
    );
  replaceChildren(
    main,
    h("h1", {}, t().reviewQueue),
    h("div", { class: "queue-order", role: "group", "aria-label": t().queueOrder }, orderButton("newest", t().queueNewest), orderButton("most", t().queueMost)),
    status,
    list,
  );

  async function load(focusItem?: string) {
    try {
      const page = await api.moderation.queue.query({ order, limit: 50 });
      if (!list.isConnected) return;
      status.textContent = page.items.length === 0 ? t().queueEmpty : "";
      list.replaceChildren(...page.items.map((entry) => entryView(entry, load)));
      if (focusItem) list.querySelector<HTMLElement>(`[data-item="${focusItem}"]`)?.focus();
    } catch (error) {
      status.textContent = error instanceof BoardClientError ? messageFor(error) : t().errors.unexpected(false);
    }
  }
  void load();
}

const itemOf = (entry: Entry) => `${entry.postId}${entry.commentId ? `-${entry.commentId}` : ""}`;

function entryView(entry: Entry, reload: (focusItem?: string) => Promise<void>): HTMLElement {
  const kind = entry.commentId ? "comment" : "post";
  const headingId = `review-${itemOf(entry)}`;
  const said = h("p", { class: "form-error", role: "alert" });
  const reasons = (["spam", "abuse", "illegal", "other"] as const)
    .filter((reason) => entry.reasons[reason] > 0)
    .map((reason) => `${t().reportReasons[reason]} ${num(entry.reasons[reason])}`)
    .join(" · ");
  const decide = async (action: Action, button: HTMLButtonElement) => {
    if (action === "delete" && !window.confirm(t().deleteQuestion(kind))) return;
    button.disabled = true;
    try {
      await api.moderation.review.mutate({ postId: entry.postId, ...(entry.commentId ? { commentId: entry.commentId } : {}), action });
      announce(t().reviewDone(action, kind));
      await reload(itemOf(entry));
    } catch (error) {
      said.textContent = error instanceof BoardClientError ? messageFor(error, { action: "board" }) : t().errors.unexpected(false);
      button.disabled = false;
    }
  };
  const button = (action: Action, danger = false) => {
    const element = h("button", { type: "button", class: danger ? "link-button danger" : "link-button" }, t().reviewActions[action]);
    element.addEventListener("click", () => void decide(action, element));
    return element;
  };
  const hidden = entry.status === "hidden";
  const done = entry.status === "dismissed" || entry.status === "removed";
  return h(
    "li",
    { class: `review-entry review-${entry.status}`, tabindex: -1, "data-item": itemOf(entry), "aria-labelledby": headingId },
    h(
      "h2",
      { id: headingId },
      entry.status === "removed"
        ? (entry.title ?? t().reviewComment)
        : h("a", { href: `${threadPath(entry.postId)}${entry.commentId ? `#c-${entry.commentId}` : ""}`, "data-link": true }, entry.title ?? t().reviewComment),
    ),
    h(
      "p",
      { class: "meta" },
      h("a", { href: boardPath(entry.board), "data-link": true }, boardNames.get(entry.board) ?? entry.board),
      ` · ${entry.author} · `,
      h("strong", { class: "badge" }, t().reviewStatus[entry.status]),
      " · ",
      t().reportsSince(entry.reports),
      " · ",
      timeAgo(entry.lastReportAt),
    ),
    h("blockquote", { class: "excerpt" }, entry.excerpt),
    reasons ? h("p", { class: "meta" }, `${t().allReports}: ${reasons}`) : null,
    entry.lastText ? h("p", { class: "meta" }, `${t().reportSaid}: “${entry.lastText}”`) : null,
    entry.status === "removed"
      ? null
      : h("div", { class: "actions" }, hidden ? button("unhide") : button("hide"), done ? null : button("dismiss"), button("delete", true)),
    said,
  );
}
