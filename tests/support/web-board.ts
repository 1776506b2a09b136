import type { Browser } from "playwright-core";
import { ensureWebBuilt } from "../../local/web-build.js";
import { startApiServer } from "./api-server.js";
import type { ApiServer } from "./api-server.js";
import { launchChromium } from "./browser.js";
import { createTestStore } from "./store.js";

/** The built web board and the real API behind the local emulation, with a Chromium to drive it. */
export async function startWebBoard(): Promise<{ api: ApiServer; browser: Browser; close: () => Promise<void> }> {
  await ensureWebBuilt();
  const api = await startApiServer(await createTestStore(), { withWebBoard: true });
  const browser = await launchChromium();
  return {
    api,
    browser,
    close: async () => {
      await browser.close();
      await api.close();
    },
  };
}
