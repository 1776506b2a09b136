import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import type { S3Client } from "@aws-sdk/client-s3";
import { uploadKey } from "./media-keys.js";

/** How long a prepared upload may be used. */
export const uploadWindowSeconds = 5 * 60;

export interface PresignedUpload {
  /** POST a multipart form here: the fields first, then the file as `file`. */
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

/**
 * A browser upload straight to the media bucket: a presigned POST whose policy S3 itself enforces
 * — this one key, exactly this content type, exactly the declared size — for five minutes. Nothing
 * large passes through API Gateway or the API function.
 */
export async function presignUpload(
  s3: S3Client,
  bucket: string,
  attachmentId: string,
  upload: { contentType: string; size: number },
  now = new Date(),
): Promise<PresignedUpload> {
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: bucket,
    Key: uploadKey(attachmentId),
    Conditions: [
      ["content-length-range", upload.size, upload.size],
      ["eq", "$Content-Type", upload.contentType],
    ],
    Fields: { "Content-Type": upload.contentType },
    Expires: uploadWindowSeconds,
  });
  return { url, fields, expiresAt: new Date(now.getTime() + uploadWindowSeconds * 1000).toISOString() };
}
