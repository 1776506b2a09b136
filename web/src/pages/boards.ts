import { BoardClientError, limits } from "@serverless-board/client";
import type { Board } from "@serverless-board/client";
import { board as api, moderator } from "../api.js";
import { announce, h, replaceChildren, timeAgo } from "../dom.js";
import { busy, checkFields, field, isUnreachable, messageFor, showErrors, values } from "../forms.js";
import { retryByItself } from "../recovery.js";
import { t } from "../i18n/index.js";
import { boardPath, manageBoardsPath, moderationPath } from "../router.js";
import { boardNames } from "../board-names.js";

/** Loads the boards, or says why not with a way to try again. */
async function loadBoards(status: HTMLElement, retry: () => void, attempt = 0): Promise<Board[] | undefined> {
  try {
    const { boards } = await api.boards.list.query();
    for (const item of boards) boardNames.set(item.board, item.name);
    status.textContent = boards.length === 0 ? t().noBoards : "";
    return boards;
  } catch (error) {
    status.textContent = error instanceof BoardClientError ? messageFor(error) : t().couldNotLoadBoards;
    status.append(" ", h("button", { type: "button", class: "link-button", onclick: retry }, t().tryAgain));
    if (error instanceof BoardClientError && isUnreachable(error)) retryByItself(status, retry, attempt);
    return undefined;
  }
}

/** The home page: every board, its name, what it is for, how many posts and when the last came. */
export function boardListPage(main: HTMLElement): void {
  document.title = t().pageTitle(t().boardListHeading);
  const status = h("p", { class: "list-status", "aria-live": "polite" }, t().loadingBoards);
  const list = h("ul", { class: "board-list" });
  replaceChildren(
    main,
    h("h1", {}, t().boardListHeading),
    status,
    list,
    moderator.token()
      ? h(
          "p",
          { class: "moderator-links" },
          h("a", { href: manageBoardsPath, "data-link": true }, t().manageBoards),
          " · ",
          h("a", { href: moderationPath, "data-link": true }, t().reviewQueue),
        )
      : null,
  );
  let attempts = 0;
  const load = async () => {
    const boards = await loadBoards(status, () => void load(), attempts++);
    if (!boards || !list.isConnected) return;
    list.replaceChildren(
      ...boards.map((item) =>
        h(
          "li",
          { class: "board-card" },
          h("a", { href: boardPath(item.board), "data-link": true, class: "board-name" }, item.name),
          item.description ? h("p", { class: "board-description" }, item.description) : null,
          h(
            "p",
            { class: "meta" },
            t().postTotal(item.postCount),
            " · ",
            ...(item.lastPostAt ? [`${t().latestPost} `, timeAgo(item.lastPostAt)] : [t().noPostsYet]),
          ),
        ),
      ),
    );
  };
  void load();
}
/**
 * The moderator's page: open a board (its address is for good; its name is not), rename and
 * describe each, move it up or down the list.
 */
export function manageBoardsPage(main: HTMLElement): void {
  document.title = t().pageTitle(t().manageBoards);
  if (!moderator.token()) {
    replaceChildren(main, h("h1", {}, t().manageBoards), h("p", { role: "alert" }, t().moderatorOnly));
    return;
  }
  const status = h("p", { class: "list-status", "aria-live": "polite" }, t().loadingBoards);
  const list = h("ol", { class: "manage-list" });
  const opener = openBoardForm(() => void load());
  replaceChildren(main, h("h1", {}, t().manageBoards), status, list, opener, reservedNamesForm());

  async function load(focus?: { board: string; control: "up" | "down" }) {
    const boards = await loadBoards(status, () => void load());
    if (!boards || !list.isConnected) return;
    list.replaceChildren(...boards.map((item, index) => boardEditor(item, boards[index - 1], boards[index + 1], load)));
    if (focus) list.querySelector<HTMLButtonElement>(`[data-board="${focus.board}"][data-move="${focus.control}"]:not(:disabled)`)?.focus();
  }
  void load();
}

