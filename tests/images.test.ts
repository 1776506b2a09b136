/**
 * The image processor the upload flow will run on every uploaded file (issue: images in posts):
 * real type from the bytes, upright, no metadata, two WebP sizes. Fixtures are made here with
 * sharp, so each carries exactly what the test needs (a GPS position, an orientation).
 */
import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { detectImageType } from "../images/image-types.js";
import { ImageRefused, decodeBudget, decodeCost, imageSizes, processImage } from "../images/process.js";
import { costlyPng } from "./support/costly-png.js";
import { maxUploadBytes } from "../media/media-keys.js";

const picture = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });
const gpsTagLittleEndian = Buffer.from([0x25, 0x88]);

describe("processing an uploaded image", () => {
  it("strips every piece of metadata, GPS position above all, and applies the EXIF orientation", async () => {
    // A 300×200 photo taken with the camera turned: EXIF orientation 6 (rotate 90° to view), and where it was taken.
    const photo = await picture(300, 200)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 2964/100", GPSLongitudeRef: "E", GPSLongitude: "2/1 17/1 4032/100" } })
      .toBuffer();
    const before = await sharp(photo).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif!.indexOf(gpsTagLittleEndian)).toBeGreaterThan(0);

    const { type, full, thumb } = await processImage(photo, "image/jpeg");
    expect(type).toBe("image/jpeg");
    for (const output of [full, thumb]) {
      const after = await sharp(output.bytes).metadata();
      expect(after.format).toBe("webp");
      expect(after.exif).toBeUndefined();
      expect(after.xmp).toBeUndefined();
      expect(after.iptc).toBeUndefined();
      expect(after.orientation).toBeUndefined();
      expect(output.bytes.indexOf(Buffer.from("GPS"))).toBe(-1);
    }
    // Upright: the 300×200 sensor image is shown 200 wide and 300 high.
    expect([full.width, full.height]).toEqual([200, 300]);
  });

  it("writes the full image at most 2048 px and the thumbnail at most 400 px on the longest side, never enlarging", async () => {
    // Noise, so the encoder works as hard as on a photograph.
    const large = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "black", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
      .jpeg({ quality: 90 })
      .toBuffer();
    const started = performance.now();
    const { full, thumb } = await processImage(large);
    console.info(
      `a 4000×3000 JPEG (${(large.length / 1024).toFixed(0)} KiB) processed in ${(performance.now() - started).toFixed(0)} ms: full ${full.bytes.length} B, thumb ${thumb.bytes.length} B`,
    );
    expect([full.width, full.height]).toEqual([imageSizes.full, 1536]);
    expect([thumb.width, thumb.height]).toEqual([imageSizes.thumb, 300]);
    const small = await processImage(await picture(120, 80).png().toBuffer());
    expect([small.full.width, small.thumb.width]).toEqual([120, 120]);
  });

  it("accepts JPEG, PNG, WebP and GIF by their bytes", async () => {
    for (const [format, type] of [
      ["jpeg", "image/jpeg"],
      ["png", "image/png"],
      ["webp", "image/webp"],
      ["gif", "image/gif"],
    ] as const) {
      const bytes = await picture(10, 10).toFormat(format).toBuffer();
      expect(detectImageType(bytes)).toBe(type);
      expect((await processImage(bytes, type)).type).toBe(type);
    }
  });

  it("refuses a picture of more than 50 megapixels before decoding it (a small file can claim a huge canvas)", async () => {
    const huge = await sharp({ create: { width: 8000, height: 7000, channels: 3, background: "white" } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(huge.length).toBeLessThan(maxUploadBytes);
    // Refused from the header, before any decoding, with a reason the board can word.
    await expect(processImage(huge, "image/png")).rejects.toMatchObject({
      reasonCode: "too-costly",
      message: expect.stringMatching(/^The image is too large to process: 8000×7000 pixels/),
    });
  });

  it("refuses a small file that is costly to decode, from its header: 16-bit, interlaced, a huge canvas (issue 20's attack file)", async () => {
    // 380 KB on the wire, 7070×7070 16-bit RGBA Adam7: under 50 megapixels, yet 400 MB to decode and held whole.
    const attack = await costlyPng(7070, 7070);
    expect(attack.length).toBeLessThan(1024 * 1024);
    expect(decodeCost(await sharp(attack).metadata())).toEqual({ pixels: 7070 * 7070, decodedBytes: 7070 * 7070 * 8 * 2 });
    await expect(processImage(attack, "image/png")).rejects.toMatchObject({
      reasonCode: "too-costly",
      message: expect.stringContaining("7070×7070 pixels at 16 bits, interlaced"),
    });
    // Each property alone stays within the budget at a size people upload; together at this size they do not.
    for (const [size, options] of [
      [4100, { interlaced: true, bitDepth: 16 }],
      [5800, { interlaced: true, bitDepth: 8 }],
      [5800, { interlaced: false, bitDepth: 16 }],
    ] as const) {
      await expect(processImage(await costlyPng(size, size, options), "image/png"), `${size} ${JSON.stringify(options)}`).rejects.toMatchObject({
        reasonCode: "too-costly",
      });
    }
    for (const [size, options] of [
      [2500, { interlaced: true, bitDepth: 16 }],
      [5000, { interlaced: false, bitDepth: 8 }],
    ] as const) {
      expect((await processImage(await costlyPng(size, size, options), "image/png")).full.width).toBe(imageSizes.full);
    }
    expect(decodeBudget.decodedBytes).toBe(256 * 1024 * 1024);
  });

  it("refuses a file that is not what it claims, whatever its name or declared type", async () => {
    const html = Buffer.from("<!doctype html><html><script>alert(1)</script></html>");
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const disguised of [html, svg]) await expect(processImage(disguised, "image/jpeg")).rejects.toThrow(ImageRefused);
    const png = await picture(10, 10).png().toBuffer();
    await expect(processImage(png, "image/jpeg")).rejects.toThrow(/is a image\/png, not the image\/jpeg/);
    const truncated = (await picture(200, 200).jpeg().toBuffer()).subarray(0, 300);
    await expect(processImage(truncated)).rejects.toThrow(ImageRefused);
  });
});
