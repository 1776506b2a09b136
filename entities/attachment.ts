import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { imageRefusalReasons } from "./image-refusals.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey, ttlAttribute } = tableDefinition;

/**
 * An image someone uploads for a post or comment: prepared (a presigned upload under
 * `uploads/<attachmentId>`), then processed by the image function into `media/<attachmentId>/…`
 * ("ready", with its sizes) or refused ("rejected", with the reason in plain words). Until it is
 * attached it expires (DynamoDB's TTL), so abandoned uploads leave nothing behind.
 */
export const attachmentSchema = trustedModel({
  model: { entity: "attachment", version: "1", service: "board" },
  attributes: {
    attachmentId: { type: "string", required: true, readOnly: true },
    status: { type: ["uploading", "ready", "rejected"] as const, required: true },
    /** The type declared when the upload was prepared (the processor checks the bytes against it). */
    contentType: { type: "string", required: true, readOnly: true },
    reason: { type: "string" },
    /** Why it was refused, as a code the board words in each language. */
    reasonCode: { type: imageRefusalReasons },
    /**
     * While the image function works on the upload: until when (epoch seconds) its claim holds. A
     * replayed upload form finds it claimed and does nothing; a crashed run's claim lapses, so
     * Lambda's retry can take it over.
     */
    processingUntil: { type: "number" },
    width: { type: "number" },
    height: { type: "number" },
    bytes: { type: "number" },
    thumbWidth: { type: "number" },
    thumbHeight: { type: "number" },
    /** The post or comment it belongs to, once attached (`post#<id>` or `comment#<postId>#<id>`); an image is used once. */
    attachedTo: { type: "string" },
    updatedAt: { type: "string", required: true },
    [ttlAttribute]: { type: "number" },
  },
  indexes: {
    byId: {
      pk: { field: partitionKey, composite: ["attachmentId"], template: "attachment#${attachmentId}", casing: "none" },
      sk: { field: sortKey, composite: [], template: "attachment", casing: "none" },
    },
  },
} as const);

/**
 * How a post or comment keeps the images it shows: written once when it is created (from the
 * attachments it names, once processed), never changed. Items written before images existed have
 * none: the attribute is optional.
 */
export const attachedImagesAttribute = {
  type: "list",
  readOnly: true,
  items: {
    type: "map",
    properties: {
      attachmentId: { type: "string", required: true },
      alt: { type: "string", required: true },
      url: { type: "string", required: true },
      thumbUrl: { type: "string", required: true },
      width: { type: "number", required: true },
      height: { type: "number", required: true },
      thumbWidth: { type: "number", required: true },
      thumbHeight: { type: "number", required: true },
    },
  },
} as const;

export function createAttachmentEntity(config: EntityConfiguration) {
  return trustedEntity(new Entity(attachmentSchema, config));
}

export type AttachmentEntity = ReturnType<typeof createAttachmentEntity>;
