import { BoardClientError, limits, textLength, textRules } from "@serverless-board/client";
import { announce, h } from "./dom.js";
import { t } from "./i18n/index.js";
import type { Action } from "./i18n/en.js";

/** What a field holds, which decides its limits and how its problems are worded. */
export type FieldKind =
  | "title"
  | "postBody"
  | "commentBody"
  | "author"
  | "alt"
  | "boardSlug"
  | "boardName"
  | "boardDescription"
  /** A new 비밀번호, optional: empty, or within the bounds (never trimmed, never kept in a draft). */
  | "password"
  /** The 비밀번호 an item was written with, to unlock it. */
  | "currentPassword";

export interface FieldSpec {
  name: string;
  /** The label, in the current language. */
  label: string;
  kind: FieldKind;
  multiline?: boolean;
  value?: string;
  /** A line under the label saying what the field is for. */
  hint?: string;
}

/** The server's limits and text rules for each kind of field (the words come from the catalog). */
const fieldRules: Record<FieldKind, { bounds: { min: number; max: number }; rules: readonly { pattern: RegExp }[] }> = {
  title: { bounds: limits.titleLength, rules: textRules.prose },
  postBody: { bounds: limits.postBodyLength, rules: textRules.prose },
  commentBody: { bounds: limits.commentBodyLength, rules: textRules.prose },
  author: { bounds: limits.authorLength, rules: textRules.name },
  alt: { bounds: limits.image.altLength, rules: textRules.prose },
  // The slug's rule is the server's pattern, as "refuse anything outside it".
  boardSlug: { bounds: { min: 1, max: 32 }, rules: [{ pattern: /[^a-z0-9-]/ }] },
  boardName: { bounds: limits.boardName, rules: textRules.name },
  boardDescription: { bounds: limits.boardDescription, rules: textRules.prose },
  password: { bounds: { min: 0, max: limits.password.length.max }, rules: [] },
  currentPassword: { bounds: limits.password.length, rules: [] },
};

const isPassword = (kind: FieldKind) => kind === "password" || kind === "currentPassword";

/** The plain-words problem with a value, by the same limits and text rules the server applies; undefined if none. */
export function problemWith(kind: FieldKind, value: string): string | undefined {
  const rule = fieldRules[kind];
  const words = t().fields[kind];
  if (isPassword(kind)) {
    // As the server counts a password: composed, not trimmed; an optional one may be left empty.
    const length = textLength(value.normalize("NFC"));
    if (length === 0) return rule.bounds.min > 0 ? words.empty : undefined;
    if (length < limits.password.length.min) return t().passwordTooShort(limits.password.length.min);
    return length > rule.bounds.max ? words.tooLong(rule.bounds.max) : undefined;
  }
  const text = value.replace(/\r\n?/g, "\n").normalize("NFC").trim();
  if (textLength(text) < rule.bounds.min) return words.empty;
  if (textLength(text) > rule.bounds.max) return words.tooLong(rule.bounds.max);
  if (!text.isWellFormed() || rule.rules.some(({ pattern }) => pattern.test(text))) return words.refused;
  return undefined;
}

/**
 * A labelled input or textarea with a slot for what is wrong with it. No maxlength: text pasted
 * over the limit is kept and the message says so, instead of being cut off silently.
 */
export function field(formId: string, spec: FieldSpec): HTMLElement {
  const id = `${formId}-${spec.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = spec.hint ? `${hintId} ${errorId}` : errorId;
  const required = fieldRules[spec.kind].bounds.min > 0;
  const control = spec.multiline
    ? h("textarea", { id, name: spec.name, required, rows: 5, "aria-describedby": describedBy, "data-kind": spec.kind })
    : h("input", {
        id,
        name: spec.name,
        required,
        ...(isPassword(spec.kind) ? { type: "password" } : {}),
        autocomplete:
          spec.kind === "password" ? "new-password" : spec.kind === "currentPassword" ? "current-password" : spec.name === "author" ? "nickname" : "off",
        "aria-describedby": describedBy,
        "data-kind": spec.kind,
      });
  if (spec.value !== undefined) control.value = spec.value;
  // A title is one line of a longer form: Enter moves on to the next field instead of sending a
  // half-written post (while a Hangul syllable is being composed, Enter is the IME's).
  if (spec.kind === "title")
    control.addEventListener("keydown", (event) => {
      const key = event as KeyboardEvent;
      if (key.key !== "Enter" || key.isComposing || key.keyCode === 229) return;
      key.preventDefault();
      const fields = [...(control.form?.querySelectorAll<HTMLElement>("input, textarea") ?? [])];
      fields[fields.indexOf(control) + 1]?.focus();
    });
  // Near the limit, a counter says how much room is left (nothing is cut off; the check says when it is too long).
  const { max } = fieldRules[spec.kind].bounds;
  const counter = h("p", { class: "counter", id: `${id}-count` });
  const count = () => {
    const length = textLength(control.value);
    counter.textContent = length >= max * 0.8 ? t().counter(length, max) : "";
    counter.classList.toggle("over", length > max);
  };
  control.addEventListener("input", count);
  count();
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, spec.label),
    spec.hint ? h("p", { class: "hint", id: hintId }, spec.hint) : null,
    control,
    counter,
    h("p", { id: errorId, class: "field-error", "data-error-for": spec.name }),
  );
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
function focusFirstProblem(problems: { control: HTMLElement; message: string }[]): void {
  const [first] = problems;
  if (!first) return;
  first.control.focus();
  announce(problems.length === 1 ? first.message : `${t().fieldsNeedChange(problems.length)} ${first.message}`);
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
  focusFirstProblem(problems);
  return problems.length === 0;
}

/** Shows each field the server refused beside it (in plain words when we know them), and a general message for the rest; the text stays. */
export function showErrors(form: HTMLFormElement, error: unknown): void {
  clearErrors(form);
  const general = form.querySelector<HTMLElement>(".form-error");
  if (!(error instanceof BoardClientError)) {
    if (general) general.textContent = t().errors.unexpected(true);
    general?.focus();
    return;
  }
  const problems: { control: HTMLElement; message: string }[] = [];
  for (const issue of error.issues) {
    const control = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(issue.path)}"]`);
    const message =
      issue.message === limits.reservedNames.message
        ? t().nameReserved
        : (control?.dataset.kind && problemWith(control.dataset.kind as FieldKind, control.value)) || t().fieldRefused;
    const flagged = flag(form, issue.path, message);
    if (flagged) problems.push({ control: flagged, message });
  }
  if (problems.length > 0) focusFirstProblem(problems);
  else if (general) {
    general.textContent = messageFor(error, { typed: true, action: form.dataset.action as Action | undefined });
    general.focus();
  }
}

