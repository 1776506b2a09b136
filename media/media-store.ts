/**
 * Uploading and serving images: the media bucket as the board's operations see it, a port so the
 * domain knows no S3 (media/s3-media-store.ts is the S3 side; the API loads it lazily).
 */
export interface MediaStore {
  /** A presigned upload for this attachment, enforced by the bucket itself. */
  presignUpload(
    attachmentId: string,
    upload: { contentType: string; size: number },
  ): Promise<{ url: string; fields: Record<string, string>; expiresAt: string }>;
  /** The site paths its processed sizes are served at. */
  urlsOf(attachmentId: string): { url: string; thumbUrl: string };
  /** Marks the processed images as in use, so the lifecycle rule for unused ones leaves them. */
  markAttached(attachmentIds: string[]): Promise<void>;
  /** Deletes the processed images. */
  deleteMedia(attachmentIds: string[]): Promise<void>;
}
