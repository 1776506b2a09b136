import type { BoardDeps } from "./deps.js";
import { BoardError, rawStoreErrors, storeBusy } from "./errors.js";
import { indexTokens, normalizeForSearch, piecesOf, queryTokens } from "../../entities/search-tokens.js";
import { limits } from "../limits.js";
import type { Page } from "./views.js";

export const searchScopes = ["all", "title", "body", "author"] as const;
export type SearchScope = (typeof searchScopes)[number];
type Field = "title" | "body" | "author";
const fieldLetter: Record<Field, string> = { title: "t", body: "b", author: "a" };
const fieldsOf = (scope: SearchScope): Field[] => (scope === "all" ? ["title", "body", "author"] : [scope]);

export interface SearchSnippet {
  field: Field;
  text: string;
  /** The matches, as UTF-16 offsets into `text` (JavaScript string indices). */
  highlights: { start: number; length: number }[];
  /** Whether text was cut before or after the snippet. */
  cutBefore: boolean;
  cutAfter: boolean;
}

export interface SearchResult {
  postId: string;
  board: string;
  title: string;
  author: string;
  createdAt: string;
  commentCount: number;
  snippet: SearchSnippet;
}

/** What a query asks for: Latin/number words (matched as whole words) and CJK runs (matched anywhere, spaces ignored). */
interface Wanted {
  words: string[];
  runs: string[];
}

function wantedOf(query: string): Wanted {
  const words: string[] = [];
  const runs: string[] = [];
  for (const piece of piecesOf(query)) {
    if (piece.kind === "word") words.push(piece.text);
    else runs.push(piece.text);
  }
  return { words, runs };
}

/** A field's text folded for matching, without white space, and where each folded character came from. */
function foldedWithOrigins(text: string) {
  let folded = "";
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const character of text) {
    const normal = normalizeForSearch(character);
    if (!/^\s+$/.test(normal))
      for (const unit of normal) {
        folded += unit;
        starts.push(offset);
        ends.push(offset + character.length);
      }
    offset += character.length;
  }
  return { folded, starts, ends };
}

/** Where the query matches the text (every word as a word, every run anywhere), or undefined when it does not. */
function matchesIn(text: string, wanted: Wanted): { start: number; end: number }[] | undefined {
  const words = new Set(indexTokens(text));
  if (!wanted.words.every((word) => words.has(word))) return undefined;
  const { folded, starts, ends } = foldedWithOrigins(text);
  const spans: { start: number; end: number }[] = [];
  for (const needle of [...wanted.runs, ...wanted.words]) {
    const at = folded.indexOf(needle);
    if (at < 0) return undefined;
    spans.push({ start: starts[at]!, end: ends[at + needle.length - 1]! });
  }
  return spans.sort((a, b) => a.start - b.start);
}

function snippetOf(field: Field, text: string, spans: { start: number; end: number }[]): SearchSnippet {
  const length = limits.search.snippetLength;
  const first = spans[0] ?? { start: 0, end: 0 };
  let start = Math.max(0, first.start - Math.floor(length / 3));
  // Never cut a surrogate pair in two.
  if (start > 0 && /[\udc00-\udfff]/.test(text[start] ?? "")) start--;
  let end = Math.min(text.length, start + length);
  if (end < text.length && /[\udc00-\udfff]/.test(text[end] ?? "")) end++;
  const highlights = spans
    .filter((span) => span.start >= start && span.end <= end)
    .map((span) => ({ start: span.start - start, length: span.end - span.start }));
  return { field, text: text.slice(start, end), highlights, cutBefore: start > 0, cutAfter: end < text.length };
}

/**
 * Searching a board through the index the stream projector keeps (entities/search-entry.ts): a
 * fixed amount of work per page — up to `probedTokens` Queries on the first page (the token with
 * the fewest posts drives), one on the next pages (the cursor names the driving token by its
 * signature), and one BatchGetItem of the candidates, each checked against its real text, so a
 * bigram that matched by chance never shows. Newest first.
 */
