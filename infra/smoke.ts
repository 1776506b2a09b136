/**
 * `npm run smoke -- <site_url>`: checks a deployed board (or `npm start`'s) end to end in a few
 * seconds — the web page and its security headers, health, the OpenAPI document, a post and a
 * comment created, read, edited (and refused when stale or unauthorised) and deleted again, and an
 * image uploaded straight to the media bucket, processed, shown from /media and deleted.
 * One line per step; exits 1 on the first failure, after deleting what it created.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { siteSecurityHeaders } from "../web/security-headers.js";

// The deployed board's answers, as JSON: the checks below say what each must hold.
// biome-ignore lint/suspicious/noExplicitAny: each check asserts the fields it reads.
type Json = any;
type Answer = { status: number; headers: Headers; body: Json };

class StepFailure extends Error {}

/** A 1×1 PNG: the smallest real image, to send through the upload pipeline. */
const tinyPng = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

export async function smoke(siteUrl: string, print: (line: string) => void = console.log): Promise<boolean> {
  const base = siteUrl.replace(/\/+$/, "");
  const call = async (method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(options.body === undefined ? {} : { "content-type": "application/json" }), ...options.headers },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get("content-type") ?? "").includes("json") && text) body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body };
  };
  const expectThat = (condition: boolean, message: string) => {
    if (!condition) throw new StepFailure(message);
  };
  const expectStatus = (answer: Answer, status: number) =>
    expectThat(answer.status === status, `expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`);

  const created: { postId?: string; editToken?: string } = {};
  let passed = true;
  const step = async (name: string, run: () => Promise<void>) => {
    const started = performance.now();
    try {
      await run();
      print(`ok    ${name} (${Math.round(performance.now() - started)} ms)`);
    } catch (error) {
      print(`FAIL  ${name}: ${error instanceof StepFailure ? error.message : String(error)}`);
      throw error;
    }
  };

  try {
    await step("web page with security headers", async () => {
      const page = await call("GET", "/");
      expectStatus(page, 200);
      expectThat((page.headers.get("content-type") ?? "").startsWith("text/html"), "the page is not HTML");
      for (const [name, value] of Object.entries(siteSecurityHeaders))
        expectThat(page.headers.get(name) === value, `${name} is ${JSON.stringify(page.headers.get(name))}`);
    });
    await step("health", async () => {
      const health = await call("GET", "/api/health");
      expectStatus(health, 200);
      expectThat(health.body?.ok === true, "health is not ok");
    });
    await step("OpenAPI document", async () => {
      const document = await call("GET", "/api/openapi.json");
      expectStatus(document, 200);
      expectThat(String(document.body?.openapi).startsWith("3."), "not an OpenAPI 3 document");
    });
    await step("create a post", async () => {
      const post = await call("POST", "/api/posts", {
        body: { board: "smoke-test", title: "Smoke test", body: "Checking a deploy; deleted in a moment.", author: "smoke" },
        headers: { "idempotency-key": randomUUID() },
      });
      expectStatus(post, 201);
      Object.assign(created, { postId: post.body.post.postId, editToken: post.body.editToken });
    });
    const auth = () => ({ authorization: `Bearer ${created.editToken}` });
    await step("read it", async () => {
      const thread = await call("GET", `/api/posts/${created.postId}`);
      expectStatus(thread, 200);
      expectThat(thread.headers.get("etag") === '"1"', `ETag is ${thread.headers.get("etag")}`);
    });
    await step("edit it", async () => {
      const edited = await call("PATCH", `/api/posts/${created.postId}`, { body: { title: "Smoke test, edited" }, headers: { ...auth(), "if-match": '"1"' } });
      expectStatus(edited, 200);
      expectThat(edited.headers.get("etag") === '"2"', `ETag is ${edited.headers.get("etag")}`);
    });
    await step("a stale edit is a conflict", async () =>
      expectStatus(await call("PATCH", `/api/posts/${created.postId}`, { body: { title: "Stale" }, headers: { ...auth(), "if-match": '"1"' } }), 409),
    );
    await step("no token is a 401", async () => {
      const refused = await call("DELETE", `/api/posts/${created.postId}`);
      expectStatus(refused, 401);
      expectThat((refused.headers.get("www-authenticate") ?? "").startsWith("Bearer"), "no WWW-Authenticate: Bearer");
    });
    let comment: { commentId: string; editToken: string } | undefined;
    await step("comment on it", async () => {
      const answer = await call("POST", `/api/posts/${created.postId}/comments`, {
        body: { body: "Smoke comment", author: "smoke" },
        headers: { "idempotency-key": randomUUID() },
      });
      expectStatus(answer, 201);
      comment = { commentId: answer.body.comment.commentId, editToken: answer.body.editToken };
    });
    await step("the stream projector counts it", async () => {
      for (let waited = 0; ; waited += 250) {
        const thread = await call("GET", `/api/posts/${created.postId}`);
        expectStatus(thread, 200);
        if (thread.body.post.commentCount === 1) return;
        expectThat(waited < 30_000, `the post still counts ${thread.body.post.commentCount} comments after 30 s: is the projector running?`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    });
    let image: { attachmentId: string; thumbUrl?: string } | undefined;
    await step("upload an image straight to the media bucket", async () => {
      const prepared = await call("POST", "/api/attachments", { body: { contentType: "image/png", size: tinyPng.length } });
      expectStatus(prepared, 201);
      const form = new FormData();
      for (const [name, value] of Object.entries(prepared.body.upload.fields as Record<string, string>)) form.append(name, value);
      form.append("file", new Blob([new Uint8Array(tinyPng)], { type: "image/png" }));
      const uploaded = await fetch(prepared.body.upload.url, { method: "POST", body: form, signal: AbortSignal.timeout(15_000) });
      expectThat(uploaded.status === 204 || uploaded.status === 201, `the bucket answered ${uploaded.status}: ${(await uploaded.text()).slice(0, 200)}`);
      image = { attachmentId: prepared.body.attachmentId };
    });
    await step("the image function processes it", async () => {
      for (let waited = 0; ; waited += 250) {
        const status = await call("GET", `/api/attachments/${image!.attachmentId}`);
        expectStatus(status, 200);
        if (status.body.status === "ready") {
          image!.thumbUrl = status.body.thumbUrl;
          return;
        }
        expectThat(
          status.body.status === "uploading" && waited < 30_000,
          `the image is ${status.body.status}: ${status.body.reason ?? "not processed within 30 s"}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    });
    let pictured: { commentId: string; editToken: string } | undefined;
    await step("show it on a comment, served from /media", async () => {
      const answer = await call("POST", `/api/posts/${created.postId}/comments`, {
        body: { body: "With a picture", author: "smoke", attachments: [{ id: image!.attachmentId, alt: "A single pixel" }] },
      });
      expectStatus(answer, 201);
      pictured = { commentId: answer.body.comment.commentId, editToken: answer.body.editToken };
      const served = await call("GET", image!.thumbUrl!);
      expectStatus(served, 200);
      expectThat(served.headers.get("content-type") === "image/webp", `the thumbnail is ${served.headers.get("content-type")}`);
    });
    // (Its files leave the bucket too; CloudFront's edge caches may keep serving a copy until they evict it.)
    await step("its image goes with the comment", async () => {
      expectStatus(
        await call("DELETE", `/api/posts/${created.postId}/comments/${pictured!.commentId}`, { headers: { authorization: `Bearer ${pictured!.editToken}` } }),
        204,
      );
      expectStatus(await call("GET", `/api/attachments/${image!.attachmentId}`), 404);
    });
    await step("edit the comment", async () =>
      expectStatus(
        await call("PATCH", `/api/posts/${created.postId}/comments/${comment!.commentId}`, {
          body: { body: "Edited", expectedVersion: 1 },
          headers: { authorization: `Bearer ${comment!.editToken}` },
        }),
        200,
      ),
    );
    await step("delete the comment", async () =>
      expectStatus(
        await call("DELETE", `/api/posts/${created.postId}/comments/${comment!.commentId}`, { headers: { authorization: `Bearer ${comment!.editToken}` } }),
        204,
      ),
    );
    await step("delete the post", async () => {
      expectStatus(await call("DELETE", `/api/posts/${created.postId}`, { headers: auth() }), 204);
      created.postId = undefined;
    });
  } catch {
    passed = false;
  } finally {
    // Leave nothing behind, even after a failure.
    if (created.postId && created.editToken)
      await call("DELETE", `/api/posts/${created.postId}`, { headers: { authorization: `Bearer ${created.editToken}` } }).catch(() => undefined);
  }
  print(passed ? "smoke test passed" : "smoke test FAILED");
  return passed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const url = process.argv[2];
  if (!url || !/^https?:\/\//.test(url)) {
    console.error("Usage: npm run smoke -- <site_url>   (the site_url output of the deploy, or http://127.0.0.1:3000)");
    process.exit(2);
  }
  process.exit((await smoke(url)) ? 0 : 1);
}
