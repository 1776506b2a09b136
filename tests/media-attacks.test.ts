/**
 * The image flow attacked as an attacker would: crafted multipart forms against the local S3's
 * front door, query-string operations, anonymous listing and path tricks on /media, replayed
 * upload forms. Real pieces throughout: the API behind the API Gateway emulation, s3rver behind
 * the front door, the image function on S3's notifications, DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createAttachmentEntity } from "../entities/attachment.js";
import { createImageFunction } from "../images/image-function.js";
import { mediaKey, uploadKey } from "../media/media-keys.js";
import type { UploadOutcome } from "../images/upload-processor.js";
import { startLocalS3 } from "../local/local-s3.js";
import type { LocalS3 } from "../local/local-s3.js";
import { startApiServer } from "./support/api-server.js";
import type { ApiServer } from "./support/api-server.js";
import { createTestStore } from "./support/store.js";
import { postUpload, processedStatus, readyImage, testJpeg } from "./support/images.js";

const bucket = "board-media-attacks";
let s3: LocalS3;
let api: ApiServer;
/** The image function's reads of uploads: one per decode it starts. */
let uploadReads = 0;
const outcomes: UploadOutcome[] = [];

beforeAll(async () => {
  const store = await createTestStore();
  const attachments = createAttachmentEntity({ client: store.client, table: store.table });
  let imageFunction: ReturnType<typeof createImageFunction> | undefined;
  s3 = await startLocalS3({
    directory: mkdtempSync(join(tmpdir(), "board-attacks-")),
    buckets: [bucket],
    onObjectCreated: async (event) => outcomes.push(...(await imageFunction!(event))),
  });
  const counted = new S3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: s3.credentials });
  counted.middlewareStack.add((next, context) => (args) => {
    if (context.commandName === "GetObjectCommand") uploadReads += 1;
    return next(args);
  });
  imageFunction = createImageFunction({ s3: counted, bucket, attachments });
  api = await startApiServer(store, { media: { s3, bucket } });
});
afterAll(async () => {
  await api?.close();
  await s3?.close();
});

