/**
 * The image types the board accepts, told by their first bytes — never by a file name or a
 * declared content type, which the uploader controls (an HTML or SVG file named .jpg is not a JPEG).
 */
import { limits } from "../api/limits.js";

export const acceptedImageTypes = limits.image.types;
export type ImageType = (typeof acceptedImageTypes)[number];

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte);
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/** The image type these bytes really are, or undefined when they are none of the accepted ones. */
export function detectImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return undefined;
}
