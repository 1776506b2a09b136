import "./styles.css";
import { BoardClientError } from "@serverless-board/client";
import { board, moderator } from "./api.js";
import { busy, messageFor } from "./forms.js";
import { announce, h, refreshTimesEvery, replaceChildren } from "./dom.js";
import { language, setLanguage, t, translateStatic } from "./i18n/index.js";
import type { Language } from "./i18n/index.js";
import { bestPage, boardPage } from "./pages/board.js";
import { boardListPage, manageBoardsPage } from "./pages/boards.js";
import { moderationPage } from "./pages/moderation.js";
import { searchPage } from "./pages/search.js";
import { threadPage } from "./pages/thread.js";
import { navigate, redraw, startRouter } from "./router.js";
import type { Route } from "./router.js";

const main = document.getElementById("main")!;
const moderatorToggle = document.getElementById("moderator-toggle") as HTMLButtonElement;

// The first page a person lands on leaves focus at the top (the first Tab reaches "Skip to
// content"); later in-app navigations move it to the new page's content, as a page load would.
let firstPage = true;

function show(route: Route, { moveFocus = true } = {}): void {
  if (route.page === "boards") boardListPage(main);
  else if (route.page === "manage-boards") manageBoardsPage(main);
  else if (route.page === "moderation") moderationPage(main);
  else if (route.page === "board") boardPage(main, route.board, route.pageNumber);
  else if (route.page === "search") searchPage(main, route.board, route.q, route.scope);
  else if (route.page === "best") bestPage(main, route.board);
  else if (route.page === "thread") threadPage(main, route.postId);
  else {
    document.title = t().pageTitle(t().notFound);
    replaceChildren(main, h("h1", {}, t().notFound), h("p", {}, h("a", { href: "/", "data-link": true }, t().goToBoard)));
  }
  if (!firstPage && moveFocus) main.focus({ preventScroll: true });
  firstPage = false;
}

function syncModerator(): void {
  const on = Boolean(moderator.token());
  moderatorToggle.setAttribute("aria-pressed", String(on));
  moderatorToggle.textContent = on ? t().leaveModeratorMode : t().moderatorMode;
}
/**
 * Entering moderator mode: the token is typed into a masked field, checked with the server
 * (yes or no, nothing else), and kept for this tab only if it is right.
 */
function moderatorForm(): HTMLFormElement {
  const form = h(
    "form",
    { id: "moderator-form", class: "moderator-form", "aria-label": t().moderatorMode },
    h("label", { for: "moderator-token" }, t().moderatorToken),
    h("input", { id: "moderator-token", name: "token", type: "password", autocomplete: "off", required: true, "aria-describedby": "moderator-error" }),
    h("button", { type: "submit" }, t().check),
    h("button", { type: "button", class: "link-button", onclick: () => closeModeratorForm() }, t().cancel),
    h("p", { id: "moderator-error", class: "field-error", role: "alert" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = form.elements.namedItem("token") as HTMLInputElement;
    const error = form.querySelector<HTMLElement>("#moderator-error")!;
    const token = input.value.trim();
    error.textContent = "";
    if (!token) {
      error.textContent = t().enterModeratorToken;
      input.focus();
      return;
    }
    const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    try {
      // Checking takes a round trip: the button says so, and nothing can be sent twice meanwhile.
      submit.textContent = t().checking;
      const { moderator: yes } = await busy(form, () => board.moderator.check.mutate(undefined, { context: { token } })).finally(
        () => (submit.textContent = t().check),
      );
      if (!yes) {
        error.textContent = t().wrongModeratorToken;
        input.select();
        return;
      }
      moderator.set(token);
      closeModeratorForm();
      announce(t().moderatorOn);
      syncModerator();
      navigate(`${location.pathname}${location.search}`);
    } catch (caught) {
      error.textContent = caught instanceof BoardClientError ? messageFor(caught, { action: "check" }) : t().couldNotCheckToken;
    }
  });
  return form;
}

function closeModeratorForm(): void {
  document.getElementById("moderator-form")?.remove();
  moderatorToggle.hidden = false;
  moderatorToggle.focus();
}

moderatorToggle.addEventListener("click", () => {
  if (moderator.token()) {
    moderator.clear();
    announce(t().moderatorOff);
    syncModerator();
    navigate(location.pathname);
    return;
  }
  const form = moderatorForm();
  moderatorToggle.hidden = true;
  moderatorToggle.after(form);
  form.querySelector<HTMLInputElement>("input")!.focus();
});
syncModerator();

const languageButtons = document.querySelectorAll<HTMLButtonElement>("[data-language]");
function syncLanguage(): void {
  translateStatic();
  for (const button of languageButtons) button.setAttribute("aria-pressed", String(button.dataset.language === language()));
}
/**
 * Another language redraws the page in place: focus stays on the switch, what was typed is kept
 * (drafts live in sessionStorage), loaded pages and the scroll position come back as on Back.
 */
for (const button of languageButtons) {
  button.addEventListener("click", () => {
    const next = button.dataset.language as Language;
    if (next === language()) return;
    setLanguage(next);
    syncLanguage();
    syncModerator();
    document.getElementById("moderator-form")?.replaceWith(moderatorForm());
    redraw((route) => show(route, { moveFocus: false }));
  });
}
syncLanguage();
// "3 minutes ago" stays true while the page is open.
refreshTimesEvery(30_000);

startRouter(show);