async function prepare(file: Buffer, contentType = "image/jpeg") {
  const response = await fetch(`${api.url}/api/attachments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ contentType, size: file.length }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { attachmentId: string; upload: { url: string; fields: Record<string, string> } };
}

/** A multipart form with exactly these parts, in this order (a browser's FormData cannot repeat or reorder as an attacker can). */
function craftedForm(parts: ({ name: string; value: string } | { name: string; file: Buffer; type?: string })[]) {
  const boundary = "----attack7MA4YWxkTrZu0gW";
  const chunks = parts.flatMap((part) =>
    "file" in part
      ? [
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="x"\r\nContent-Type: ${part.type ?? "application/octet-stream"}\r\n\r\n`,
          ),
          part.file,
          Buffer.from("\r\n"),
        ]
      : [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`)],
  );
  return { body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A raw HTTP request: the path goes out exactly as written (fetch would normalise `..` and `%2e`). */
function raw(method: string, path: string, body?: { body: Buffer; contentType: string }): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, method, path, headers: body ? { "content-type": body.contentType, "content-length": String(body.body.length) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body?.body);
  });
}

const uploadPath = (url: string) => new URL(url).pathname;
const exists = (key: string) =>
  s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    () => false,
  );
const fieldsOf = (fields: Record<string, string>) => Object.entries(fields).map(([name, value]) => ({ name, value }));

describe("the local S3's front door reads the form once, as S3 does", () => {
  it("takes a repeated field's first value, in any case: a second key cannot choose where the file goes", async () => {
    const victim = await readyImage(api.url, await testJpeg());
    const file = Buffer.from("<script>document.title='owned'</script>");
    const { attachmentId, upload } = await prepare(file);
    const before = await (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: mediaKey(victim, "full") }))).Body!.transformToByteArray();
    const { key, ...rest } = upload.fields;
    for (const order of [
      [
        { name: "key", value: mediaKey(victim, "full") },
        { name: "KEY", value: key! },
      ],
      [
        { name: "key", value: "../../outside" },
        { name: "key", value: key! },
      ],
    ]) {
      const form = craftedForm([...order, ...fieldsOf(rest), { name: "file", file }]);
      const answer = await raw("POST", uploadPath(upload.url), form);
      expect(answer.status).toBe(403);
      expect(answer.text).toContain("Policy Condition failed");
    }
    const after = await (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: mediaKey(victim, "full") }))).Body!.transformToByteArray();
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
    expect(await exists(uploadKey(attachmentId))).toBe(false);
    expect(await exists("../../outside")).toBe(false);
    // Nor can a second Content-Type make the stored object HTML: first, it fails the policy; after, it is not read.
    const htmlFirst = craftedForm([{ name: "content-type", value: "text/html" }, ...fieldsOf(upload.fields), { name: "file", file }]);
    expect((await raw("POST", uploadPath(upload.url), htmlFirst)).status).toBe(403);
    const htmlAfter = craftedForm([...fieldsOf(upload.fields), { name: "CONTENT-TYPE", value: "text/html" }, { name: "file", file }]);
    expect((await raw("POST", uploadPath(upload.url), htmlAfter)).status).toBe(204);
    expect(await processedStatus(api.url, attachmentId)).toMatchObject({ status: "rejected" });
  });

  it("takes exactly one file, checks the size of the one it stores, and ignores fields after it", async () => {
    const small = Buffer.from("x".repeat(270));
    const { attachmentId, upload } = await prepare(small);
    const twoFiles = craftedForm([...fieldsOf(upload.fields), { name: "file", file: Buffer.alloc(600 * 1024, 1) }, { name: "file", file: small }]);
    const answer = await raw("POST", uploadPath(upload.url), twoFiles);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("InvalidArgument");
    const { key, ...rest } = upload.fields;
    const keyAfterFile = craftedForm([...fieldsOf(rest), { name: "file", file: small }, { name: "key", value: key! }]);
    expect((await raw("POST", uploadPath(upload.url), keyAfterFile)).status).toBe(400);
    expect(await exists(uploadKey(attachmentId))).toBe(false);
    expect((await (await fetch(`${api.url}/api/attachments/${attachmentId}`)).json()).status).toBe("uploading");
  });

  it("stores what it checked: the key and content type of the policy, the one file", async () => {
    const file = await testJpeg(64, 64);
    const { attachmentId, upload } = await prepare(file);
    const form = craftedForm([...fieldsOf(upload.fields), { name: "file", file, type: "text/html" }]);
    expect((await raw("POST", uploadPath(upload.url), form)).status).toBe(204);
    expect(await processedStatus(api.url, attachmentId)).toMatchObject({ status: "ready" });
  });
});

describe("nothing but the presigned upload reaches the local S3", () => {
  it("refuses query-string operations such as a multi-object delete", async () => {
    const victim = await readyImage(api.url, await testJpeg());
    const keys = [mediaKey(victim, "full"), mediaKey(victim, "thumb")];
    const document = `<?xml version="1.0" encoding="UTF-8"?><Delete>${keys.map((key) => `<Object><Key>${key}</Key></Object>`).join("")}</Delete>`;
    const { upload } = await prepare(Buffer.from(document));
    const form = craftedForm([...fieldsOf(upload.fields), { name: "file", file: Buffer.from(document) }]);
    for (const query of ["?delete", "?tagging", "?acl", "?uploads"]) {
      const answer = await raw("POST", `${uploadPath(upload.url)}${query}`, form);
      expect(answer.status).toBe(405);
    }
    expect((await raw("POST", `${uploadPath(upload.url)}/${uploadKey(victim)}`, form)).status).toBe(405);
    expect((await raw("PUT", `${uploadPath(upload.url)}/${keys[0]}`, form)).status).toBe(405);
    expect((await raw("DELETE", `${uploadPath(upload.url)}/${keys[0]}`)).status).toBe(405);
    for (const key of keys) expect(await exists(key)).toBe(true);
  });

  it("lists nothing to anonymous readers", async () => {
    await readyImage(api.url, await testJpeg());
    for (const path of ["/local-s3/", "/local-s3", `/local-s3/${bucket}`, `/local-s3/${bucket}?list-type=2`, `/local-s3/${bucket}/`]) {
      const answer = await raw("GET", path);
      expect(answer.status, path).toBe(405);
      expect(answer.text).not.toContain("<Key>");
    }
  });
});

describe("/media serves processed images only, by exact keys", () => {
  it("serves a processed image, and nothing outside media/ however the path is spelled", async () => {
    const id = await readyImage(api.url, await testJpeg());
    expect((await raw("GET", `/media/${id}/thumb.webp`)).status).toBe(200);
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: "private/raw-upload.jpg", Body: "GPS: 37.5665 N, 126.9780 E" }));
    for (const path of [
      "/media/..%2Fprivate%2Fraw-upload.jpg",
      "/media/%2e%2e%2fprivate%2fraw-upload.jpg",
      "/media/%2E%2E/private/raw-upload.jpg",
      "/media/..%5Cprivate%5Craw-upload.jpg",
      `/media/${id}/..%2F..%2Fprivate%2Fraw-upload.jpg`,
      `/media/${id}/thumb.webp%00`,
      `/media/${id}/thumb.webp%00.html`,
      `/media/${id}`,
      "/media/",
      `/media/${id}/original.jpg`,
      `/media/${id.toLowerCase()}/thumb.webp`,
    ]) {
      const answer = await raw("GET", path);
      expect(answer.status, path).toBe(404);
      expect(answer.text, path).not.toContain("GPS");
    }
  });
});

describe("one prepared upload is processed once", () => {
  it("decodes one upload once however often its form is replayed, and ends ready", async () => {
    const file = await testJpeg(3000, 2000);
    const { attachmentId, upload } = await prepare(file);
    const readsBefore = uploadReads;
    const answers = await Promise.all(Array.from({ length: 6 }, () => postUpload(upload, file)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(204));
    expect(await processedStatus(api.url, attachmentId)).toMatchObject({ status: "ready" });
    // Let every replay's notification run to its end.
    for (let waited = 0; waited < 10_000 && outcomes.filter((outcome) => outcome.attachmentId === attachmentId).length < 6; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const mine = outcomes.filter((outcome) => outcome.attachmentId === attachmentId);
    expect(mine).toHaveLength(6);
    expect(mine.filter((outcome) => outcome.status === "ready")).toHaveLength(1);
    expect(uploadReads - readsBefore).toBe(1);
    expect((await (await fetch(`${api.url}/api/attachments/${attachmentId}`)).json()).status).toBe("ready");
    expect(await exists(uploadKey(attachmentId))).toBe(false);
  });
});
