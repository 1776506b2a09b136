/**
 * Images in posts and comments, through the real pieces: the API behind the local API Gateway
 * emulation, a presigned POST to the local S3 (whose front door checks the policy as S3 does),
 * the image function on S3's notification, DynamoDB Local, and /media served as CloudFront does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectTaggingCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { createAttachmentEntity } from "../entities/attachment.js";
import { createImageFunction } from "../images/image-function.js";
import { mediaKey } from "../media/media-keys.js";
import { startLocalS3 } from "../local/local-s3.js";
import type { LocalS3 } from "../local/local-s3.js";
import { startApiServer } from "./support/api-server.js";
import type { ApiServer } from "./support/api-server.js";
import { createTestBoard, createTestStore } from "./support/store.js";
import { postUpload, processedStatus, testJpeg } from "./support/images.js";
import type { TestStore } from "./support/store.js";

const bucket = "board-media-test";
let store: TestStore;
let s3: LocalS3;
let api: ApiServer;

beforeAll(async () => {
  store = await createTestStore();
  const attachments = createAttachmentEntity({ client: store.client, table: store.table });
  let imageFunction: ReturnType<typeof createImageFunction> | undefined;
  s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), "board-media-")), buckets: [bucket], onObjectCreated: (event) => imageFunction!(event) });
  imageFunction = createImageFunction({ s3: s3.client, bucket, attachments });
  api = await startApiServer(store, { media: { s3, bucket } });
});
afterAll(async () => {
  await api?.close();
  await s3?.close();
});

const json = { "content-type": "application/json" };
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}/api${path}`, {
    method,
    headers: { ...json, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
}

const photo = (width?: number, height?: number) => testJpeg(width, height);

async function prepare(file: Buffer, contentType = "image/jpeg") {
  const prepared = await call("POST", "/attachments", { contentType, size: file.length });
  expect(prepared.status).toBe(201);
  return prepared.body as { attachmentId: string; upload: { url: string; fields: Record<string, string> } };
}

const upload = postUpload;
const processed = (attachmentId: string) => processedStatus(api.url, attachmentId);

async function readyImage(width?: number, height?: number) {
  const file = await photo(width, height);
  const { attachmentId, upload: target } = await prepare(file);
  expect((await upload(target, file)).status).toBe(204);
  expect(await processed(attachmentId)).toMatchObject({ status: "ready", thumbUrl: `/media/${attachmentId}/thumb.webp` });
  return attachmentId;
}

describe("images in posts", () => {
  it("uploads straight to the bucket, processes the image, and shows it with the post, served from /media", async () => {
    const attachmentId = await readyImage(3000, 2000);
    const created = await call("POST", "/posts", {
      board: "pictures",
      title: "With a picture",
      body: "Look",
      author: "ann",
      attachments: [{ id: attachmentId, alt: "A green field" }],
    });
    expect(created.status).toBe(201);
    const image = {
      attachmentId,
      alt: "A green field",
      url: `/media/${attachmentId}/full.webp`,
      thumbUrl: `/media/${attachmentId}/thumb.webp`,
      width: 2048,
      height: 1365,
      thumbWidth: 400,
      thumbHeight: 267,
    };
    expect(created.body.post.attachments).toEqual([image]);
    const thread = await call("GET", `/posts/${created.body.post.postId}`);
    expect(thread.body.post.attachments).toEqual([image]);
    const served = await fetch(`${api.url}${image.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(2048);
    // In use: the lifecycle rule for unattached images leaves it.
    const tags = await s3.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: mediaKey(attachmentId, "full") }));
    expect(tags.TagSet).toEqual([{ Key: "state", Value: "attached" }]);
  });

  it("lets the bucket refuse an upload of another type or size than prepared", async () => {
    const file = await photo();
    const { attachmentId, upload: target } = await prepare(file);
    const otherType = await upload(target, file, { "Content-Type": "text/html" });
    expect(otherType.status).toBe(403);
    expect(otherType.text).toContain("Policy Condition failed");
    const bigger = await upload(target, Buffer.concat([file, Buffer.alloc(10)]));
    expect(bigger).toMatchObject({ status: 400, text: expect.stringContaining("EntityTooLarge") });
    const otherKey = await upload(target, file, { key: "media/someone-else/full.webp" });
    expect(otherKey.status).toBe(403);
    expect((await call("GET", `/attachments/${attachmentId}`)).body.status).toBe("uploading");
    expect((await call("POST", "/attachments", { contentType: "image/svg+xml", size: 100 })).status).toBe(400);
    expect((await call("POST", "/attachments", { contentType: "image/png", size: 10 * 1024 * 1024 + 1 })).status).toBe(400);
  });

  it("refuses a post naming an unknown, unprocessed, refused or already used image, in plain words, and writes nothing", async () => {
    const unknown = await call("POST", "/posts", {
      board: "pictures",
      title: "t",
      body: "b",
      author: "a",
      attachments: [{ id: "01ARZ3NDEKTSV4RRFFQ69G5FAV", alt: "x" }],
    });
    expect(unknown).toMatchObject({ status: 400, body: { issues: [{ path: "attachments.0.id", message: expect.stringMatching(/^No such image/) }] } });
    const waiting = await prepare(await photo());
    const unprocessed = await call("POST", "/posts", {
      board: "pictures",
      title: "t",
      body: "b",
      author: "a",
      attachments: [{ id: waiting.attachmentId, alt: "x" }],
    });
    expect(unprocessed.body.issues[0].message).toMatch(/still being processed/);
    const fake = Buffer.from("<html><body>not a picture</body></html>");
    const disguised = await prepare(fake);
    expect((await upload(disguised.upload, fake)).status).toBe(204);
    expect(await processed(disguised.attachmentId)).toMatchObject({ status: "rejected", reason: "The file is not a JPEG, PNG, WebP or GIF image." });
    const refused = await call("POST", "/posts", {
      board: "pictures",
      title: "t",
      body: "b",
      author: "a",
      attachments: [{ id: disguised.attachmentId, alt: "x" }],
    });
    expect(refused.body.issues[0].message).toMatch(/^This image was refused: The file is not/);
    const used = await readyImage();
    expect((await call("POST", "/posts", { board: "pictures", title: "first", body: "b", author: "a", attachments: [{ id: used, alt: "x" }] })).status).toBe(
      201,
    );
    const reused = await call("POST", "/posts", { board: "pictures", title: "second", body: "b", author: "a", attachments: [{ id: used, alt: "x" }] });
    expect(reused.body.issues[0].message).toMatch(/^No such image/);
    const noAlt = await call("POST", "/posts", { board: "pictures", title: "t", body: "b", author: "a", attachments: [{ id: used, alt: " " }] });
    expect(noAlt.status).toBe(400);
    const titles = (await call("GET", "/boards/pictures/posts")).body.items.map((post: { title: string }) => post.title);
    expect(titles).not.toContain("second");
    expect(titles.filter((title: string) => title === "t")).toEqual([]);
  });

  it("takes at most four images on a post and one on a comment", async () => {
    const refs = Array.from({ length: 5 }, (_, i) => ({ id: `01ARZ3NDEKTSV4RRFFQ69G5FA${i}`, alt: "x" }));
    expect((await call("POST", "/posts", { board: "pictures", title: "t", body: "b", author: "a", attachments: refs })).status).toBe(400);
    const { body } = await call("POST", "/posts", { board: "pictures", title: "comments", body: "b", author: "a" });
    expect((await call("POST", `/posts/${body.post.postId}/comments`, { body: "c", author: "a", attachments: refs.slice(0, 2) })).status).toBe(400);
    const image = await readyImage();
    const comment = await call("POST", `/posts/${body.post.postId}/comments`, {
      body: "with a picture",
      author: "bo",
      attachments: [{ id: image, alt: "A field" }],
    });
    expect(comment.status).toBe(201);
    expect(comment.body.comment.attachments).toMatchObject([{ attachmentId: image, alt: "A field" }]);
  });

  it("deletes a post's images and its comments' images with it", async () => {
    const [onPost, onComment] = [await readyImage(), await readyImage()];
    const { body } = await call("POST", "/posts", { board: "pictures", title: "to delete", body: "b", author: "a", attachments: [{ id: onPost, alt: "x" }] });
    await call("POST", `/posts/${body.post.postId}/comments`, { body: "c", author: "a", attachments: [{ id: onComment, alt: "y" }] });
    const exists = (key: string) =>
      s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
        () => true,
        () => false,
      );
    expect(await exists(mediaKey(onComment, "thumb"))).toBe(true);
    expect((await call("DELETE", `/posts/${body.post.postId}`, undefined, { authorization: `Bearer ${body.editToken}` })).status).toBe(204);
    for (const id of [onPost, onComment]) for (const size of ["full", "thumb"] as const) expect(await exists(mediaKey(id, size))).toBe(false);
    expect((await call("GET", `/attachments/${onPost}`)).status).toBe(404);
  });

  it("answers a retried create with images with the first result, for posts and comments (the documented retry guarantee)", async () => {
    const run = Date.now();
    const key = (name: string) => ({ "idempotency-key": `retry-with-images-${name}-${run}` });
    const postBody = { board: "pictures", title: "Retried", body: "b", author: "a", attachments: [{ id: await readyImage(), alt: "x" }] };
    const first = await call("POST", "/posts", postBody, key("post"));
    const again = await call("POST", "/posts", postBody, key("post"));
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: { post: first.body.post, editToken: first.body.editToken } });
    const commentBody = { body: "retried", author: "a", attachments: [{ id: await readyImage(), alt: "y" }] };
    const path = `/posts/${first.body.post.postId}/comments`;
    const comment = await call("POST", path, commentBody, key("comment"));
    const commentAgain = await call("POST", path, commentBody, key("comment"));
    expect(comment.status).toBe(201);
    expect(commentAgain).toMatchObject({ status: 201, body: { comment: comment.body.comment, editToken: comment.body.editToken } });
    // The same key with another request is still a conflict, and an image already used by someone else is still refused.
    expect((await call("POST", "/posts", { ...postBody, title: "Other" }, key("post"))).status).toBe(409);
    const reused = await call("POST", "/posts", postBody, key("someone-else"));
    expect(reused.body.issues[0].message).toMatch(/^No such image/);
    const thread = await call("GET", `/posts/${first.body.post.postId}`);
    expect(thread.body.comments.items).toHaveLength(1);
  });

  it("answers 503 when the board has no media bucket", async () => {
    await expect(createTestBoard(store).attachments.prepare({ contentType: "image/png", size: 10 })).rejects.toMatchObject({ kind: "SERVICE_UNAVAILABLE" });
  });
});
