import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { execFileSync } from "node:child_process";

/** Debian's chromium (CHROMIUM_PATH to use another); playwright-core never downloads a browser. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("which", [name]).toString().trim();
    } catch {
      // try the next name
    }
  }
  throw new Error("No Chromium found: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.");
}

/**
 * A Chromium whose pages speak English unless a test asks for another locale: the web board
 * picks its language from the browser's, and the machine's own locale must not decide a test.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Each context gets a fresh profile; these keep Chromium off the network and quiet.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ locale: "en-US", ...options });
  return browser;
}

/** Opens a board's "Write a post" form (it waits behind its button unless a draft is in it). */
export async function openCompose(page: import("playwright-core").Page): Promise<void> {
  await page.locator("button.write-post, form#new-post:not([hidden])").first().waitFor();
  const button = page.locator("button.write-post");
  if (await button.isVisible()) await button.click();
}

/** Every language at a phone's and a desktop's width: where the web board's features are walked through. */
export const everywhere = [
  ["ko-KR", 360],
  ["ko-KR", 1280],
  ["en-US", 360],
  ["en-US", 1280],
] as const;
