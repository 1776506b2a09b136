import { BoardClientError } from "@serverless-board/client";
import { announce, append, h, replaceChildren } from "./dom.js";
import { busy, checkFields, clearErrors, dropDraft, field, hasDraft, keepDraft, messageFor, showErrors, values } from "./forms.js";
import { t } from "./i18n/index.js";
import type { FieldSpec } from "./forms.js";
import { mayChange } from "./api.js";
import { reportForm } from "./report-form.js";
import type { ReportReason } from "./report-form.js";

export interface EditableItem {
  id: string;
  version: number;
  /** Written with a 비밀번호: whoever knows it may unlock the item from this browser. */
  hasPassword: boolean;
}

export interface EditableOptions<T extends EditableItem> {
  kind: "post" | "comment";
  item: T;
  render: (item: T) => Node;
  fields: (item: T) => FieldSpec[];
  save: (changes: Record<string, string>, expectedVersion: number) => Promise<T>;
  reload: () => Promise<T>;
  remove: () => Promise<void>;
  /** Exchanges the item's 비밀번호 for its edit token (the client keeps the token). */
  unlock: (password: string) => Promise<void>;
  /** 신고: whether this report was counted (false: this reader reported it already). */
  report: (reason: ReportReason, text: string) => Promise<boolean>;
  onRemoved: () => void;
  /** The delete confirmation, saying what goes (e.g. "Delete this post and its 3 comments? …"). */
  deleteQuestion?: (item: T) => string;
  /** Called after a save, with the saved item. */
  onSaved?: (item: T) => void;
}

/**
 * An item with Edit and Delete for whoever may change it. A save that loses a race keeps the
 * user's text, says so, and offers to load the latest version to edit against. An edit in
 * progress is kept for the tab, so a redrawn page (another language, Back) reopens it as it was.
 */
