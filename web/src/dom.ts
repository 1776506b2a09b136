/** A tiny element builder. Text always goes in as text nodes: user content can never become markup. */
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | boolean | number | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Announces a change to screen readers. */
export function announce(message: string): void {
  const status = document.getElementById("status");
  if (status) status.textContent = message;
}

let pendingNotice: string | undefined;

/** A confirmation to show, visibly, on the page shown next (e.g. the board after a delete). */
export function noticeForNextPage(message: string): void {
  pendingNotice = message;
}

export function takeNotice(): string | undefined {
  const message = pendingNotice;
  pendingNotice = undefined;
  return message;
}
