import type { IncomingMessage, ServerResponse } from "node:http";
import type { LocalS3 } from "./local-s3.js";

/** Where the local server mounts the local S3's front door (uploads go there, as to the bucket on AWS). */
export const localS3Prefix = "/local-s3";

/**
 * The media routes of the local server, as CloudFront and S3 serve them when deployed: uploads
 * (POST, checked against their presigned policy) under /local-s3/, processed images at /media/…
 * (read from the bucket's media/ prefix). Answers false for anything else.
 */
export function mediaRoutes(s3: LocalS3, bucket: string): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const front = s3.browserHandler(localS3Prefix);
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    if (path === localS3Prefix || path.startsWith(`${localS3Prefix}/`)) {
      await front(req, res);
      return true;
    }
    if ((req.method === "GET" || req.method === "HEAD") && path.startsWith("/media/")) {
      req.url = `${localS3Prefix}/${bucket}${path}`;
      await front(req, res);
      return true;
    }
    return false;
  };
}
