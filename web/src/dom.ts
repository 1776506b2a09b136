import { locale } from "./i18n/format.js";
import { t } from "./i18n/index.js";

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
  return new Date(iso).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
}

const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

function relativeText(iso: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  const [unit, size] = relativeUnits.find(([, size]) => Math.abs(seconds) >= size) ?? ["second", 1];
  // Under a minute, what boards say: "방금 전", "just now" (Intl's "지금"/"now" reads as a clock).
  return unit === "second" ? t().justNow : format.format(Math.round(seconds / size), unit);
}

/** "3 minutes ago" in a <time> that carries the exact moment (machine-readable, and the full date on hover). */
export function timeAgo(iso: string, now = Date.now()): HTMLTimeElement {
  return h("time", { datetime: iso, title: formatDate(iso), "data-relative": true }, relativeText(iso, now));
}

/** Keeps every "… ago" on the page true while it stays open ("just now" does not stay "just now"). */
export function refreshTimesEvery(milliseconds: number): void {
  setInterval(() => {
    const now = Date.now();
    document.querySelectorAll<HTMLTimeElement>("time[data-relative]").forEach((time) => {
      const text = relativeText(time.dateTime, now);
      if (time.textContent !== text) time.textContent = text;
    });
  }, milliseconds);
}

const two = (n: number) => String(n).padStart(2, "0");

/**
 * A date as Korean boards print it in a list, shortest first: today "14:05", this year "12.02",
 * earlier "25.12.02". The full date and time are in the page for screen readers, and shown on tap.
 */
export function listDate(iso: string, now = new Date()): HTMLElement {
  const date = new Date(iso);
  const short =
    date.toDateString() === now.toDateString()
      ? `${two(date.getHours())}:${two(date.getMinutes())}`
      : date.getFullYear() === now.getFullYear()
        ? `${two(date.getMonth() + 1)}.${two(date.getDate())}`
        : `${two(date.getFullYear() % 100)}.${two(date.getMonth() + 1)}.${two(date.getDate())}`;
  const full = formatDate(iso);
  const shown = h("time", { datetime: iso, title: full, "aria-hidden": "true" }, short);
  const spoken = h("span", { class: "visually-hidden" }, full);
  // A tap (no hover on a phone) swaps in the full date, and back.
  shown.addEventListener("click", () => (shown.textContent = shown.textContent === short ? full : short));
  return h("span", { class: "list-date" }, shown, spoken);
}

const urlPattern = /\bhttps?:\/\/[^\s<>"']+/g;

/**
 * Text with its web addresses as links: only http(s), never markup (everything else stays a text
 * node), marked as user-posted links search engines should not follow.
 */
export function linkified(text: string): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    // Sentence punctuation right after an address belongs to the sentence.
    const address = match[0].replace(/[.,;:!?)\]]+$/, "");
    const start = match.index;
    let url: URL | undefined;
    try {
      url = new URL(address);
    } catch {
      continue;
    }
    if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
    nodes.push(h("a", { href: url.href, rel: "noopener nofollow ugc" }, address));
    last = start + address.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
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
