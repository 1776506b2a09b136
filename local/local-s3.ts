import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { S3Event } from "aws-lambda";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { objectCreatedEvent } from "./s3-events.js";
import { readBody } from "./read-body.js";
import { parseMultipart, policyProblem } from "./s3-post-policy.js";
import { maxUploadBytes } from "../media/media-keys.js";

/** s3rver's shape, as far as we use it (the package ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(
    event: "event",
    listener: (event: { Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }[] }) => void,
  ): void;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface LocalS3 {
  /** s3rver itself, for the functions' own S3 calls. */
  endpoint: string;
  /** An S3 client for it (path-style, its credentials). */
  client: S3Client;
  /**
   * The one thing browsers may do to the bucket: a presigned POST upload to `<prefix>/<bucket>`,
   * checked against its policy as S3 checks it (s3rver does not) and stored exactly as checked.
   * Every other request — reads, listings, query-string operations — is refused.
   */
  uploadHandler(prefix: string): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  credentials: Credentials;
  close(): Promise<void>;
}

const s3Error = (res: ServerResponse, status: number, code: string, message: string): void =>
  void res
    .writeHead(status, { "content-type": "application/xml" })
    .end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/[<&]/g, (c) => (c === "<" ? "&lt;" : "&amp;"))}</Message></Error>`,
    );

/**
 * A local S3 (s3rver, from npm) with the given buckets, keeping its objects under `directory`.
 * When an object is created, `onObjectCreated` gets the notification S3 would send to Lambda
 * (local/s3-events.ts), as the deployed bucket's event notification does for the image function.
 */
export async function startLocalS3({
  directory,
  buckets,
  port = 0,
  onObjectCreated,
  credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "local", secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "local" },
}: {
  directory: string;
  buckets: string[];
  port?: number;
  onObjectCreated?: (event: S3Event) => Promise<unknown>;
  /** The keys local code signs with (s3rver knows only its own unless told; the upload check verifies with these). */
  credentials?: Credentials;
}): Promise<LocalS3> {
  mkdirSync(directory, { recursive: true });
  const require = createRequire(import.meta.url);
  const S3rver = require("s3rver") as S3rverConstructor;
  (require("s3rver/lib/models/account") as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } }).DUMMY_ACCOUNT.createKeyPair(
    credentials.accessKeyId,
    credentials.secretAccessKey,
  );
  const localCredentials = credentials;
  const server = new S3rver({ address: "127.0.0.1", port, directory, silent: true, configureBuckets: buckets.map((name) => ({ name })) });
  const pending = new Set<Promise<unknown>>();
  server.on("event", (notification) => {
    for (const record of notification.Records) {
      if (!record.eventName.startsWith("ObjectCreated") || !onObjectCreated) continue;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
      const work = onObjectCreated(objectCreatedEvent({ bucket: record.s3.bucket.name, key, size: record.s3.object.size ?? 0, eventName: record.eventName }))
        .catch((error: unknown) => console.error(JSON.stringify({ level: "error", msg: "local S3 notification failed", key, error: String(error) })))
        .finally(() => pending.delete(work));
      pending.add(work);
    }
  });
  const { address, port: listening } = await server.run();
  const endpoint = `http://${address}:${listening}`;

  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: localCredentials });
  const notAllowed = (res: ServerResponse) => s3Error(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");

  const uploadHandler = (prefix: string) => async (req: IncomingMessage, res: ServerResponse) => {
    const url = (req.url ?? "/").slice(prefix.length);
    const bucket = buckets.find((name) => url === `/${name}` || url === `/${name}/`);
    if (req.method !== "POST" || !bucket) return notAllowed(res);
    const contentType = String(req.headers["content-type"] ?? "");
    if (!contentType.toLowerCase().startsWith("multipart/form-data"))
      return s3Error(res, 412, "PreconditionFailed", "Bucket POST must be of the enclosure-type multipart/form-data.");
    // The form's fields are small; the file is at most the largest upload any policy allows.
    const body = await readBody(req, maxUploadBytes + 64 * 1024);
    if (!body) return s3Error(res, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
    const form = parseMultipart(body, contentType);
    if ("status" in form) return s3Error(res, form.status, form.code, form.message);
    const problem = policyProblem(form, bucket, (id) => (id === localCredentials.accessKeyId ? localCredentials.secretAccessKey : undefined));
    if (problem) return s3Error(res, problem.status, problem.code, problem.message);
    // Stored by us, from the very fields the policy was checked against: s3rver never reads the form.
    const contentTypeField = form.fields.get("content-type");
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: form.fields.get("key"), Body: form.file, ...(contentTypeField ? { ContentType: contentTypeField } : {}) }),
    );
    res.writeHead(204).end();
  };

  return {
    endpoint,
    uploadHandler,
    credentials: localCredentials,
    client,
    close: async () => {
      await Promise.allSettled([...pending]);
      await server.close();
    },
  };
}
