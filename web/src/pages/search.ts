import type { SearchResult as Result } from "@serverless-board/client";
import { BoardClientError, limits } from "@serverless-board/client";
import { board } from "../api.js";
import { h, replaceChildren, timeAgo } from "../dom.js";
import { isUnreachable, messageFor } from "../forms.js";
import { retryByItself } from "../recovery.js";
import { t } from "../i18n/index.js";
import { boardPath, navigate, searchPath, threadPath } from "../router.js";
import { boardNames } from "../board-names.js";
import type { SearchScope } from "../router.js";

/** The search box of a board (role="search"): it goes to the board's search page, the query in the URL. */
export function searchForm(boardName: string, q = "", scope: SearchScope = "all"): HTMLFormElement {
  const input = h("input", {
    id: "search-q",
    name: "q",
    type: "search",
    value: q,
    required: true,
    maxlength: limits.search.queryLength.max,
    autocomplete: "off",
    enterkeyhint: "search",
  });
  const select = h(
    "select",
    { id: "search-scope", name: "scope", "aria-label": t().searchWhere },
    ...(["all", "title", "body", "author"] as const).map((option) => h("option", { value: option, selected: option === scope }, t().searchScope[option])),
  );
  const form = h(
    "form",
    { role: "search", class: "search-form", "aria-label": t().searchBoard(boardNames.get(boardName) ?? boardName) },
    h("label", { for: "search-q" }, t().searchLabel),
    input,
    select,
    h("button", { type: "submit" }, t().search),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) {
      input.setCustomValidity(t().searchEmpty);
      input.reportValidity();
      return;
    }
    navigate(searchPath(boardName, query, select.value as SearchScope));
  });
  input.addEventListener("input", () => input.setCustomValidity(""));
  return form;
}

/** The snippet with its matches in <mark>: text nodes only, never HTML from the server. */
function snippetView(snippet: Result["snippet"]): HTMLElement {
  const paragraph = h("p", { class: "snippet" });
  if (snippet.cutBefore) paragraph.append("…");
  let at = 0;
  for (const { start, length } of snippet.highlights) {
    if (start < at) continue;
    paragraph.append(snippet.text.slice(at, start), h("mark", {}, snippet.text.slice(start, start + length)));
    at = start + length;
  }
  paragraph.append(snippet.text.slice(at));
  if (snippet.cutAfter) paragraph.append("…");
  return paragraph;
}

function resultView(result: Result): HTMLElement {
  return h(
    "li",
    { class: "post-summary search-result" },
    h("a", { href: threadPath(result.postId), "data-link": true, class: "post-title" }, result.title),
    result.snippet.field === "title" ? null : snippetView(result.snippet),
    h("p", { class: "meta" }, ...t().byAuthor(result.author), " · ", timeAgo(result.createdAt), ` · ${t().commentCount(result.commentCount)}`),
  );
}

/** A board's search results, newest first, "search further" while there may be more. */
export function searchPage(main: HTMLElement, boardName: string, q: string, scope: SearchScope): void {
  document.title = t().pageTitle(t().searchHeading(q));
  const list = h("ol", { class: "post-list", "aria-label": t().searchHeading(q) });
  const status = h("p", { class: "list-status", role: "status" }, t().searching);
  const more = h("button", { type: "button", class: "load-more", hidden: true }, t().searchFurther);
  let cursor: string | null = null;
  let attempts = 0;

  async function next(): Promise<void> {
    more.disabled = true;
    list.setAttribute("aria-busy", "true");
    try {
      const page = await board.posts.search.query({ board: boardName, q, scope, limit: limits.search.pageSize.default, cursor });
      const before = list.children.length;
      for (const result of page.items) list.append(resultView(result));
      cursor = page.nextCursor;
      more.hidden = cursor === null;
      const shown = list.children.length;
      status.textContent =
        shown === 0 ? (cursor ? t().noResultsYet(q) : t().noResults(q, boardNames.get(boardName) ?? boardName)) : t().resultsShown(shown, cursor !== null);
      // Focus goes to the first new result after "search further", not back to the top.
      if (before > 0 && shown > before) (list.children[before]?.querySelector("a") as HTMLElement | null)?.focus();
    } catch (error) {
      status.textContent = error instanceof BoardClientError ? messageFor(error) : t().couldNotSearch;
      // The first page loads again by itself when the board answers again; later ones wait for "search further".
      if (cursor === null && error instanceof BoardClientError && isUnreachable(error)) retryByItself(status, () => void next(), attempts++);
    } finally {
      more.disabled = false;
      list.removeAttribute("aria-busy");
    }
  }
  more.addEventListener("click", () => void next());

  replaceChildren(
    main,
    h("h1", {}, t().searchHeading(q)),
    h("p", {}, h("a", { href: boardPath(boardName), "data-link": true }, t().backToBoard)),
    searchForm(boardName, q, scope),
    h("section", { "aria-label": t().searchHeading(q) }, status, list, more),
  );
  void next();
}
