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
