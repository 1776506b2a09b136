/** Where the client keeps the edit tokens it was given, by item id (postId or commentId). */
export interface EditTokenStore {
  get(itemId: string): string | null | undefined;
  set(itemId: string, token: string): void;
  delete(itemId: string): void;
}

export function memoryEditTokenStore(): EditTokenStore {
  const tokens = new Map<string, string>();
  return { get: (id) => tokens.get(id), set: (id, token) => void tokens.set(id, token), delete: (id) => void tokens.delete(id) };
}

/** Keeps tokens in a Web Storage (e.g. `localStorage`) under a prefix. */
export function webStorageEditTokenStore(storage: Storage, prefix = "board.editToken."): EditTokenStore {
  return {
    get: (id) => storage.getItem(prefix + id),
    set: (id, token) => storage.setItem(prefix + id, token),
    delete: (id) => storage.removeItem(prefix + id),
  };
}

/**
 * The item whose edit token a mutation carries: the one an update or delete names. These are
 * exactly the API's token-protected operations (tests/rest.test.ts holds the two together).
 */
export function itemToAuthorize(path: string, input: unknown): string | undefined {
  if (!/\.(update|delete)$/.test(path) || moderatorOperations.includes(path)) return undefined;
  const ids = input as { postId?: string; commentId?: string } | undefined;
  return path.startsWith("comments.") ? ids?.commentId : ids?.postId;
}

/** The operations only the moderator may call: the client sends them the moderator token. */
export const moderatorOperations: readonly string[] = [
  "boards.create",
  "boards.update",
  "posts.pin",
  "moderation.reserveNames",
  "moderation.queue",
  "moderation.review",
];

/** Operations that take the moderator token when the client has one (the moderator posts as the moderator) and need none. */
export const moderatorMayOperations: readonly string[] = ["posts.create", "comments.create"];

/** The edit token a result hands out (a create's, beside the item it is for), wherever a result carries one. */
export function issuedToken(data: unknown): { itemId: string; token: string } | undefined {
  const result = data as { editToken?: unknown; post?: { postId?: string }; comment?: { commentId?: string } } | undefined;
  if (typeof result?.editToken !== "string") return undefined;
  const itemId = result.comment?.commentId ?? result.post?.postId;
  return itemId ? { itemId, token: result.editToken } : undefined;
}
