import { en } from "./en.js";
import type { Messages } from "./en.js";
import { ko } from "./ko.js";

/** The interface languages, Korean first (the people this board serves first), each with its name in itself. */
export const catalogs = { ko, en } satisfies Record<string, Messages>;
export type Language = keyof typeof catalogs;
export const languageNames: Record<Language, string> = { ko: "한국어", en: "English" };

const storageKey = "board.language";
const isLanguage = (tag: string): tag is Language => Object.hasOwn(catalogs, tag);

/** The language a person chose on this browser before; else the first of the browser's languages we have; else English. */
export function chooseLanguage(saved: string | null, preferred: readonly string[]): Language {
  if (saved && isLanguage(saved)) return saved;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split("-")[0] ?? "";
    if (isLanguage(primary)) return primary;
  }
  return "en";
}

let current: Language = chooseLanguage(localStorage.getItem(storageKey), navigator.languages?.length ? navigator.languages : [navigator.language]);
document.documentElement.lang = current;

export const language = (): Language => current;

/** The words of the current language. */
export const t = (): Messages => catalogs[current];

/** Switches the interface language and remembers the choice on this browser. */
export function setLanguage(next: Language): void {
  current = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next;
}

type TextKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];

/** Fills the page's own markup: `data-t` names a catalog entry for the text, `data-t-label` for aria-label. */
export function translateStatic(root: ParentNode = document): void {
  const messages = t();
  for (const element of root.querySelectorAll<HTMLElement>("[data-t]")) element.textContent = messages[element.dataset.t as TextKey];
  for (const element of root.querySelectorAll<HTMLElement>("[data-t-label]")) element.setAttribute("aria-label", messages[element.dataset.tLabel as TextKey]);
  document.querySelector('meta[name="description"]')?.setAttribute("content", messages.siteDescription);
}
