import type { AttachmentEntity } from "../entities/attachment.js";
import type { CommentEntity } from "../entities/comment.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";
import type { MediaStore } from "../media/media-store.js";

export interface OrphanDeps {
  comment: CommentEntity;
  attachment: AttachmentEntity;
  media?: Pick<MediaStore, "deleteMedia"> | undefined;
}

/**
 * A comment written while its post was being deleted (the API checked the post, then the post's
 * delete swept its comments before this one landed): removed, with its images, as the post's
 * delete would have. Idempotent: a comment already gone is left gone.
 */
export async function removeOrphanComment(deps: OrphanDeps, key: { postId: string; commentId: string }): Promise<boolean> {
  const { data } = await deps.comment.get(key).go({ ...rawStoreErrors, consistent: true, attributes: ["postId", "commentId", "attachments"] });
  if (!data) return false;
  const attachmentIds = (data.attachments ?? []).map((image) => image.attachmentId);
  if (attachmentIds.length > 0) {
    await deps.media?.deleteMedia(attachmentIds);
    await deps.attachment.delete(attachmentIds.map((attachmentId) => ({ attachmentId }))).go(rawStoreErrors);
  }
  try {
    await deps.comment.remove(key).go(rawStoreErrors);
  } catch (error) {
    if (!isConditionalCheckFailure(error)) throw error;
  }
  return true;
}
