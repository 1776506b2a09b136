/**
 * How text becomes search tokens — one definition for what the projector indexes and what a
 * search looks up. Text is normalised (NFC, full-width Latin folded to ASCII, lower case); Latin
 * letters and digits form words (a token each); Hangul, kana and Han characters form runs, indexed
 * as character bigrams and the run's first character, so "서울에서" is found by "서울" and "집에"
 * by "집". Not indexed: whole runs (a query looks up bigrams, so they would only cost writes: 17%
 * of a 1,000-character Korean post's entries), bigrams across spaces (a query typed without its
 * spaces is found through its other bigrams and checked against the text without spaces: 22%),
 * emoji and punctuation.
 */

/** Hangul syllables and jamo, Hiragana, Katakana, Han (CJK unified ideographs): runs indexed by bigrams. */
const cjk = /[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
const wordCharacter = /[\p{L}\p{N}]/u;

/** Tokens longer than this are cut (a key stays small; a 32-character word is specific enough). */
export const maxTokenLength = 32;

/** NFC, full-width ASCII (U+FF01–U+FF5E) and the ideographic space folded, then lower case; one output character per input code point where possible. */
export function normalizeForSearch(text: string): string {
  return foldWidth(text.normalize("NFC")).toLowerCase();
}

function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (character) => (character === "\u3000" ? " " : String.fromCharCode(character.charCodeAt(0) - 0xfee0)));
}

export interface TextPiece {
  kind: "cjk" | "word";
  text: string;
}

/**
 * The normalised text's pieces, in order: CJK runs and Latin/number words. Two CJK runs separated
 * by nothing but white space are marked as joined, for the bigram across the gap.
 */
export function piecesOf(text: string): (TextPiece & { joinedToPrevious: boolean })[] {
  const pieces: (TextPiece & { joinedToPrevious: boolean })[] = [];
  let current: TextPiece | undefined;
  let gapIsSpace = false;
  const close = () => {
    if (!current) return;
    const previous = pieces.at(-1);
    pieces.push({ ...current, joinedToPrevious: gapIsSpace && current.kind === "cjk" && previous?.kind === "cjk" });
    current = undefined;
    gapIsSpace = true;
  };
  for (const character of normalizeForSearch(text)) {
    const kind = cjk.test(character) ? "cjk" : wordCharacter.test(character) ? "word" : undefined;
    if (kind && current?.kind === kind) current.text += character;
    else if (kind) {
      if (current) {
        close();
        gapIsSpace = false;
      }
      current = { kind, text: character };
    } else {
      if (current) close();
      if (!/\s/.test(character)) gapIsSpace = false;
    }
  }
  close();
  return pieces;
}

/** The tokens a text is indexed under, in the order they first appear (distinct). */
export function indexTokens(text: string): string[] {
  const tokens = new Set<string>();
  const add = (token: string) => tokens.add(token.slice(0, maxTokenLength));
  for (const piece of piecesOf(text)) {
    const characters = [...piece.text];
    if (piece.kind === "word") {
      if (characters.length >= 2 || /\p{N}/u.test(piece.text)) add(piece.text);
    } else {
      add(characters[0]!);
      for (let i = 0; i + 1 < characters.length; i++) add(`${characters[i]}${characters[i + 1]}`);
    }
  }
  return [...tokens];
}

/**
 * What a query looks for: each Latin/number word as itself; each CJK run as its bigrams (a
 * one-character run as that character, which finds runs that start with it). Words separated by
 * spaces are looked for each on its own ("서울 맛집": both, anywhere); a run typed without its
 * spaces still finds the spaced text ("서울맛집" finds "서울 맛집" through 서울 and 맛집; its 울맛,
 * which no run holds, has no entries and never drives), as Korean spacing varies.
 */
export function queryTokens(query: string): string[] {
  const tokens = new Set<string>();
  for (const piece of piecesOf(query)) {
    const characters = [...piece.text];
    if (piece.kind === "word") tokens.add(piece.text.slice(0, maxTokenLength));
    else if (characters.length === 1) tokens.add(characters[0]!);
    else for (let i = 0; i + 1 < characters.length; i++) tokens.add(`${characters[i]}${characters[i + 1]}`);
  }
  return [...tokens];
}
