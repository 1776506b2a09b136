/**
 * Pictures on the board, as a person adds them in Chromium: pick files, see previews and progress,
 * describe each, post; the thread shows thumbnails that open the full image. Problems are said
 * in plain words before and after the upload.
 */
import { costlyPng } from "./support/costly-png.js";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { AxeBuilder } from "@axe-core/playwright";
import { webBoardForThisFile } from "./support/web-board.js";
import { openCompose } from "./support/browser.js";

const web = webBoardForThisFile(["pictures"]);

const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 220, g: 120, b: 30 } } })
    .jpeg()
    .toBuffer();

async function open(path: string): Promise<Page> {
  const page = await (await web.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${web.api.url}${path}`);
  return page;
}

describe("images on the board, in Chromium", () => {
  it("uploads pictures with previews and descriptions, and shows them in the thread, opening the full image", async () => {
    const page = await open("/b/pictures");
    await openCompose(page);
    await page.getByLabel("Title").fill("Sunset");
    await page.getByLabel("Text").fill("Two pictures from tonight.");
    await page.getByLabel("Your name").fill("Ann");
    await page.getByLabel("Add pictures (up to 4)").setInputFiles([
      { name: "one.jpg", mimeType: "image/jpeg", buffer: await jpeg(1600, 1200) },
      { name: "two.jpg", mimeType: "image/jpeg", buffer: await jpeg(600, 900) },
    ]);
    await expect.poll(() => page.locator(".image-item .preview").count()).toBe(2);
    // Sending before describing them: said beside the field, focus on it.
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await expect.poll(() => page.locator(".image-item .field-error").first().textContent()).toBe("Describe the image.");
    await page.getByLabel("Describe this image").nth(0).fill("The sun going down over the sea");
    await page.getByLabel("Describe this image").nth(1).fill("A tall palm against an orange sky");
    await expect.poll(() => page.locator(".image-status").allTextContents(), { timeout: 15_000 }).toEqual(["Ready", "Ready"]);
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Sunset" }).waitFor();

    const thumbnails = page.locator("article .gallery img");
    await expect.poll(() => thumbnails.count()).toBe(2);
    expect(await thumbnails.nth(0).getAttribute("alt")).toBe("The sun going down over the sea");
    // A lazy thumbnail may still be loading on a busy machine: wait for it (found by a CI run under load).
    await expect.poll(() => thumbnails.nth(0).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(400);
    const full = await page.locator("article .gallery a").nth(1).getAttribute("href");
    const response = await page.request.get(`${web.api.url}${full}`);
    expect(response.headers()["content-type"]).toBe("image/webp");
    const { violations } = await new AxeBuilder({ page: page as never }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(violations.map((violation) => violation.id)).toEqual([]);
  });

  it("says in plain words when a file is not an image, too many are picked, or one is refused after upload", async () => {
    const page = await open("/b/pictures");
    await openCompose(page);
    await page.getByLabel("Add pictures (up to 4)").setInputFiles([{ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") }]);
    await expect.poll(() => page.locator("#new-post-images-error").textContent()).toBe("Only JPEG, PNG, WebP or GIF images.");
    const five = await Promise.all(Array.from({ length: 5 }, async (_, i) => ({ name: `p${i}.jpg`, mimeType: "image/jpeg", buffer: await jpeg(40, 40) })));
    await page.getByLabel("Add pictures (up to 4)").setInputFiles(five);
    await expect.poll(() => page.locator("#new-post-images-error").textContent()).toBe("At most 4 images.");
    await expect.poll(() => page.locator(".image-item").count()).toBe(4);
    for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Remove image" }).first().click();
    // A file that calls itself a JPEG but is not one: the image function refuses it.
    await page
      .getByLabel("Add pictures (up to 4)")
      .setInputFiles([{ name: "fake.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'></svg>") }]);
    await expect.poll(() => page.locator(".image-status").textContent(), { timeout: 15_000 }).toBe("This file is not a JPEG, PNG, WebP or GIF image.");
    await page.getByRole("button", { name: "Remove image" }).click();
    // A small file that would cost too much to decode (issue 20): refused from its header, said plainly.
    await page.getByLabel("Add pictures (up to 4)").setInputFiles([{ name: "huge.png", mimeType: "image/png", buffer: await costlyPng(7070, 7070) }]);
    await expect.poll(() => page.locator(".image-status").textContent(), { timeout: 15_000 }).toMatch(/^This image is too large to process\. Save it smaller/);
  });
});
