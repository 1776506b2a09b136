/**
 * What text the board refuses, and why, in one place: the API's schemas apply it, the fuzz
 * oracle checks stored text against it, and the web board can check before sending.
 */
interface TextRule {
  pattern: RegExp;
  message: string;
}

// Control characters other than tab and newline (CR is folded into LF first).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this rule's whole point.
const control: TextRule = { pattern: /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/, message: "Must not contain control characters." };
// Embeddings, overrides and isolates make text display in another order than it is stored
// ("harmless\u202Etxt.exe"). Marks that only hint a direction (U+200E/F) stay allowed in prose.
const direction: TextRule = {
  pattern: /[\u202A-\u202E\u2066-\u2069]/,
  message: "Must not contain text-direction controls: they make text read differently from what it says.",
};
// Zero-width, soft-hyphen and other format characters make two names look alike.
const invisible: TextRule = { pattern: /\p{Cf}/u, message: "Names must not contain invisible or text-direction characters." };

// Characters that draw nothing yet are not format characters, so \p{Cf} misses them: the Hangul
// fillers (U+3164 makes "ann" and "annㅤ" two names that look the same — a known trick on Korean
// boards), the Braille blank, the combining grapheme joiner, Mongolian variation selectors; and a
// variation selector with nothing visible before it to vary.
const blankLookAlike: TextRule = {
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the selectors are listed alone on purpose, to find them with nothing to vary.
  pattern: /[\u115F\u1160\u3164\uFFA0\u2800\u034F\u180B-\u180F]|(?:^|[\s\p{Cf}])[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u,
  message: "Names must not contain invisible characters or blank look-alikes (such as the Hangul filler U+3164).",
};

export const textRules = {
  /** Titles and bodies: anything people write, emoji sequences (which need U+200D) included. */
  prose: [control, direction],
  /** Author names: also no invisible characters or blank look-alikes, so one name cannot pose as another. */
  name: [control, invisible, blankLookAlike, direction],
  messages: { broken: "Must be valid Unicode text: it contains a broken (unpaired surrogate) character." },
} satisfies Record<string, TextRule[] | Record<string, string>>;

/** Whether `value` is text the board would store for a field governed by `rules`. */
export function isAcceptableText(value: string, rules: TextRule[]): boolean {
  return value.isWellFormed() && value === value.normalize("NFC") && rules.every((rule) => !rule.pattern.test(value));
}

/**
 * How long text is, as every limit on text counts it: in Unicode code points, after the text is
 * composed to NFC (so "한" is one character however it was typed or pasted, and 😀 is one). The
 * API's schemas and JSON Schema's minLength/maxLength count the same way (tests/security.test.ts
 * holds them to it), so the API, its OpenAPI document and the web board's counters agree.
 */
export function textLength(value: string): number {
  let count = 0;
  for (const _ of value.normalize("NFC")) count += 1;
  return count;
}
