import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, PutObjectTaggingCommand } from "@aws-sdk/client-s3";
import type { S3Client } from "@aws-sdk/client-s3";
import type { AttachmentEntity } from "../entities/attachment.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";
import { lifecycleTag, maxUploadBytes, mediaKey, uploadKey } from "../media/media-keys.js";
import { ImageRefused, processImage } from "./process.js";
import type { ProcessedImage, RefusalReason } from "./process.js";
import { imageFunctionTimeoutSeconds } from "./function-settings.js";

export interface UploadProcessorDeps {
  s3: S3Client;
  bucket: string;
  attachments: AttachmentEntity;
  now?: () => Date;
}

export type UploadOutcome = { attachmentId: string; status: "ready" | "rejected" | "unknown"; reason?: string };

/**
 * How long a claim on an upload holds: twice the function's timeout, so a run still working is
 * never overtaken, and a crashed one is retried by Lambda's next attempt (a minute or more later).
 */
const claimSeconds = 2 * imageFunctionTimeoutSeconds;

/**
 * One upload, start to finish: claim it (so it is decoded once, however often its presigned form
 * is replayed), read it, check and process it, write the two sizes, record the outcome on its
 * attachment (so the board can tell "processing" from "rejected"), and delete the upload. An
 * upload nobody prepared, or one already dealt with, is deleted and recorded nowhere; one another
 * run is working on is left to that run.
 */
export async function processUpload(deps: UploadProcessorDeps, attachmentId: string): Promise<UploadOutcome> {
  const clock = deps.now ?? (() => new Date());
  const now = () => clock().toISOString();
  const upload = { Bucket: deps.bucket, Key: uploadKey(attachmentId) };
  const claim = await claimUpload();
  if (!claim) {
    const { data } = await deps.attachments.get({ attachmentId }).go({ ...rawStoreErrors, consistent: true, attributes: ["status", "processingUntil"] });
    const beingProcessed = data?.status === "uploading" && (data.processingUntil ?? 0) >= nowSeconds();
    if (!beingProcessed) await deps.s3.send(new DeleteObjectCommand(upload));
    return { attachmentId, status: "unknown" };
  }
  try {
    const object = await deps.s3.send(new GetObjectCommand(upload));
    if ((object.ContentLength ?? 0) > maxUploadBytes)
      return await record({ status: "rejected", reasonCode: "too-large", reason: "The file is larger than 10 MB." });
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    let processed: ProcessedImage;
    try {
      processed = await processImage(bytes, claim.contentType);
    } catch (error) {
      if (error instanceof ImageRefused) return await record({ status: "rejected", reasonCode: error.reasonCode, reason: error.message });
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
    return await record({
      status: "ready",
      width: processed.full.width,
      height: processed.full.height,
      bytes: processed.full.bytes.length,
      thumbWidth: processed.thumb.width,
      thumbHeight: processed.thumb.height,
    });
  } finally {
    await deps.s3.send(new DeleteObjectCommand(upload));
  }

  function nowSeconds() {
    return Math.floor(clock().getTime() / 1000);
  }

  /** The attachment, claimed for this run (one conditional write), or undefined if it is not this run's to process. */
  async function claimUpload(): Promise<{ contentType: string; until: number } | undefined> {
    const current = nowSeconds();
    const until = current + claimSeconds;
    try {
      const { data } = await deps.attachments
        .patch({ attachmentId })
        .set({ processingUntil: until, updatedAt: now() })
        .where(
          ({ status, processingUntil }, { eq, notExists, lt }) =>
            `${eq(status, "uploading")} AND (${notExists(processingUntil)} OR ${lt(processingUntil, current)})`,
        )
        .go({ ...rawStoreErrors, response: "all_new" });
      return { contentType: (data as { contentType: string }).contentType, until };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      return undefined;
    }
  }

  async function record(outcome: {
    status: "ready" | "rejected";
    reason?: string;
    reasonCode?: RefusalReason;
    width?: number;
    height?: number;
    bytes?: number;
    thumbWidth?: number;
    thumbHeight?: number;
  }): Promise<UploadOutcome> {
    try {
      // Only while this run's claim holds (a run that overran it has been overtaken).
      await deps.attachments
        .patch({ attachmentId })
        .set({ ...outcome, updatedAt: now() })
        .remove(["processingUntil"])
        .where(({ status, processingUntil }, { eq }) => `${eq(status, "uploading")} AND ${eq(processingUntil, claim!.until)}`)
        .go(rawStoreErrors);
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      return { attachmentId, status: "unknown" };
    }
    return { attachmentId, status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) };
  }
}
