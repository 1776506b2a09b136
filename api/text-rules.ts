/**
 * What text the board refuses, and why, in one place: the API's schemas apply it, the fuzz
 * oracle checks stored text against it, and the web board can check before sending.
 */
interface TextRule {
  pattern: RegExp;
  message: string;
}

// Control characters other than tab and newline (CR is folded into LF first).
const control: TextRule = { pattern: /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/, message: "Must not contain control characters." };
// Embeddings, overrides and isolates make text display in another order than it is stored
// ("harmless\u202Etxt.exe"). Marks that only hint a direction (U+200E/F) stay allowed in prose.
const direction: TextRule = { pattern: /[\u202A-\u202E\u2066-\u2069]/, message: "Must not contain text-direction controls: they make text read differently from what it says." };
// Zero-width, soft-hyphen and other format characters make two names look alike.
const invisible: TextRule = { pattern: /\p{Cf}/u, message: "Names must not contain invisible or text-direction characters." };

export const textRules = {
  /** Titles and bodies: anything people write, emoji sequences (which need U+200D) included. */
  prose: [control, direction],
  /** Author names: also no invisible characters, so one name cannot pose as another. */
  name: [control, invisible, direction],
  messages: { broken: "Must be valid Unicode text: it contains a broken (unpaired surrogate) character." },
} satisfies Record<string, TextRule[] | Record<string, string>>;

/** Whether `value` is text the board would store for a field governed by `rules`. */
export function isAcceptableText(value: string, rules: TextRule[]): boolean {
  return value.isWellFormed() && value === value.normalize("NFC") && rules.every((rule) => !rule.pattern.test(value));
}
