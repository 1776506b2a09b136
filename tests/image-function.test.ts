/**
 * The image function as deployed runs it: an object lands in the media bucket's uploads/ (a real
 * local S3, s3rver), S3's notification invokes the handler, which reads the upload, processes it,
 * writes media/<id>/full.webp and thumb.webp, records the outcome in DynamoDB Local and deletes
 * the upload.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { bundleImageFunction } from "../tools/image-bundle.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { ulid } from "ulid";
import { createAttachmentEntity } from "../entities/attachment.js";
import type { AttachmentEntity } from "../entities/attachment.js";
import { createImageFunction } from "../images/image-function.js";
import { imageFunctionTableActions } from "../infra/image-function.js";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mediaKey, uploadKey } from "../media/media-keys.js";
import { startLocalS3 } from "../local/local-s3.js";
import { objectCreatedEvent } from "../local/s3-events.js";
import type { LocalS3 } from "../local/local-s3.js";
import { createTestStore } from "./support/store.js";

const bucket = "board-media";
let s3: LocalS3;
let attachments: AttachmentEntity;
/** The DynamoDB actions the image function itself sent (its own client records them), for its IAM policy. */
const sentByFunction = new Set<string>();

beforeAll(async () => {
  const store = await createTestStore();
  attachments = createAttachmentEntity({ client: store.client, table: store.table });
  const functionClient = new DynamoDBClient({ endpoint: store.endpoint, region: "us-east-1" });
  functionClient.middlewareStack.add(
    (next, context) => (args) => {
      sentByFunction.add(`dynamodb:${String(context.commandName).replace(/Command$/, "")}`);
      return next(args);
    },
    { step: "initialize", name: "recordFunctionCommands" },
  );
  let imageFunction: ReturnType<typeof createImageFunction> | undefined;
  s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), "board-s3-")), buckets: [bucket], onObjectCreated: (event) => imageFunction!(event) });
  imageFunction = createImageFunction({ s3: s3.client, bucket, attachments: createAttachmentEntity({ client: functionClient, table: store.table }) });
});
afterAll(() => s3?.close());

async function prepared(contentType: string): Promise<string> {
  const attachmentId = ulid();
  await attachments
    .create({ attachmentId, status: "uploading", contentType, updatedAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 86_400 })
    .go();
  return attachmentId;
}

async function settled(attachmentId: string) {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const { data } = await attachments.get({ attachmentId }).go({ consistent: true });
    if (data && data.status !== "uploading") return data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`attachment ${attachmentId} was never processed`);
}

const exists = (key: string) =>
  s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    () => false,
  );

