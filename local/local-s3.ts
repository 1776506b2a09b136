import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import type { S3Event } from "aws-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { objectCreatedEvent } from "./s3-events.js";

/** s3rver's shape, as far as we use it (the package ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(event: "event", listener: (event: { Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }[] }) => void): void;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/** s3rver's built-in account: it checks the access key id, not the signature. */
const localCredentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface LocalS3 {
  endpoint: string;
  /** An S3 client for it (path-style, its credentials). */
  client: S3Client;
  close(): Promise<void>;
}

/**
 * A local S3 (s3rver, from npm) with the given buckets, keeping its objects under `directory`.
 * When an object is created, `onObjectCreated` gets the notification S3 would send to Lambda
 * (local/s3-events.ts), as the deployed bucket's event notification does for the image function.
 */
export async function startLocalS3({ directory, buckets, port = 0, onObjectCreated }: { directory: string; buckets: string[]; port?: number; onObjectCreated?: (event: S3Event) => Promise<unknown> }): Promise<LocalS3> {
  mkdirSync(directory, { recursive: true });
  const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;
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
  return {
    endpoint,
    client: new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: localCredentials }),
    close: async () => {
      await Promise.allSettled([...pending]);
      await server.close();
    },
  };
}
