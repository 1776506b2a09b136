import { BoardClientError } from "@serverless-board/client";
import { announce, append, h, replaceChildren } from "./dom.js";
import { busy, checkFields, field, messageFor, showErrors, values } from "./forms.js";
import type { FieldSpec } from "./forms.js";
import { mayChange } from "./api.js";

export interface EditableItem {
  id: string;
  version: number;
}

export interface EditableOptions<T extends EditableItem> {
  kind: "post" | "comment";
  item: T;
  render: (item: T) => Node;
  fields: (item: T) => FieldSpec[];
  save: (changes: Record<string, string>, expectedVersion: number) => Promise<T>;
  reload: () => Promise<T>;
  remove: () => Promise<void>;
  onRemoved: () => void;
  /** What deleting takes away, said in the confirmation (e.g. "this post and its 3 comments"). */
  describeRemoval?: (item: T) => string;
  /** Called after a save, with the saved item. */
  onSaved?: (item: T) => void;
}

/**
 * An item with Edit and Delete for whoever may change it. A save that loses a race keeps the
 * user's text, says so, and offers to load the latest version to edit against.
 */
export function editable<T extends EditableItem>(options: EditableOptions<T>): HTMLElement {
  let item = options.item;
  const container = h("div", { class: `editable editable-${options.kind}` });
  const formId = `edit-${options.kind}-${item.id}`;

  const showItem = () => {
    const actions = mayChange(item.id)
      ? h(
          "div",
          { class: "actions" },
          h("button", { type: "button", class: "link-button", onclick: showEditor }, "Edit"),
          h("button", { type: "button", class: "link-button danger", onclick: confirmDelete }, "Delete"),
        )
      : null;
    replaceChildren(container, options.render(item), actions);
  };

  function showEditor() {
    let expectedVersion = item.version;
    const notice = h("div", { class: "form-error", role: "alert" });
    const form = h("form", { class: "edit-form", id: formId, novalidate: true, "aria-label": `Edit ${options.kind}` }, ...options.fields(item).map((spec) => field(formId, spec)), notice);
    const cancel = h("button", { type: "button", onclick: () => (showItem(), focusEdit()) }, "Cancel");
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") (showItem(), focusEdit());
    });
    append(form, h("div", { class: "form-actions" }, h("button", { type: "submit" }, "Save"), cancel));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!checkFields(form)) return;
      try {
        item = await busy(form, () => options.save(values(form), expectedVersion));
        options.onSaved?.(item);
        announce(`${options.kind} saved`);
        showItem();
        focusEdit();
      } catch (error) {
        if (error instanceof BoardClientError && error.code === "CONFLICT") {
          replaceChildren(
            notice,
            "Someone changed this since you opened it. Your text is still below. ",
            h("button", {
              type: "button",
              class: "link-button",
              onclick: async () => {
                const latest = await options.reload();
                expectedVersion = latest.version;
                item = latest;
                replaceChildren(notice, h("span", { class: "latest" }, "Latest version loaded (shown here). Save again to replace it with your text: "), options.render(latest));
              },
            }, "Load the latest version"),
          );
        } else {
          showErrors(form, error);
        }
      }
    });
    replaceChildren(container, form);
    form.querySelector<HTMLElement>("input, textarea")?.focus();
  }

  async function confirmDelete() {
    if (!window.confirm(`Delete ${options.describeRemoval?.(item) ?? `this ${options.kind}`}? This cannot be undone.`)) return;
    try {
      await options.remove();
      announce(`${options.kind} deleted`);
      options.onRemoved();
    } catch (error) {
      replaceChildren(container, options.render(item), h("p", { class: "form-error", role: "alert" }, error instanceof BoardClientError ? messageFor(error) : "Could not delete."));
    }
  }

  // Back where the person was: on the Edit button of the item they just saved or stopped editing.
  const focusEdit = () => container.querySelector<HTMLElement>(".actions button")?.focus();

  showItem();
  return container;
}