function boardEditor(
  item: Board,
  above: Board | undefined,
  below: Board | undefined,
  reload: (focus?: { board: string; control: "up" | "down" }) => Promise<void>,
) {
  const formId = `board-${item.board}`;
  const form = h(
    "form",
    { id: formId, class: "compose", novalidate: true, "aria-label": item.name, "data-action": "board" },
    h("h2", {}, h("a", { href: boardPath(item.board), "data-link": true }, item.name), h("span", { class: "meta" }, ` /b/${item.board}`)),
    field(formId, { name: "name", label: t().boardName, kind: "boardName", value: item.name }),
    field(formId, { name: "description", label: t().boardDescription, kind: "boardDescription", value: item.description }),
    h(
      "fieldset",
      { class: "best-rule" },
      h("legend", {}, t().bestRuleLegend),
      ruleInput(formId, "bestUpvotes", t().bestRuleUpvotes, item.best.upvotes, limits.best.rule.upvotes),
      ruleInput(formId, "bestDays", t().bestRuleDays, item.best.days, limits.best.rule.days),
    ),
    h("p", { class: "form-error", role: "alert", tabindex: -1 }),
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "submit" }, t().save),
      move("up", above, t().moveUp(item.name)),
      move("down", below, t().moveDown(item.name)),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checkFields(form)) return;
    const { name = "", description = "", bestUpvotes = "", bestDays = "" } = values(form);
    try {
      const saved = await busy(form, () =>
        api.boards.update.mutate({
          board: item.board,
          name,
          description,
          bestUpvotes: Number(bestUpvotes),
          bestDays: Number(bestDays),
          expectedVersion: item.version,
        }),
      );
      announce(t().boardSaved(saved.name));
      await reload();
    } catch (error) {
      showErrors(form, error);
    }
  });
  /** Swaps places with the board above or below (two saves; each names the version it read). */
  function move(direction: "up" | "down", neighbour: Board | undefined, label: string) {
    const button = h(
      "button",
      { type: "button", class: "link-button", "data-board": item.board, "data-move": direction, "aria-label": label, disabled: !neighbour },
      direction === "up" ? "↑" : "↓",
    );
    button.addEventListener("click", async () => {
      if (!neighbour) return;
      try {
        await busy(form, async () => {
          // Equal positions (boards opened before ordering) still swap: the lower one moves past.
          const [mine, theirs] =
            neighbour.position === item.position ? [neighbour.position + (direction === "up" ? -1 : 1), item.position] : [neighbour.position, item.position];
          await api.boards.update.mutate({ board: item.board, position: Math.max(0, mine), expectedVersion: item.version });
          await api.boards.update.mutate({ board: neighbour.board, position: theirs, expectedVersion: neighbour.version });
        });
        announce(t().boardMoved(item.name));
        await reload({ board: item.board, control: direction });
      } catch (error) {
        showErrors(form, error);
      }
    });
    return button;
  }
  return h("li", {}, form);
}

function openBoardForm(onOpened: () => void): HTMLFormElement {
  const formId = "open-board";
  const form = h(
    "form",
    { id: formId, class: "compose", novalidate: true, "aria-label": t().openBoard, "data-action": "board" },
    h("h2", {}, t().openBoard),
    field(formId, { name: "board", label: t().boardSlug, kind: "boardSlug" }),
    field(formId, { name: "name", label: t().boardName, kind: "boardName" }),
    field(formId, { name: "description", label: t().boardDescription, kind: "boardDescription" }),
    h("p", { class: "form-error", role: "alert", tabindex: -1 }),
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, t().openBoard)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checkFields(form)) return;
    const { board = "", name = "", description = "" } = values(form);
    try {
      const opened = await busy(form, () => api.boards.create.mutate({ board: board.trim(), name, description }));
      form.reset();
      announce(t().boardOpened(opened.name));
      onOpened();
    } catch (error) {
      if (error instanceof BoardClientError && error.code === "CONFLICT") {
        const slot = form.querySelector<HTMLElement>('[data-error-for="board"]')!;
        slot.textContent = t().slugTaken;
        form.querySelector<HTMLInputElement>('[name="board"]')!.focus();
      } else showErrors(form, error);
    }
  });
  return form;
}

/** A whole number of the 베스트 rule, within its bounds (the browser says when it is outside them; the server checks too). */
function ruleInput(formId: string, name: string, label: string, value: number, bounds: { min: number; max: number }): HTMLElement {
  const id = `${formId}-${name}`;
  return h(
    "div",
    { class: "field rule-field" },
    h("label", { for: id }, label),
    h("input", { id, name, type: "number", inputmode: "numeric", required: true, min: bounds.min, max: bounds.max, step: 1, value }),
    h("p", { class: "field-error", "data-error-for": name }),
  );
}

/** The names only the moderator may post under: one a line, saved as a whole (the always-reserved ones are shown, not editable). */
function reservedNamesForm(): HTMLFormElement {
  const formId = "reserved-names";
  const id = `${formId}-names`;
  const always = h("p", { class: "hint", id: `${id}-hint` }, t().reservedAlways(limits.reservedNames.always.join(", ")));
  const names = h("textarea", { id, name: "names", rows: 4, "aria-describedby": `${id}-hint ${id}-error` });
  const savedNote = h("p", { class: "report-status" });
  const form = h(
    "form",
    { id: formId, class: "compose", novalidate: true, "aria-label": t().reservedNames, "data-action": "board" },
    h("h2", {}, t().reservedNames),
    h(
      "div",
      { class: "field" },
      h("label", { for: id }, t().reservedNamesLabel),
      always,
      names,
      h("p", { class: "field-error", id: `${id}-error`, "data-error-for": "names" }),
    ),
    h("p", { class: "form-error", role: "alert", tabindex: -1 }),
    savedNote,
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, t().save)),
  );
  void api.moderation.reservedNames.query().then((current) => {
    if (!names.value) names.value = current.names.join("\n");
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const wanted = names.value
      .split("\n")
      .map((name) => name.trim())
      .filter(Boolean);
    try {
      const saved = await busy(form, () => api.moderation.reserveNames.mutate({ names: wanted }));
      names.value = saved.names.join("\n");
      // Said where the person is looking, and to screen readers.
      savedNote.textContent = t().reservedNamesSaved(saved.names.length);
      announce(t().reservedNamesSaved(saved.names.length));
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}
