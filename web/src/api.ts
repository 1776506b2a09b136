import { createBoardClient, webStorageEditTokenStore } from "@serverless-board/client";

const moderatorKey = "board.moderatorToken";
export const editTokens = webStorageEditTokenStore(localStorage);

/** The moderator token lives for this tab only (sessionStorage), never in a URL. */
export const moderator = {
  token: () => sessionStorage.getItem(moderatorKey),
  set: (token: string) => sessionStorage.setItem(moderatorKey, token),
  clear: () => sessionStorage.removeItem(moderatorKey),
};

export const board = createBoardClient({
  url: import.meta.env.VITE_API_URL ?? "/trpc",
  editTokens,
  moderatorToken: moderator.token,
});

/** Whether this browser may edit an item: it holds its edit token, or moderates. */
export const mayChange = (itemId: string) => Boolean(editTokens.get(itemId) || moderator.token());
