import type { IncomingMessage, ServerResponse } from "node:http";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { LocalS3 } from "./local-s3.js";
import { mediaKeyOfPath } from "../media/media-keys.js";

/** Where the local server mounts the local S3's front door (uploads go there, as to the bucket on AWS). */
export const localS3Prefix = "/local-s3";

/**
 * The media routes of the local server, as CloudFront and S3 serve them when deployed: uploads
 * (POST, checked against their presigned policy) under /local-s3/, processed images at
 * /media/<id>/<size>.webp — read from the bucket by that exact key, never by a path handed on, so
 * no spelling of `..` reaches an upload or anything else. Answers false for anything else.
 */
export function mediaRoutes(s3: LocalS3, bucket: string): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const uploads = s3.uploadHandler(localS3Prefix);
  return async (req, res) => {
    const rawPath = (req.url ?? "/").split("?")[0]!;
    if (rawPath === localS3Prefix || rawPath.startsWith(`${localS3Prefix}/`)) {
      await uploads(req, res).catch((error: unknown) => {
        console.error(JSON.stringify({ level: "error", msg: "local upload failed", error: String(error) }));
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/xml" }).end("<Error><Code>InternalError</Code></Error>");
      });
      return true;
    }
    if (!rawPath.startsWith("/media/")) return false;
    const key = mediaKeyOfPath(rawPath);
    if ((req.method !== "GET" && req.method !== "HEAD") || !key) {
      notFound(res);
      return true;
    }
    try {
      const object = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      res.writeHead(200, {
        "content-type": object.ContentType ?? "application/octet-stream",
        "content-length": String(object.ContentLength ?? 0),
        "cache-control": object.CacheControl ?? "no-cache",
        ...(object.ETag ? { etag: object.ETag } : {}),
        "x-content-type-options": "nosniff",
      });
      if (req.method === "HEAD") res.end();
      else res.end(Buffer.from(await object.Body!.transformToByteArray()));
    } catch (error) {
      if ((error as { name?: string }).name !== "NoSuchKey")
        console.error(JSON.stringify({ level: "error", msg: "local media read failed", key, error: String(error) }));
      notFound(res);
    }
    return true;
  };
}

const notFound = (res: ServerResponse) => void res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
