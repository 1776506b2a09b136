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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Each context gets a fresh profile; these keep Chromium off the network and quiet.
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
  });
}
