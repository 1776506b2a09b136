import { DeleteObjectsCommand, PutObjectTaggingCommand, S3Client } from "@aws-sdk/client-s3";
import type { MediaStore } from "./media-store.js";
import { lifecycleTag, mediaKey } from "./media-keys.js";
import { presignUpload } from "./presigned-upload.js";

/**
 * The media bucket as the API uses it: presigned uploads, the tags of processed images, and their
 * deletion. `uploadUrl` replaces the bucket's own address in uploads (the local S3's front door,
 * which checks policies as S3 does).
 */
export function createMediaStore({
  bucket,
  region,
  uploadUrl,
}: {
  bucket: string;
  region: string;
  uploadUrl?: string | undefined;
}): Omit<MediaStore, "urlsOf"> {
  // Path-style when pointed at a local S3 (AWS_ENDPOINT_URL_S3), as the SDK reads that variable itself.
  const s3 = new S3Client({ region, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
  const keys = (ids: string[]) => ids.flatMap((id) => [mediaKey(id, "full"), mediaKey(id, "thumb")]);
  return {
    async presignUpload(attachmentId, upload) {
      const presigned = await presignUpload(s3, bucket, attachmentId, upload);
      return uploadUrl ? { ...presigned, url: `${uploadUrl.replace(/\/$/, "")}/${bucket}` } : presigned;
    },
    async markAttached(attachmentIds) {
      await Promise.all(
        keys(attachmentIds).map((Key) =>
          s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key, Tagging: { TagSet: [{ Key: lifecycleTag.key, Value: lifecycleTag.attached }] } })),
        ),
      );
    },
    async deleteMedia(attachmentIds) {
      if (attachmentIds.length === 0) return;
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys(attachmentIds).map((Key) => ({ Key })), Quiet: true } }));
    },
  };
}
