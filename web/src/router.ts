import { limits } from "@serverless-board/client";

export type SearchScope = "all" | "title" | "body" | "author";
export type Route =
  | { page: "boards" }
  | { page: "manage-boards" }
  | { page: "moderation" }
  | { page: "board"; board: string; pageNumber: number }
  | { page: "search"; board: string; q: string; scope: SearchScope }
  | { page: "best"; board: string }
  | { page: "thread"; postId: string }
  | { page: "missing" };

const scopes: SearchScope[] = ["all", "title", "body", "author"];

/** The route of a location: its path, and for a search its query string (so Back, Forward and a shared link find it again). */
export function parseRoute(pathname: string, search = ""): Route {
  if (pathname === "/" || pathname === "") return { page: "boards" };
  if (/^\/boards\/manage\/?$/.test(pathname)) return { page: "manage-boards" };
  if (/^\/moderation\/?$/.test(pathname)) return { page: "moderation" };
  const searchMatch = pathname.match(/^\/b\/([^/]+)\/search\/?$/);
  if (searchMatch && limits.boardSlug.test(searchMatch[1]!)) {
    const params = new URLSearchParams(search);
    const scope = params.get("scope") as SearchScope | null;
    return { page: "search", board: searchMatch[1]!, q: params.get("q") ?? "", scope: scope && scopes.includes(scope) ? scope : "all" };
  }
  const bestMatch = pathname.match(/^\/b\/([^/]+)\/best\/?$/);
  if (bestMatch && limits.boardSlug.test(bestMatch[1]!)) return { page: "best", board: bestMatch[1]! };
  const boardMatch = pathname.match(/^\/b\/([^/]+)\/?$/);
  if (boardMatch && limits.boardSlug.test(boardMatch[1]!)) {
    const pageNumber = Number(new URLSearchParams(search).get("page") ?? "1");
    return { page: "board", board: boardMatch[1]!, pageNumber: Number.isInteger(pageNumber) && pageNumber >= 1 ? pageNumber : 1 };
  }
  const threadMatch = pathname.match(/^\/p\/([0-9A-HJKMNP-TV-Z]{26})\/?$/);
  if (threadMatch) return { page: "thread", postId: threadMatch[1]! };
  return { page: "missing" };
}

/** A board's page: page 1 is the board's own address, later pages add `?page=N` (shareable, Back finds it). */
export const boardPath = (board: string, pageNumber = 1) => `/b/${board}${pageNumber > 1 ? `?page=${pageNumber}` : ""}`;
export const boardListPath = "/";
export const bestPath = (board: string) => `/b/${board}/best`;
export const manageBoardsPath = "/boards/manage";
export const moderationPath = "/moderation";
export const threadPath = (postId: string) => `/p/${postId}`;
export const searchPath = (board: string, q: string, scope: SearchScope) =>
  `/b/${board}/search?${new URLSearchParams({ q, ...(scope === "all" ? {} : { scope }) }).toString()}`;
const here = () => `${location.pathname}${location.search}`;

let draw: (route: Route) => void = () => {};
/** The path and query drawn last: a history entry that differs only by its #hash (the skip link) is the same page. */
let drawn = "";
const render = (route: Route) => {
  drawn = here();
  draw(route);
};

/** What this history entry should restore on Back: how many pages were loaded, where it was scrolled. */
export interface PageMemory {
  pages?: number;
  scrollY?: number;
}

export const remembered = (): PageMemory => (history.state ?? {}) as PageMemory;
export const remember = (memory: PageMemory) => history.replaceState({ ...remembered(), ...memory }, "");

export function startRouter(onRoute: (route: Route) => void): void {
  draw = onRoute;
  // The pages restore their own place (they load what was loaded first); the browser would scroll too early.
  history.scrollRestoration = "manual";
  // A reload keeps the history entry, so the place read on the page is kept in it as the person
  // scrolls (a quarter of a second after they stop), and Back and a reload both find it.
  let settle: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener("scroll", () => {
    clearTimeout(settle);
    settle = setTimeout(() => remember({ scrollY: window.scrollY }), 250);
  });
  window.addEventListener("popstate", () => {
    if (here() !== drawn) render(parseRoute(location.pathname, location.search));
  });
  // Same-origin links marked data-link navigate without reloading the page.
  document.addEventListener("click", (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>("a[data-link]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(link.getAttribute("href")!);
  });
  render(parseRoute(location.pathname, location.search));
}

/** Draws the current page again (e.g. in another language), keeping what Back would keep: loaded pages and scroll. */
export function redraw(drawWith: (route: Route) => void = render): void {
  remember({ scrollY: window.scrollY });
  drawWith(parseRoute(location.pathname, location.search));
}

/** Shows `path`; `replace` when the current page should not come back with Back (a deleted post). */
export function navigate(path: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, "", path);
  else if (path !== here()) {
    // Where the person was on the page they leave, for Back to put them there again.
    remember({ scrollY: window.scrollY });
    history.pushState(null, "", path);
  }
  const url = new URL(path, location.origin);
  render(parseRoute(url.pathname, url.search));
}
