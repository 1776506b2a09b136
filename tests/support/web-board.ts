import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { createAttachmentEntity } from "../../entities/attachment.js";
import { createImageFunction } from "../../images/image-function.js";
import { startLocalS3 } from "../../local/local-s3.js";
import type { LocalS3 } from "../../local/local-s3.js";
import { ensureWebBuilt } from "../../local/web-build.js";
import { startApiServer } from "./api-server.js";
import type { ApiServer } from "./api-server.js";
import { launchChromium } from "./browser.js";
import { createTestStore } from "./store.js";

/**
 * The built web board and the real API behind the local emulation, with a local S3 running the
 * image function on uploads (as `npm start` has), and a Chromium to drive it.
 */
export async function startWebBoard(): Promise<{ api: ApiServer; browser: Browser; s3: LocalS3; close: () => Promise<void> }> {
  await ensureWebBuilt();
  const store = await createTestStore();
  const bucket = "web-board-media";
  let imageFunction: ReturnType<typeof createImageFunction> | undefined;
  const s3 = await startLocalS3({
    directory: mkdtempSync(join(tmpdir(), "web-board-s3-")),
    buckets: [bucket],
    onObjectCreated: (event) => imageFunction!(event),
  });
  imageFunction = createImageFunction({ s3: s3.client, bucket, attachments: createAttachmentEntity({ client: store.client, table: store.table }) });
  const api = await startApiServer(store, { withWebBoard: true, media: { s3, bucket } });
  const browser = await launchChromium();
  return {
    api,
    browser,
    s3,
    close: async () => {
      await browser.close();
      await api.close();
      await s3.close();
    },
  };
}

/**
 * The web board for the tests of one file, with the boards they use opened (as its moderator
 * would): started before them, closed after. The returned object is filled in once it runs (read
 * its fields inside tests and helpers, not at module load).
 */
export function webBoardForThisFile(boards: Parameters<ApiServer["openBoards"]> = []): { api: ApiServer; browser: Browser; s3: LocalS3 } {
  const web = {} as { api: ApiServer; browser: Browser; s3: LocalS3 };
  let running: Awaited<ReturnType<typeof startWebBoard>> | undefined;
  beforeAll(async () => {
    running = await startWebBoard();
    Object.assign(web, { api: running.api, browser: running.browser, s3: running.s3 });
    await running.api.openBoards(...boards);
  });
  afterAll(() => running?.close());
  return web;
}
