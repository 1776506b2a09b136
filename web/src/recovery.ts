/**
 * A page that could not load because nothing answered (the connection, or the server) loads again
 * by itself: at once when the browser is back online, else after 3, 6, 12… seconds (30 at most),
 * as long as the page that asked is still the one shown.
 */
export function retryByItself(shown: Element, retry: () => void, attempt: number): void {
  const again = () => {
    window.removeEventListener("online", again);
    clearTimeout(timer);
    if (shown.isConnected) retry();
  };
  window.addEventListener("online", again);
  const timer = setTimeout(again, Math.min(30_000, 3_000 * 2 ** attempt));
}