export function editable<T extends EditableItem>(options: EditableOptions<T>): HTMLElement {
  let item = options.item;
  const container = h("div", { class: `editable editable-${options.kind}` });
  const formId = `edit-${options.kind}-${item.id}`;
  const draftName = `edit.${options.kind}.${item.id}`;

  const showItem = () => {
    // The author (or the moderator) edits and deletes; everyone else may unlock it with its 비밀번호, or report it.
    const report = h("button", { type: "button", class: "link-button report-button", onclick: showReport }, t().report);
    const actions = mayChange(item.id)
      ? h(
          "div",
          { class: "actions" },
          h("button", { type: "button", class: "link-button", onclick: () => showEditor() }, t().edit),
          h("button", { type: "button", class: "link-button danger", onclick: confirmDelete }, t().delete),
        )
      : h(
          "div",
          { class: "actions" },
          item.hasPassword ? h("button", { type: "button", class: "link-button", onclick: showUnlock }, t().unlockWithPassword) : null,
          report,
        );
    replaceChildren(container, options.render(item), actions);
  };

  /** The report form under the item; when it closes, focus goes back to 신고. */
  function showReport() {
    const back = (outcome?: string) => {
      showItem();
      if (outcome) container.querySelector(".actions")?.append(h("p", { class: "report-status", role: "status" }, outcome));
      container.querySelector<HTMLElement>(".report-button")?.focus();
    };
    replaceChildren(container, options.render(item), reportForm(`report-${options.kind}-${item.id}`, options.kind, options.report, back));
  }

  /** Asks for the item's 비밀번호 under it; a right one brings Edit and Delete, with focus on Edit. */
  function showUnlock() {
    const unlockId = `unlock-${options.kind}-${item.id}`;
    const notice = h("p", { class: "form-error", role: "alert", tabindex: -1 });
    const form = h(
      "form",
      { class: "unlock-form", id: unlockId, novalidate: true, "aria-label": t().unlockForm(options.kind), "data-action": "unlock" },
      field(unlockId, { name: "password", label: t().passwordLabel, kind: "currentPassword" }),
      notice,
    );
    const close = () => {
      showItem();
      container.querySelector<HTMLElement>(".actions button")?.focus();
    };
    append(form, h("div", { class: "form-actions" }, h("button", { type: "submit" }, t().unlock), h("button", { type: "button", onclick: close }, t().cancel)));
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !event.isComposing && event.keyCode !== 229) close();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!checkFields(form)) return;
      try {
        await busy(form, () => options.unlock(values(form).password ?? ""));
        announce(t().unlocked(options.kind));
        close();
      } catch (error) {
        clearErrors(form);
        const code = error instanceof BoardClientError ? error.code : undefined;
        notice.textContent =
          code === "FORBIDDEN" ? t().wrongPassword : error instanceof BoardClientError ? messageFor(error, { action: "unlock" }) : t().errors.unexpected(false);
        const input = form.querySelector<HTMLInputElement>("input");
        if (input) {
          input.value = "";
          input.focus();
        }
      }
    });
    replaceChildren(container, options.render(item), form);
    form.querySelector<HTMLElement>("input")?.focus();
  }

  function showEditor({ focus = true } = {}) {
    let expectedVersion = item.version;
    const notice = h("div", { class: "form-error", role: "alert" });
    const form = h(
      "form",
      { class: "edit-form", id: formId, novalidate: true, "aria-label": t().editItem(options.kind), "data-action": "edit" },
      ...options.fields(item).map((spec) => field(formId, spec)),
      notice,
    );
    const draft = keepDraft(form, draftName);
    const stopEditing = () => {
      draft.clear();
      showItem();
      focusEdit();
    };
    const cancel = h("button", { type: "button", onclick: stopEditing }, t().cancel);
    // Escape closes the editor, but asks first when something was changed; while a syllable is being
    // composed, Escape belongs to the IME.
    const original = JSON.stringify(values(form));
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || event.isComposing || event.keyCode === 229) return;
      if (JSON.stringify(values(form)) !== original && !window.confirm(t().discardChanges(options.kind))) return;
      stopEditing();
    });
    append(form, h("div", { class: "form-actions" }, h("button", { type: "submit" }, t().save), cancel));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!checkFields(form)) return;
      try {
        item = await busy(form, () => options.save(values(form), expectedVersion));
        draft.clear();
        options.onSaved?.(item);
        announce(t().itemSaved(options.kind));
        showItem();
        focusEdit();
      } catch (error) {
        if (error instanceof BoardClientError && error.code === "CONFLICT") {
          replaceChildren(
            notice,
            t().changedMeanwhile,
            h(
              "button",
              {
                type: "button",
                class: "link-button",
                onclick: async () => {
                  const latest = await options.reload();
                  expectedVersion = latest.version;
                  item = latest;
                  replaceChildren(notice, h("span", { class: "latest" }, t().latestLoaded), options.render(latest));
                },
              },
              t().loadLatest,
            ),
          );
        } else {
          showErrors(form, error);
        }
      }
    });
    replaceChildren(container, form);
    if (focus) form.querySelector<HTMLElement>("input, textarea")?.focus();
  }

  async function confirmDelete() {
    if (!window.confirm(options.deleteQuestion?.(item) ?? t().deleteQuestion(options.kind))) return;
    try {
      await options.remove();
      dropDraft(draftName);
      announce(t().itemDeleted(options.kind));
      options.onRemoved();
    } catch (error) {
      replaceChildren(
        container,
        options.render(item),
        h("p", { class: "form-error", role: "alert" }, error instanceof BoardClientError ? messageFor(error, { action: "delete" }) : t().couldNotDelete),
      );
    }
  }

  // Back where the person was: on the Edit button of the item they just saved or stopped editing.
  const focusEdit = () => container.querySelector<HTMLElement>(".actions button")?.focus();

  if (mayChange(item.id) && hasDraft(draftName)) showEditor({ focus: false });
  else showItem();
  return container;
}