describe("the image function, triggered by an upload", () => {
  it("turns a photo into upright WebP sizes without its metadata, records them and deletes the upload", async () => {
    const attachmentId = await prepared("image/jpeg");
    const photo = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 10, g: 120, b: 200 } } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "37/1 33/1 5/1" } })
      .toBuffer();
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: uploadKey(attachmentId), Body: photo, ContentType: "image/jpeg" }));

    const done = await settled(attachmentId);
    expect(done).toMatchObject({ status: "ready", width: 400, height: 600, thumbWidth: 267, thumbHeight: 400 });
    const full = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: mediaKey(attachmentId, "full") }));
    expect(full.ContentType).toBe("image/webp");
    expect(full.CacheControl).toContain("immutable");
    const metadata = await sharp(Buffer.from(await full.Body!.transformToByteArray())).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 400, height: 600 });
    expect(metadata.exif).toBeUndefined();
    expect(await exists(mediaKey(attachmentId, "thumb"))).toBe(true);
    expect(await exists(uploadKey(attachmentId))).toBe(false);
    // Until a post or comment claims it, the lifecycle rule for unattached media may delete it.
    const tags = await s3.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: mediaKey(attachmentId, "full") }));
    expect(tags.TagSet).toEqual([{ Key: "state", Value: "unattached" }]);
  });

  it("refuses a disguised file, says why, writes nothing and deletes the upload", async () => {
    const attachmentId = await prepared("image/jpeg");
    await s3.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: uploadKey(attachmentId),
        Body: "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        ContentType: "image/jpeg",
      }),
    );
    const done = await settled(attachmentId);
    expect(done).toMatchObject({ status: "rejected", reason: "The file is not a JPEG, PNG, WebP or GIF image." });
    const media = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `media/${attachmentId}/` }));
    expect(media.KeyCount ?? 0).toBe(0);
    expect(await exists(uploadKey(attachmentId))).toBe(false);
  });

  it("deletes an upload nobody prepared, and records nothing for it", async () => {
    const attachmentId = ulid();
    const outcomes = await createImageFunction({ s3: s3.client, bucket, attachments })({ Records: [] });
    expect(outcomes).toEqual([]);
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: uploadKey(attachmentId), Body: "x" }));
    for (let waited = 0; waited < 5_000 && (await exists(uploadKey(attachmentId))); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await exists(uploadKey(attachmentId))).toBe(false);
    expect((await attachments.get({ attachmentId }).go()).data).toBeNull();
  });

  it("leaves an upload another run has claimed to that run, and takes one over whose claim lapsed (a crashed run, retried)", async () => {
    const attachmentId = await prepared("image/jpeg");
    const photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 1, g: 2, b: 3 } } })
      .jpeg()
      .toBuffer();
    // A run claimed it a moment ago and crashed before finishing: the upload stays in the bucket.
    const crashedAt = Date.now();
    await attachments
      .patch({ attachmentId })
      .set({ processingUntil: Math.floor(crashedAt / 1000) + 60 })
      .go();
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: uploadKey(attachmentId), Body: photo, ContentType: "image/jpeg" }));
    const event = objectCreatedEvent({ bucket, key: uploadKey(attachmentId), size: photo.length });
    const runAt = (ms: number) => createImageFunction({ s3: s3.client, bucket, attachments, now: () => new Date(crashedAt + ms) })(event);
    // While the claim holds, the event is the other run's: nothing decoded, nothing recorded, the upload left to it.
    expect(await runAt(1_000)).toEqual([{ attachmentId, status: "unknown" }]);
    expect((await attachments.get({ attachmentId }).go({ consistent: true })).data).toMatchObject({ status: "uploading" });
    expect(await exists(uploadKey(attachmentId))).toBe(true);
    // Lambda's retry comes after the claim lapsed: it takes the upload over and finishes it.
    expect(await runAt(61_000)).toEqual([{ attachmentId, status: "ready" }]);
    expect(await exists(uploadKey(attachmentId))).toBe(false);
    // A replay after that finds it done, deletes the stray upload and decodes nothing.
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: uploadKey(attachmentId), Body: photo, ContentType: "image/jpeg" }));
    expect(await runAt(62_000)).toEqual([{ attachmentId, status: "unknown" }]);
    expect(await exists(uploadKey(attachmentId))).toBe(false);
  });

  it("is its own bundle: sharp left out (its linux-arm64 build goes beside it), nothing of the API in it", async () => {
    const { outdir, metafile } = await bundleImageFunction(mkdtempSync(join(tmpdir(), "image-bundle-")), { withLambdaSharp: false });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((input) => /node_modules\/(sharp|@img)\//.test(input))).toEqual([]);
    expect(inputs.filter((input) => /\/api\/(http|routers)\/|@trpc|hono|trpc-to-openapi/.test(input))).toEqual([]);
    const code = readFileSync(join(outdir, "index.mjs"));
    console.info(
      `image function bundle: ${(code.length / 1024).toFixed(0)} KiB, ${(gzipSync(code).length / 1024).toFixed(0)} KiB gzip (plus sharp for linux-arm64)`,
    );
    expect(code.toString()).toMatch(/from"sharp"|from "sharp"/);
  });

  it("sends exactly the DynamoDB actions its IAM policy grants (infra/image-function.ts)", () => {
    expect([...sentByFunction].sort()).toEqual([...imageFunctionTableActions].sort());
  });
});
