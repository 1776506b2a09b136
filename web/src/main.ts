import "./styles.css";
import { limits } from "@serverless-board/client";
import { moderator } from "./api.js";
import { announce, h, replaceChildren } from "./dom.js";
import { boardPage } from "./pages/board.js";
import { threadPage } from "./pages/thread.js";
import { boardPath, defaultBoard, navigate, startRouter } from "./router.js";
import type { Route } from "./router.js";

const main = document.getElementById("main")!;
const boardInput = document.getElementById("board-name") as HTMLInputElement;
// The slug rule comes from the server's limits, not from a copy in the HTML.
boardInput.pattern = limits.boardSlug.source.replace(/^\^|\$$/g, "");
const moderatorToggle = document.getElementById("moderator-toggle") as HTMLButtonElement;

function show(route: Route): void {
  if (route.page === "board") {
    boardInput.value = route.board;
    boardPage(main, route.board);
  } else if (route.page === "thread") {
    threadPage(main, route.postId, (board) => (boardInput.value = board));
  } else {
    replaceChildren(main, h("h1", {}, "Not found"), h("p", {}, h("a", { href: "/", "data-link": true }, "Go to the board")));
  }
  main.focus({ preventScroll: true });
}

document.getElementById("board-switch")!.addEventListener("submit", (event) => {
  event.preventDefault();
  const name = boardInput.value.trim().toLowerCase();
  if (limits.boardSlug.test(name)) navigate(boardPath(name));
  else boardInput.setCustomValidity("1–32 lowercase letters, digits or dashes"), boardInput.reportValidity();
});
boardInput.addEventListener("input", () => boardInput.setCustomValidity(""));
boardInput.value = defaultBoard;

function syncModerator(): void {
  const on = Boolean(moderator.token());
  moderatorToggle.setAttribute("aria-pressed", String(on));
  moderatorToggle.textContent = on ? "Leave moderator mode" : "Moderator mode";
}
moderatorToggle.addEventListener("click", () => {
  if (moderator.token()) {
    moderator.clear();
    announce("Moderator mode off");
  } else {
    const token = window.prompt("Moderator token (kept for this tab only)")?.trim();
    if (!token) return;
    moderator.set(token);
    announce("Moderator mode on");
  }
  syncModerator();
  navigate(location.pathname);
});
syncModerator();

startRouter(show);
