import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, PutObjectTaggingCommand } from "@aws-sdk/client-s3";
import type { S3Client } from "@aws-sdk/client-s3";
import type { AttachmentEntity } from "../entities/attachment.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";
import { lifecycleTag, maxUploadBytes, mediaKey, uploadKey } from "./media-keys.js";
import { ImageRefused, processImage } from "./process.js";

export interface UploadProcessorDeps {
  s3: S3Client;
  bucket: string;
  attachments: AttachmentEntity;
  now?: () => Date;
}

export type UploadOutcome = { attachmentId: string; status: "ready" | "rejected" | "unknown"; reason?: string };

/**
 * One upload, start to finish: read it, check and process it, write the two sizes, record the
 * outcome on its attachment (so the board can tell "processing" from "rejected"), and delete the
 * upload whatever happened. An upload nobody prepared (or whose attachment expired) is deleted
 * and recorded nowhere.
 */
export async function processUpload(deps: UploadProcessorDeps, attachmentId: string): Promise<UploadOutcome> {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const { data: attachment } = await deps.attachments.get({ attachmentId }).go({ ...rawStoreErrors, consistent: true });
  const upload = { Bucket: deps.bucket, Key: uploadKey(attachmentId) };
  try {
    if (!attachment || attachment.status !== "uploading") return { attachmentId, status: "unknown" };
    const object = await deps.s3.send(new GetObjectCommand(upload));
    if ((object.ContentLength ?? 0) > maxUploadBytes) return await record({ status: "rejected", reason: "The file is larger than 10 MB." });
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    let processed;
    try {
      processed = await processImage(bytes, attachment.contentType);
    } catch (error) {
      if (error instanceof ImageRefused) return await record({ status: "rejected", reason: error.message });
      throw error;
    }
    const immutable = "public, max-age=31536000, immutable";
    // Tagged "unattached" (the lifecycle rule's target) until a post or comment claims it. The tag is
    // put separately rather than with the object: the local S3 (s3rver) ignores tags sent with a PUT.
    await Promise.all(
      (["full", "thumb"] as const).map(async (size) => {
        const object = { Bucket: deps.bucket, Key: mediaKey(attachmentId, size) };
        await deps.s3.send(new PutObjectCommand({ ...object, Body: processed[size].bytes, ContentType: "image/webp", CacheControl: immutable }));
        await deps.s3.send(new PutObjectTaggingCommand({ ...object, Tagging: { TagSet: [{ Key: lifecycleTag.key, Value: lifecycleTag.unattached }] } }));
      }),
    );
    return await record({ status: "ready", width: processed.full.width, height: processed.full.height, bytes: processed.full.bytes.length, thumbWidth: processed.thumb.width, thumbHeight: processed.thumb.height });
  } finally {
    await deps.s3.send(new DeleteObjectCommand(upload));
  }

  async function record(outcome: { status: "ready" | "rejected"; reason?: string; width?: number; height?: number; bytes?: number; thumbWidth?: number; thumbHeight?: number }): Promise<UploadOutcome> {
    try {
      // Only an attachment still waiting for its upload changes (a retried event finds it done).
      await deps.attachments
        .patch({ attachmentId })
        .set({ ...outcome, updatedAt: now() })
        .where(({ status }, { eq }) => eq(status, "uploading"))
        .go(rawStoreErrors);
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      return { attachmentId, status: "unknown" };
    }
    return { attachmentId, status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) };
  }
}
