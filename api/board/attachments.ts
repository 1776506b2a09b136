import type { TransactionEntities } from "../../entities/service.js";
import type { BoardDeps } from "./deps.js";
import { BoardError, rawStoreErrors } from "./errors.js";
import { wasRejected } from "./transactions.js";
import type { CancellationReason } from "./transactions.js";
import type { AttachedImage } from "./views.js";
import type { MediaStore } from "../../media/media-store.js";

/** How long an attachment that is never attached is kept: a day. */
const unattachedSeconds = 24 * 60 * 60;

export const imagesOff = () => new BoardError("SERVICE_UNAVAILABLE", "Images are not enabled on this board.");

export interface ImageRef {
  id: string;
  alt: string;
}

export function createAttachmentOperations(deps: BoardDeps, media: MediaStore | undefined) {
  const { entities } = deps.service;

  return {
    /** A new attachment, waiting for its upload: where and how to upload it. */
    async prepare(input: { contentType: string; size: number }) {
      if (!media) throw imagesOff();
      const attachmentId = deps.newId();
      const now = deps.now();
      await entities.attachment
        .create({
          attachmentId,
          status: "uploading",
          contentType: input.contentType,
          updatedAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + unattachedSeconds,
        })
        .go(rawStoreErrors);
      return { attachmentId, upload: await media.presignUpload(attachmentId, input) };
    },

    /** Whether an upload was processed ("ready", with its sizes), refused ("rejected", and why) or is still on its way. */
    async status(input: { attachmentId: string }) {
      const { data } = await entities.attachment.get(input).go({ ...rawStoreErrors, consistent: true });
      if (!data || data.attachedTo) throw new BoardError("NOT_FOUND", "No such image (or it is already used).");
      const urls = media && data.status === "ready" ? media.urlsOf(data.attachmentId) : undefined;
      return {
        attachmentId: data.attachmentId,
        status: data.status,
        ...(data.reason ? { reason: data.reason } : {}),
        ...(data.reasonCode ? { reasonCode: data.reasonCode } : {}),
        ...(urls ? { thumbUrl: urls.thumbUrl } : {}),
      };
    },

    /**
     * The images these references name, as the post or comment will store them: each must be an
     * upload that finished processing and is not used yet. Otherwise a 400 says which and why.
     */
    async resolve(refs: ImageRef[]): Promise<AttachedImage[]> {
      if (refs.length === 0) return [];
      if (!media) throw imagesOff();
      const found = await Promise.all(refs.map((ref) => entities.attachment.get({ attachmentId: ref.id }).go({ ...rawStoreErrors, consistent: true })));
      const issues = refs.flatMap((_ref, index) => {
        const data = found[index]!.data;
        const problem =
          !data || data.attachedTo
            ? "No such image: upload it first (or it is already used)."
            : data.status === "uploading"
              ? "This image is still being processed: try again in a moment."
              : data.status === "rejected"
                ? `This image was refused: ${data.reason ?? "it could not be read"}`
                : undefined;
        return problem ? [{ path: `attachments.${index}.id`, message: problem }] : [];
      });
      if (new Set(refs.map((ref) => ref.id)).size !== refs.length) issues.push({ path: "attachments", message: "The same image is attached twice." });
      if (issues.length > 0) throw new BoardError("BAD_REQUEST", issues[0]!.message, issues);
      return refs.map((ref, index) => {
        const data = found[index]!.data!;
        return {
          attachmentId: ref.id,
          alt: ref.alt,
          ...media.urlsOf(ref.id),
          width: data.width!,
          height: data.height!,
          thumbWidth: data.thumbWidth!,
          thumbHeight: data.thumbHeight!,
        };
      });
    },

    /** Transaction items claiming the images for their owner: only if still ready and unclaimed. */
    claim(entities: TransactionEntities, images: AttachedImage[], owner: string) {
      return images.map(({ attachmentId }) =>
        entities.attachment
          .patch({ attachmentId })
          .set({ attachedTo: owner, updatedAt: deps.now().toISOString() })
          .remove(["expiresAt"])
          .where(({ status, attachedTo }, { eq, notExists }) => `${eq(status, "ready")} AND ${notExists(attachedTo)}`)
          .commit(),
      );
    },

    /**
     * The 400 when a claim (placed in a transaction from `firstIndex` on) was refused: someone else
     * claimed one of the images between the check and the write. Undefined when none was refused.
     */
    claimRefused(reasons: CancellationReason[], firstIndex: number, images: AttachedImage[]): BoardError | undefined {
      if (!images.some((_, index) => wasRejected(reasons, firstIndex + index))) return undefined;
      return new BoardError("BAD_REQUEST", "One of the images is already used.", [{ path: "attachments", message: "One of the images is already used." }]);
    },

    markAttached: (images: AttachedImage[]) => (images.length > 0 && media ? media.markAttached(images.map((image) => image.attachmentId)) : Promise.resolve()),

    /** The images of a deleted post or comment: their files and their records. */
    async release(images: AttachedImage[]) {
      if (images.length === 0) return;
      await media?.deleteMedia(images.map((image) => image.attachmentId));
      await entities.attachment.delete(images.map(({ attachmentId }) => ({ attachmentId }))).go(rawStoreErrors);
    },
  };
}

export type AttachmentOperations = ReturnType<typeof createAttachmentOperations>;