export function createSearchOperations(deps: BoardDeps) {
  const { entities } = deps.service;
  const candidates = limits.search.candidatesPerPage;

  const readEntries = async (board: string, token: string, after?: string) => {
    const query = after ? entities.searchEntry.query.byToken({ board, token }).lt({ postId: after }) : entities.searchEntry.query.byToken({ board, token });
    const { data } = await query.go({ ...rawStoreErrors, order: "desc", limit: candidates });
    return data;
  };

  const readPosts = async (ids: string[]) => {
    if (ids.length === 0) return [];
    const { data, unprocessed } = await entities.post.get(ids.map((postId) => ({ postId }))).go(rawStoreErrors);
    if (unprocessed.length > 0) throw storeBusy();
    return data;
  };

  return {
    async search(input: { board: string; q: string; scope: SearchScope; limit: number; cursor?: string | null | undefined }): Promise<Page<SearchResult>> {
      const tokens = queryTokens(input.q);
      if (tokens.length === 0)
        throw new BoardError("BAD_REQUEST", "Search for a word: the search has no letters or numbers in it.", [
          { path: "q", message: "No letters or numbers to search for." },
        ]);
      if (tokens.length > limits.search.queryTokens.max)
        throw new BoardError("BAD_REQUEST", `Search for fewer words: at most ${limits.search.queryTokens.max} words or pairs of letters.`, [
          { path: "q", message: `At most ${limits.search.queryTokens.max} words or pairs of letters.` },
        ]);
      const wanted = wantedOf(input.q);
      const scopeOf = (token: string) => `search:${input.board}:${input.scope}:${token}:${tokens.join(" ")}`;
      let driver: string | undefined;
      let entries: Awaited<ReturnType<typeof readEntries>>;
      if (input.cursor) {
        let after: string | undefined;
        let refusal: unknown;
        for (const token of tokens) {
          try {
            after = deps.cursors.decode(scopeOf(token), input.cursor);
            driver = token;
            break;
          } catch (error) {
            refusal = error;
          }
        }
        if (!driver || !after) throw refusal;
        entries = await readEntries(input.board, driver, after);
      } else {
        // Longer tokens first (a whole word before a pair of letters): likelier the rarest.
        const probed = [...tokens].sort((a, b) => [...b].length - [...a].length).slice(0, limits.search.probedTokens);
        const pages = await Promise.all(probed.map((token) => readEntries(input.board, token)));
        // The fewest posts drive; a token no post holds inside a word (a pair typed across a space, "울맛" of
        // "서울맛집") does not, and when every probed token is like that, nothing matches.
        const held = pages.map((page, index) => ({ page, index })).filter(({ page }) => page.length > 0);
        const fewest = held.reduce<(typeof held)[number] | undefined>((best, next) => (!best || next.page.length < best.page.length ? next : best), undefined);
        driver = probed[fewest?.index ?? 0]!;
        entries = fewest?.page ?? [];
      }
      const letters = fieldsOf(input.scope).map((field) => fieldLetter[field]);
      const inScope = entries.filter((entry) => letters.some((letter) => entry.fields.includes(letter)));
      const posts = new Map<string, Awaited<ReturnType<typeof readPosts>>[number]>();
      for (const found of await readPosts(inScope.map((entry) => entry.postId))) posts.set(found.postId, found);
      const items: SearchResult[] = [];
      let lastRead: string | undefined;
      for (const entry of entries) {
        if (items.length === input.limit) break;
        lastRead = entry.postId;
        const found = posts.get(entry.postId);
        if (!found || found.deletedAt !== undefined || found.hiddenAt !== undefined || found.board !== input.board) continue;
        for (const field of fieldsOf(input.scope)) {
          const spans = matchesIn(found[field], wanted);
          if (!spans) continue;
          items.push({
            postId: found.postId,
            board: found.board,
            title: found.title,
            author: found.author,
            createdAt: found.createdAt,
            commentCount: found.commentCount,
            snippet: snippetOf(field, found[field], spans),
          });
          break;
        }
      }
      const more = items.length === input.limit ? lastRead !== entries.at(-1)?.postId || entries.length === candidates : entries.length === candidates;
      return { items, nextCursor: more && lastRead ? deps.cursors.encode(scopeOf(driver), lastRead) : null };
    },
  };
}

export type SearchOperations = ReturnType<typeof createSearchOperations>;
