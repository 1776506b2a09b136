import type { MediaStore } from "../media/media-store.js";
import type { Config } from "./config.js";
import { mediaPath } from "../media/media-keys.js";

/**
 * The media bucket, when the board has one: its S3 client is a chunk loaded on the first image
 * request, so the function's cold path carries neither the S3 client nor anything of images.
 */
export function lazyMediaStore(config: Pick<Config, "mediaBucket" | "mediaUploadUrl" | "region">): MediaStore | undefined {
  const bucket = config.mediaBucket;
  if (!bucket) return undefined;
  let store: Promise<Omit<MediaStore, "urlsOf">> | undefined;
  const load = () =>
    (store ??= import("../media/s3-media-store.js").then(({ createMediaStore }) =>
      createMediaStore({ bucket, region: config.region, uploadUrl: config.mediaUploadUrl }),
    ));
  return {
    presignUpload: async (id, upload) => (await load()).presignUpload(id, upload),
    urlsOf: (id) => ({ url: mediaPath(id, "full"), thumbUrl: mediaPath(id, "thumb") }),
    markAttached: async (ids) => (await load()).markAttached(ids),
    deleteMedia: async (ids) => (await load()).deleteMedia(ids),
  };
}