export function clearErrors(form: HTMLFormElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>(".field-error, .form-error")) slot.textContent = "";
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
}

/**
 * What went wrong, in plain words of the chosen language, from the API's error code (its message
 * is English for developers); `typed` when the person has text in a form that is still there.
 */
export function messageFor(error: BoardClientError, { typed = false, action }: { typed?: boolean; action?: Action } = {}): string {
  const words = t().errors;
  if (isUnreachable(error)) return navigator.onLine ? words.unreachable(typed) : words.offline(typed);
  switch (error.code) {
    case "TOO_MANY_REQUESTS":
      return words.tooMany(error.retryAfterSeconds, action);
    case "UNAUTHORIZED":
    case "FORBIDDEN":
      return words.notYours;
    case "NOT_FOUND":
      return words.gone;
    case "CONFLICT":
      return words.conflict;
    case "BAD_REQUEST":
    case "METHOD_NOT_SUPPORTED":
      return words.refused;
    case "PAYLOAD_TOO_LARGE":
      return words.tooLarge;
    case "SERVICE_UNAVAILABLE":
      return words.busy;
    default:
      return words.unexpected(typed);
  }
}

/**
 * No answer (the connection, or the server), or API Gateway answering for a function that did not
 * (502, 504): worth trying again by itself, unlike a refusal.
 */
export const isUnreachable = (error: BoardClientError): boolean => error.code === "NETWORK_ERROR" || error.status === 502 || error.status === 504;

export const values = (form: HTMLFormElement) => Object.fromEntries(new FormData(form).entries()) as Record<string, string>;

/** Disables the form's buttons while a request runs, and marks it busy. */
export async function busy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll("button")];
  form.setAttribute("aria-busy", "true");
  for (const button of buttons) button.disabled = true;
  try {
    return await work();
  } finally {
    form.removeAttribute("aria-busy");
    for (const button of buttons) button.disabled = false;
  }
}

/**
 * Keeps what is typed in a form (but the name, remembered apart) for this tab, under `key`, so
 * leaving the page and coming back does not lose a half-written post or comment.
 */
const draftKey = (key: string) => `board.draft.${key}`;

/** Whether a draft waits under `key` (e.g. an edit left open when the page was redrawn). */
export const hasDraft = (key: string): boolean => sessionStorage.getItem(draftKey(key)) !== null;
export const dropDraft = (key: string): void => sessionStorage.removeItem(draftKey(key));

export function keepDraft(form: HTMLFormElement, key: string): { clear: () => void } {
  const storageKey = draftKey(key);
  const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? "{}") as Record<string, string>;
  for (const [name, value] of Object.entries(saved)) {
    const control = form.elements.namedItem(name);
    if (control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) control.value = value;
  }
  form.addEventListener("input", () => {
    const draft = values(form);
    // A name alone is no draft (it is filled in for the person); with text, it is kept as typed.
    const { author: _author, password: _never, ...text } = draft;
    delete draft.password; // a password is never written to storage
    if (Object.values(text).some((value) => value.trim())) sessionStorage.setItem(storageKey, JSON.stringify(draft));
    else sessionStorage.removeItem(storageKey);
  });
  return { clear: () => dropDraft(key) };
}

const authorKey = "board.author";

/** The optional 비밀번호 of a new post or comment. */
export function passwordField(formId: string, kind: "post" | "comment"): HTMLElement {
  return field(formId, { name: "password", label: t().passwordOptional, hint: t().passwordHint(limits.password.length.min, kind), kind: "password" });
}

/** The 비밀번호, when one was given (an empty field sends nothing). */
export const givenPassword = (password: string | undefined) => (password ? { password } : {});

/** "Your name", filled with the name this browser last posted under. */
export function authorField(formId: string): HTMLElement {
  return field(formId, { name: "author", label: t().yourName, kind: "author", value: localStorage.getItem(authorKey) ?? "" });
}

export function rememberAuthor(author: string): void {
  localStorage.setItem(authorKey, author.trim());
}
