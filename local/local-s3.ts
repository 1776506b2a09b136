import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { request } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { S3Event } from "aws-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { objectCreatedEvent } from "./s3-events.js";
import { readBody } from "./read-body.js";
import { parseMultipart, policyProblem } from "./s3-post-policy.js";
import { maxUploadBytes } from "../images/media-keys.js";

/** s3rver's shape, as far as we use it (the package ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(event: "event", listener: (event: { Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }[] }) => void): void;
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
   * What browsers reach (uploads, media): POST uploads are checked against their presigned policy
   * as S3 checks them (s3rver does not), GET/HEAD pass through. Mount it under `prefix`.
   */
  browserHandler(prefix: string): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  credentials: Credentials;
  close(): Promise<void>;
}

const s3Error = (res: ServerResponse, status: number, code: string, message: string): void =>
  void res.writeHead(status, { "content-type": "application/xml" }).end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/[<&]/g, (c) => (c === "<" ? "&lt;" : "&amp;"))}</Message></Error>`);


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
  (require("s3rver/lib/models/account") as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } }).DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
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

  const forward = (req: IncomingMessage, res: ServerResponse, path: string, body?: Buffer) => {
    const upstream = request({ host: address, port: listening, method: req.method, path, headers: { ...req.headers, host: `${address}:${listening}`, ...(body ? { "content-length": String(body.length) } : {}) } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => s3Error(res, 502, "BadGateway", "The local S3 is not answering."));
    if (body) upstream.end(body);
    else req.pipe(upstream);
  };

  const browserHandler = (prefix: string) => async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").slice(prefix.length) || "/";
    const bucket = decodeURIComponent(new URL(path, "http://local").pathname.split("/")[1] ?? "");
    if (req.method === "GET" || req.method === "HEAD") return forward(req, res, path);
    if (req.method !== "POST" || !buckets.includes(bucket) || !String(req.headers["content-type"]).startsWith("multipart/form-data")) return s3Error(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    // The form's fields are small; the file is at most the largest upload any policy allows.
    const body = await readBody(req, maxUploadBytes + 64 * 1024);
    if (!body) return s3Error(res, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
    const problem = policyProblem(parseMultipart(body, String(req.headers["content-type"])), bucket, (id) => (id === localCredentials.accessKeyId ? localCredentials.secretAccessKey : undefined));
    if (problem) return s3Error(res, problem.status, problem.code, problem.message);
    forward(req, res, path, body);
  };

  return {
    endpoint,
    browserHandler,
    credentials: localCredentials,
    client: new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: localCredentials }),
    close: async () => {
      await Promise.allSettled([...pending]);
      await server.close();
    },
  };
}
