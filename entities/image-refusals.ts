/**
 * Why the image function refuses a file: not an image, not the declared type, over the upload
 * size, over the decoding budget, damaged. A leaf module: the attachment entity stores the code,
 * and the API, client and web board (through api/limits.ts) word it.
 */
export const imageRefusalReasons = ["not-an-image", "wrong-type", "too-large", "too-costly", "unreadable"] as const;
