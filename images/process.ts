import sharp from "sharp";
import { detectImageType } from "./image-types.js";
import type { ImageType } from "./image-types.js";

/** The sizes the board serves: the full image and its thumbnail, longest side at most this many pixels. */
export const imageSizes = { full: 2048, thumb: 400 } as const;
/** Larger pictures are refused before they are decoded (a small file can claim a huge canvas). */
export const maxInputPixels = 50_000_000;

export interface ProcessedImage {
  type: ImageType;
  full: { bytes: Buffer; width: number; height: number };
  thumb: { bytes: Buffer; width: number; height: number };
}

export class ImageRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImageRefused";
  }
}

/**
 * An uploaded file made safe to show: its real type checked from its bytes, turned upright by its
 * EXIF orientation, every piece of metadata dropped (location above all: sharp writes none unless
 * asked), and written as WebP at two sizes. Animated GIFs keep their first frame.
 */
export async function processImage(bytes: Buffer, declaredType?: string): Promise<ProcessedImage> {
  const type = detectImageType(bytes);
  if (!type) throw new ImageRefused("The file is not a JPEG, PNG, WebP or GIF image.");
  if (declaredType !== undefined && declaredType !== type) throw new ImageRefused(`The file is a ${type}, not the ${declaredType} it was uploaded as.`);
  const source = () => sharp(bytes, { limitInputPixels: maxInputPixels, failOn: "error" }).rotate();
  const sized = async (longestSide: number) => {
    const { data, info } = await source()
      .resize({ width: longestSide, height: longestSide, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  };
  try {
    const [full, thumb] = await Promise.all([sized(imageSizes.full), sized(imageSizes.thumb)]);
    return { type, full, thumb };
  } catch (error) {
    // Decoding failed: a damaged file, or one over the pixel limit.
    throw new ImageRefused(`The image could not be read: ${(error as Error).message}`);
  }
}
