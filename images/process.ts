import sharp from "sharp";
import type { Metadata } from "sharp";
import { detectImageType } from "./image-types.js";
import type { ImageType } from "./image-types.js";
import { imageFunctionTimeoutSeconds } from "./function-settings.js";
import type { limits } from "../api/limits.js";

/** The sizes the board serves: the full image and its thumbnail, longest side at most this many pixels. */
export const imageSizes = { full: 2048, thumb: 400 } as const;

/**
 * What decoding one picture may cost, judged from its header before a pixel is decoded: a small
 * file can claim a huge canvas, 16-bit samples, or an interlaced layout that the decoder must
 * hold whole (a 380 KB PNG of 7070×7070 16-bit RGBA, interlaced, took 2.4 s and 1 GB here).
 * - pixels: the canvas (of the first frame, the only one decoded);
 * - decodedBytes: pixels × channels × bytes per sample, doubled when interlaced or progressive
 *   (the decoder keeps all of it and visits every pixel in several passes) — the work and memory
 *   a decode needs; 256 MiB is a 50-megapixel 8-bit RGBA picture, or about 33 megapixels of
 *   8-bit RGBA interlaced;
 * - seconds: a decode still running after this is stopped (a third of the function's timeout).
 */
export const decodeBudget = {
  pixels: 50_000_000,
  decodedBytes: 256 * 1024 * 1024,
  seconds: Math.floor(imageFunctionTimeoutSeconds / 3),
} as const;

export interface ProcessedImage {
  type: ImageType;
  full: { bytes: Buffer; width: number; height: number };
  thumb: { bytes: Buffer; width: number; height: number };
}

export type RefusalReason = (typeof limits.image.refusalReasons)[number];

export class ImageRefused extends Error {
  constructor(
    readonly reasonCode: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = "ImageRefused";
  }
}

const bytesPerSample: Partial<Record<NonNullable<Metadata["depth"]>, number>> = {
  uchar: 1,
  char: 1,
  ushort: 2,
  short: 2,
  uint: 4,
  int: 4,
  float: 4,
  double: 8,
};

/** What decoding this picture would cost (see decodeBudget), from its header. */
export function decodeCost(metadata: Pick<Metadata, "width" | "height" | "channels" | "depth" | "isProgressive">): { pixels: number; decodedBytes: number } {
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  const sample = bytesPerSample[metadata.depth ?? "uchar"] ?? 8;
  return { pixels, decodedBytes: pixels * (metadata.channels ?? 4) * sample * (metadata.isProgressive ? 2 : 1) };
}

/**
 * An uploaded file made safe to show: its real type checked from its bytes, its decoding cost
 * checked from its header, turned upright by its EXIF orientation, every piece of metadata
 * dropped (location above all: sharp writes none unless asked), and written as WebP at two
 * sizes. The source is decoded once: the thumbnail is made from the full size. Animated images
 * keep their first frame.
 */
export async function processImage(bytes: Buffer, declaredType?: string): Promise<ProcessedImage> {
  const type = detectImageType(bytes);
  if (!type) throw new ImageRefused("not-an-image", "The file is not a JPEG, PNG, WebP or GIF image.");
  if (declaredType !== undefined && declaredType !== type)
    throw new ImageRefused("wrong-type", `The file is a ${type}, not the ${declaredType} it was uploaded as.`);
  const options = { limitInputPixels: decodeBudget.pixels, failOn: "error" } as const;
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes).metadata(); // the header only: nothing is decoded
  } catch (error) {
    throw new ImageRefused("unreadable", `The image could not be read: ${(error as Error).message}`);
  }
  const cost = decodeCost(metadata);
  if (cost.pixels > decodeBudget.pixels || cost.decodedBytes > decodeBudget.decodedBytes) {
    throw new ImageRefused(
      "too-costly",
      `The image is too large to process: ${metadata.width}×${metadata.height} pixels${metadata.depth === "ushort" ? " at 16 bits" : ""}${metadata.isProgressive ? ", interlaced" : ""}. Save it smaller (at most ${decodeBudget.pixels / 1_000_000} megapixels, 8 bits, not interlaced).`,
    );
  }
  const sized = async (input: Buffer, longestSide: number, source: boolean) => {
    const { data, info } = await (source ? sharp(input, options).rotate() : sharp(input))
      .resize({ width: longestSide, height: longestSide, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 82 })
      .timeout({ seconds: decodeBudget.seconds })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  };
  try {
    const full = await sized(bytes, imageSizes.full, true);
    const thumb = await sized(full.bytes, imageSizes.thumb, false);
    return { type, full, thumb };
  } catch (error) {
    const message = (error as Error).message;
    if (/timeout/i.test(message))
      throw new ImageRefused("too-costly", `The image took too long to process (over ${decodeBudget.seconds} seconds). Save it smaller.`);
    throw new ImageRefused("unreadable", `The image could not be read: ${message}`);
  }
}
