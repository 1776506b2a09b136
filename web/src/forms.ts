import { BoardClientError, limits } from "@serverless-board/client";
import { h } from "./dom.js";

export interface FieldSpec {
  name: string;
  label: string;
  multiline?: boolean;
  maxLength: number;
  value?: string;
}

/** A labelled input or textarea with a slot for the server's message about it. */
export function field(formId: string, spec: FieldSpec): HTMLElement {
  const id = `${formId}-${spec.name}`;
  const errorId = `${id}-error`;
  const control = spec.multiline
    ? h("textarea", { id, name: spec.name, maxlength: spec.maxLength, required: true, rows: 5, "aria-describedby": errorId })
    : h("input", { id, name: spec.name, maxlength: spec.maxLength, required: true, autocomplete: spec.name === "author" ? "nickname" : "off", "aria-describedby": errorId });
  if (spec.value !== undefined) control.value = spec.value;
  return h("div", { class: "field" }, h("label", { for: id }, spec.label), control, h("p", { id: errorId, class: "field-error", "data-error-for": spec.name }));
}

/** Shows each rejected field's message beside it, and a general message for the rest; the user's text stays. */
export function showErrors(form: HTMLFormElement, error: unknown): void {
  clearErrors(form);
  const general = form.querySelector<HTMLElement>(".form-error");
  if (!(error instanceof BoardClientError)) {
    if (general) general.textContent = "Something went wrong. Your text is still here: try again.";
    return;
  }
  let placed = false;
  for (const issue of error.issues) {
    const slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(issue.path)}"]`);
    if (!slot) continue;
    slot.textContent = issue.message;
    form.querySelector(`[name="${CSS.escape(issue.path)}"]`)?.setAttribute("aria-invalid", "true");
    placed = true;
  }
  if (general && !placed) general.textContent = messageFor(error);
}

export function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll<HTMLElement>(".field-error, .form-error").forEach((slot) => (slot.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((control) => control.removeAttribute("aria-invalid"));
}

export function messageFor(error: BoardClientError): string {
  switch (error.code) {
    case "NETWORK_ERROR":
      return "The board can't be reached. Check your connection; your text is still here.";
    case "TOO_MANY_REQUESTS":
      return "Slow down a little, then try again.";
    case "UNAUTHORIZED":
    case "FORBIDDEN":
      return "You can only change your own posts and comments.";
    case "NOT_FOUND":
      return "It has been deleted.";
    default:
      return error.message;
  }
}

export const values = (form: HTMLFormElement) => Object.fromEntries(new FormData(form).entries()) as Record<string, string>;

/** Disables the form's buttons while a request runs, and marks it busy. */
export async function busy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll("button")];
  form.setAttribute("aria-busy", "true");
  buttons.forEach((button) => (button.disabled = true));
  try {
    return await work();
  } finally {
    form.removeAttribute("aria-busy");
    buttons.forEach((button) => (button.disabled = false));
  }
}

const authorKey = "board.author";

/** "Your name", filled with the name this browser last posted under. */
export function authorField(formId: string): HTMLElement {
  return field(formId, { name: "author", label: "Your name", maxLength: limits.authorLength.max, value: localStorage.getItem(authorKey) ?? "" });
}

export function rememberAuthor(author: string): void {
  localStorage.setItem(authorKey, author.trim());
}
