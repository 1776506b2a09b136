import { limits } from "../api/limits.js";

/**
 * Where an attachment's bytes live in the media bucket: the browser's upload under `uploads/`
 * (the image function's trigger, and a lifecycle rule's target), the processed sizes under
 * `media/<id>/` (served by CloudFront at /media/…). One home for the layout.
 */
export const uploadPrefix = "uploads/";
export const mediaPrefix = "media/";
export const uploadKey = (attachmentId: string) => `${uploadPrefix}${attachmentId}`;
export const mediaKey = (attachmentId: string, size: "full" | "thumb") => `${mediaPrefix}${attachmentId}/${size}.webp`;

const attachmentIdPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const mediaSizes = ["full", "thumb"] as const;

/**
 * The media key a site path names, taken only in its one exact spelling (`/media/<id>/<size>.webp`,
 * nothing encoded): any other path — `..` in any encoding, a NUL, another file — names none.
 */
export function mediaKeyOfPath(rawPath: string): string | undefined {
  const [, id = "", size = ""] = /^\/media\/([^/]+)\/([^/.]+)\.webp$/.exec(rawPath) ?? [];
  return attachmentIdPattern.test(id) && (mediaSizes as readonly string[]).includes(size) ? mediaKey(id, size as (typeof mediaSizes)[number]) : undefined;
}

/** The attachment an upload's key names, if it is one (S3 event keys arrive URL-encoded, spaces as +). */
export function attachmentIdOfUpload(eventKey: string): string | undefined {
  const key = decodeURIComponent(eventKey.replace(/\+/g, " "));
  const id = key.startsWith(uploadPrefix) ? key.slice(uploadPrefix.length) : "";
  return attachmentIdPattern.test(id) ? id : undefined;
}

/** The tag the lifecycle rule reads: processed images nobody attached are deleted after a day. */
export const lifecycleTag = { key: "state", unattached: "unattached", attached: "attached" } as const;

/** The site path (CloudFront's /media/* behaviour) of an attachment's processed size. */
export const mediaPath = (attachmentId: string, size: "full" | "thumb") => `/${mediaKey(attachmentId, size)}`;

/** The largest upload accepted (also the presigned upload's condition): 10 MB. */
export const maxUploadBytes = limits.image.uploadBytes.max;
