import { BoardClientError, limits, textRules } from "@serverless-board/client";
import { announce, h } from "./dom.js";

/** What a field holds, which decides its limits and how its problems are worded. */
export type FieldKind = "title" | "postBody" | "commentBody" | "author";

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  multiline?: boolean;
  value?: string;
}

const fieldRules: Record<FieldKind, { bounds: { min: number; max: number }; empty: string; tooLong: (max: string) => string; rules: readonly { pattern: RegExp }[]; refused: string }> = {
  title: { bounds: limits.titleLength, empty: "Write a title.", tooLong: (max) => `Titles are at most ${max} characters.`, rules: textRules.prose, refused: "Remove the text-direction or control characters from the title." },
  postBody: { bounds: limits.postBodyLength, empty: "Write some text.", tooLong: (max) => `Posts are at most ${max} characters.`, rules: textRules.prose, refused: "Remove the text-direction or control characters from the text." },
  commentBody: { bounds: limits.commentBodyLength, empty: "Write a comment.", tooLong: (max) => `Comments are at most ${max} characters.`, rules: textRules.prose, refused: "Remove the text-direction or control characters from the comment." },
  author: { bounds: limits.authorLength, empty: "Give your name.", tooLong: (max) => `Names are at most ${max} characters.`, rules: textRules.name, refused: "Remove the invisible or special characters from your name." },
};

/** The plain-words problem with a value, by the same limits and text rules the server applies; undefined if none. */
export function problemWith(kind: FieldKind, value: string): string | undefined {
  const rule = fieldRules[kind];
  const text = value.replace(/\r\n?/g, "\n").normalize("NFC").trim();
  if (text.length < rule.bounds.min) return rule.empty;
  if (text.length > rule.bounds.max) return rule.tooLong(rule.bounds.max.toLocaleString());
  if (!text.isWellFormed() || rule.rules.some(({ pattern }) => pattern.test(text))) return rule.refused;
  return undefined;
}

/**
 * A labelled input or textarea with a slot for what is wrong with it. No maxlength: text pasted
 * over the limit is kept and the message says so, instead of being cut off silently.
 */
export function field(formId: string, spec: FieldSpec): HTMLElement {
  const id = `${formId}-${spec.name}`;
  const errorId = `${id}-error`;
  const control = spec.multiline
    ? h("textarea", { id, name: spec.name, required: true, rows: 5, "aria-describedby": errorId, "data-kind": spec.kind })
    : h("input", { id, name: spec.name, required: true, autocomplete: spec.name === "author" ? "nickname" : "off", "aria-describedby": errorId, "data-kind": spec.kind });
  if (spec.value !== undefined) control.value = spec.value;
  // Near the limit, a counter says how much room is left (nothing is cut off; the check says when it is too long).
  const { max } = fieldRules[spec.kind].bounds;
  const counter = h("p", { class: "counter", id: `${id}-count` });
  const count = () => {
    const length = control.value.length;
    counter.textContent = length >= max * 0.8 ? `${length.toLocaleString()} / ${max.toLocaleString()}` : "";
    counter.classList.toggle("over", length > max);
  };
  control.addEventListener("input", count);
  count();
  return h("div", { class: "field" }, h("label", { for: id }, spec.label), control, counter, h("p", { id: errorId, class: "field-error", "data-error-for": spec.name }));
}

/** Marks a field invalid with a message beside it. */
function flag(form: HTMLFormElement, name: string, message: string): HTMLElement | null {
  const slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(name)}"]`);
  const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
  if (!slot || !control) return null;
  slot.textContent = message;
  control.setAttribute("aria-invalid", "true");
  return control;
}

/** Puts the person on the first field to fix and says what is wrong, for screen readers too. */
function focusFirstProblem(form: HTMLFormElement, problems: { control: HTMLElement; message: string }[]): void {
  const [first] = problems;
  if (!first) return;
  first.control.focus();
  announce(problems.length === 1 ? first.message : `${problems.length} fields need a change. ${first.message}`);
}

/**
 * Checks every field before anything is sent, with the server's limits; shows each problem beside
 * its field, focuses the first. True when the form can be sent.
 */
export function checkFields(form: HTMLFormElement): boolean {
  clearErrors(form);
  const problems: { control: HTMLElement; message: string }[] = [];
  for (const control of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("[data-kind]")) {
    const message = problemWith(control.dataset.kind as FieldKind, control.value);
    if (message && flag(form, control.name, message)) problems.push({ control, message });
  }
  focusFirstProblem(form, problems);
  return problems.length === 0;
}

/** Shows each field the server refused beside it (in plain words when we know them), and a general message for the rest; the text stays. */
export function showErrors(form: HTMLFormElement, error: unknown): void {
  clearErrors(form);
  const general = form.querySelector<HTMLElement>(".form-error");
  if (!(error instanceof BoardClientError)) {
    if (general) general.textContent = "Something went wrong. Your text is still here: try again.";
    general?.focus();
    return;
  }
  const problems: { control: HTMLElement; message: string }[] = [];
  for (const issue of error.issues) {
    const control = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(issue.path)}"]`);
    const message = (control?.dataset.kind && problemWith(control.dataset.kind as FieldKind, control.value)) || issue.message;
    const flagged = flag(form, issue.path, message);
    if (flagged) problems.push({ control: flagged, message });
  }
  if (problems.length > 0) focusFirstProblem(form, problems);
  else if (general) {
    general.textContent = messageFor(error, { typed: true });
    general.focus();
  }
}

export function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll<HTMLElement>(".field-error, .form-error").forEach((slot) => (slot.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((control) => control.removeAttribute("aria-invalid"));
}

/** What went wrong, in plain words; `typed` when the person has text in a form that is still there. */
export function messageFor(error: BoardClientError, { typed = false } = {}): string {
  switch (error.code) {
    case "NETWORK_ERROR":
      return typed ? "The board can't be reached. Check your connection; your text is still here." : "The board can't be reached. Check your connection and try again.";
    case "TOO_MANY_REQUESTS":
      return error.retryAfterSeconds ? `Too many changes in a short time: wait ${error.retryAfterSeconds} seconds, then try again.` : "Too many changes in a short time: wait a minute, then try again.";
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

/**
 * Keeps what is typed in a form (but the name, remembered apart) for this tab, under `key`, so
 * leaving the page and coming back does not lose a half-written post or comment.
 */
export function keepDraft(form: HTMLFormElement, key: string): { clear: () => void } {
  const storageKey = `board.draft.${key}`;
  const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? "{}") as Record<string, string>;
  for (const [name, value] of Object.entries(saved)) {
    const control = form.elements.namedItem(name);
    if (control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) control.value = value;
  }
  form.addEventListener("input", () => {
    const { author: _author, ...draft } = values(form);
    if (Object.values(draft).some((value) => value.trim())) sessionStorage.setItem(storageKey, JSON.stringify(draft));
    else sessionStorage.removeItem(storageKey);
  });
  return { clear: () => sessionStorage.removeItem(storageKey) };
}

const authorKey = "board.author";

/** "Your name", filled with the name this browser last posted under. */
export function authorField(formId: string): HTMLElement {
  return field(formId, { name: "author", label: "Your name", kind: "author", value: localStorage.getItem(authorKey) ?? "" });
}

export function rememberAuthor(author: string): void {
  localStorage.setItem(authorKey, author.trim());
}
