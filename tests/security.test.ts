/**
 * The abuse paths an attacker tried (issue 10), each through the real handler with API Gateway
 * v1 events on DynamoDB Local: batching, client identity, idempotency keys, deceptive text and
 * the headers every API answer carries.
 */
import { textLength } from "../api/text-rules.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { APIGatewayProxyResult } from "aws-lambda";
import { createApp } from "../api/http/app.js";
import type { AppOptions } from "../api/http/app.js";
import { createLambdaHandler } from "../api/http/lambda.js";
import { clientKeyOf } from "../api/http/client-address.js";
import { createWriteRateLimiter } from "../api/rate-limit.js";
import { limits } from "../api/limits.js";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { createTestBoard, createTestStore } from "./support/store.js";
import type { TestStore } from "./support/store.js";

let store: TestStore;
let clock = Date.UTC(2026, 10, 27, 12, 0, 5);
const now = () => new Date(clock);

beforeAll(async () => {
  store = await createTestStore();
});

function handlerWith(options: Partial<AppOptions> = {}, writesPerMinute = 0) {
  const rateLimiter = createWriteRateLimiter({ client: store.client, table: store.table, writesPerMinute, now: () => clock });
  const lambda = createLambdaHandler(createApp({ operations: createTestBoard(store, now), rateLimiter, allowedOrigins: [], log: () => {}, ...options }));
  return async (options: EventOptions) => {
    const result: APIGatewayProxyResult = await lambda(apiGatewayEvent(options), lambdaContext());
    const headers = Object.fromEntries(
      Object.entries(result.multiValueHeaders ?? result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : String(v)]),
    );
    return { status: result.statusCode, headers, json: () => JSON.parse(result.body) };
  };
}

const json = { "content-type": "application/json" };
const postInput = (board: string, title = "Hello") => ({ board, title, body: "b", author: "a" });
const boardPosts = async (board: string) => (await store.dump()).filter((item) => item.gsi1pk?.S === `board#${board}`);
const key = (label: string) => `${label}-${"k".repeat(24)}`;

describe("batching cannot multiply work", () => {
  it("refuses a batch of mutations with one 400 and creates nothing", async () => {
    const invoke = handlerWith();
    const inputs = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [i, postInput("batch-mutations", `t${i}`)]));
    const response = await invoke({
      method: "POST",
      path: `/trpc/${Array(200).fill("posts.create").join(",")}`,
      query: { batch: "1" },
      headers: json,
      body: inputs,
    });
    expect(response.status).toBe(400);
    const [first] = [response.json()].flat();
    expect(JSON.stringify(first)).toMatch(/batch/i);
    expect(await boardPosts("batch-mutations")).toEqual([]);

    const two = await invoke({
      method: "POST",
      path: "/trpc/posts.create,posts.create",
      query: { batch: "1" },
      headers: json,
      body: { 0: postInput("batch-mutations"), 1: postInput("batch-mutations") },
    });
    expect(two.status).toBe(400);
    expect(await boardPosts("batch-mutations")).toEqual([]);
  });

  it("serves query batches up to the cap and refuses bigger ones whole", async () => {
    const invoke = handlerWith();
    const batchOf = (size: number) =>
      invoke({
        path: `/trpc/${Array(size).fill("posts.list").join(",")}`,
        query: { batch: "1", input: JSON.stringify(Object.fromEntries(Array.from({ length: size }, (_, i) => [i, { board: "batch-reads" }]))) },
      });
    const atCap = await batchOf(limits.batchSize);
    expect(atCap.status).toBe(200);
    expect(atCap.json()).toHaveLength(limits.batchSize);
    store.commands.length = 0;
    const over = await batchOf(limits.batchSize + 1);
    expect(over.status).toBe(400);
    expect(JSON.stringify(over.json())).toMatch(/batch/i);
    expect(store.commands).toEqual([]);
    expect((await batchOf(500)).status).toBe(400);
  });

  it("counts the write limit per procedure call, on tRPC and REST alike", async () => {
    const invoke = handlerWith({}, 3);
    const from = { "X-Forwarded-For": "198.51.100.40" };
    expect((await invoke({ method: "POST", path: "/trpc/posts.create", headers: { ...json, ...from }, body: postInput("per-call") })).status).toBe(200);
    expect((await invoke({ method: "POST", path: "/api/posts", headers: { ...json, ...from }, body: postInput("per-call") })).status).toBe(201);
    expect((await invoke({ method: "POST", path: "/trpc/posts.create", headers: { ...json, ...from }, body: postInput("per-call") })).status).toBe(200);
    const refused = await invoke({ method: "POST", path: "/api/posts", headers: { ...json, ...from }, body: postInput("per-call") });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(1);
    expect(refused.json()).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await boardPosts("per-call")).toHaveLength(3);
    // Reads are never counted.
    expect((await invoke({ path: "/api/boards/per-call/posts", headers: from })).status).toBe(200);
  });
});

describe("the client key cannot be chosen by the client", () => {
  const secrets = ["current-origin-secret-0123456789abcdef", "previous-origin-secret-0123456789abcdef"];

  it("refuses requests that did not come through CloudFront (no or wrong origin header) with a JSON 403", async () => {
    const invoke = handlerWith({ originSecrets: secrets });
    for (const headers of [{} as Record<string, string>, { "X-Origin-Verify": "guess" }, { "X-Origin-Verify": `${secrets[0]}x` }]) {
      const refused = await invoke({ path: "/api/health", headers });
      expect(refused.status).toBe(403);
      expect(refused.json()).toMatchObject({ code: "FORBIDDEN", requestId: expect.any(String) });
    }
    for (const secret of secrets) expect((await invoke({ path: "/api/health", headers: { "X-Origin-Verify": secret } })).status).toBe(200);
  });

  it("keys the limit on CloudFront-Viewer-Address behind CloudFront, whatever X-Forwarded-For says", async () => {
    const invoke = handlerWith({ originSecrets: secrets, trustedProxyHops: 1 }, 2);
    const write = (forwardedFor: string) =>
      invoke({
        method: "POST",
        path: "/trpc/posts.create",
        headers: {
          ...json,
          "X-Origin-Verify": secrets[0]!,
          "CloudFront-Viewer-Address": "2001:db8:aa:bb:1:2:3:4:50432",
          "X-Forwarded-For": `${forwardedFor}, 130.176.1.1`,
        },
        body: postInput("viewer-address"),
      });
    expect((await write("192.0.2.1")).status).toBe(200);
    expect((await write("192.0.2.2")).status).toBe(200);
    expect((await write("192.0.2.3")).status).toBe(429);
  });

  it("validates every candidate address, groups IPv6 by /64, and falls back to the connection's address", () => {
    const connection = "203.0.113.9";
    expect(clientKeyOf({ forwardedFor: "198.51.100.7, 130.176.1.1", sourceIp: "130.176.1.1", trustedProxyHops: 1 })).toBe("198.51.100.7");
    expect(clientKeyOf({ forwardedFor: `${"9".repeat(3000)}, ${connection}`, sourceIp: connection, trustedProxyHops: 1 })).toBe(connection);
    expect(clientKeyOf({ forwardedFor: "not-an-ip, 130.176.1.1", sourceIp: connection, trustedProxyHops: 1 })).toBe(connection);
    expect(clientKeyOf({ forwardedFor: "2001:db8:1:2:aaaa::1, 130.176.1.1", sourceIp: connection, trustedProxyHops: 1 })).toBe("2001:db8:1:2::/64");
    expect(clientKeyOf({ forwardedFor: "2001:db8:1:2:ffff:eeee:dddd:cccc", sourceIp: connection, trustedProxyHops: 0 })).toBe("2001:db8:1:2::/64");
    expect(clientKeyOf({ viewerAddress: "198.51.100.77:443", forwardedFor: "192.0.2.1", sourceIp: connection, trustedProxyHops: 0 })).toBe("198.51.100.77");
    expect(clientKeyOf({ viewerAddress: "[2001:db8::5]:443", sourceIp: connection, trustedProxyHops: 0 })).toBe("2001:db8:0:0::/64");
    expect(clientKeyOf({ viewerAddress: "<script>:1", sourceIp: connection, trustedProxyHops: 0 })).toBe(connection);
    expect(clientKeyOf({ sourceIp: "bogus", trustedProxyHops: 0 })).toBe("unknown");
  });

  it("answers a 3,000-character X-Forwarded-For entry normally instead of a 500", async () => {
    const invoke = handlerWith({ trustedProxyHops: 1 }, 5);
    const response = await invoke({
      method: "POST",
      path: "/trpc/posts.create",
      headers: { ...json, "X-Forwarded-For": "1".repeat(3000) },
      body: postInput("long-forwarded-for"),
    });
    expect(response.status).toBe(200);
  });
});

describe("idempotency keys are not passwords for edit tokens", () => {
  it("requires keys with real entropy, checked as received", async () => {
    const invoke = handlerWith();
    for (const value of [
      "key-1",
      "x".repeat(21),
      "x".repeat(256),
      "with space and enough characters here",
      "ключ-идемпотентности-достаточно-длинный",
      "%D0%BA%D0%BB%D1%8E%D1%87%D0%B8%D0%BA%D0%BB%D1%8E",
    ]) {
      const response = await invoke({ method: "POST", path: "/api/posts", headers: { ...json, "Idempotency-Key": value }, body: postInput("idem-keys") });
      expect(response.status, value).toBe(400);
      expect(response.json()).toMatchObject({ issues: [{ path: "Idempotency-Key" }] });
    }
    expect(await boardPosts("idem-keys")).toEqual([]);
    const ok = await invoke({
      method: "POST",
      path: "/api/posts",
      headers: { ...json, "Idempotency-Key": `${"A".repeat(11)}_-${"z9".repeat(5)}` },
      body: postInput("idem-keys"),
    });
    expect(ok.status).toBe(201);
  });

  it("never mints a token for an older item when a key is reused after it expired", async () => {
    const invoke = handlerWith();
    const reused = key("expired");
    const first = await invoke({
      method: "POST",
      path: "/api/posts",
      headers: { ...json, "Idempotency-Key": reused },
      body: postInput("idem-expiry", "First"),
    });
    expect(first.status).toBe(201);
    const replay = await invoke({
      method: "POST",
      path: "/api/posts",
      headers: { ...json, "Idempotency-Key": reused },
      body: postInput("idem-expiry", "First"),
    });
    expect(replay.json()).toEqual(first.json());

    clock += 25 * 60 * 60 * 1000; // the key's record has expired
    const second = await invoke({
      method: "POST",
      path: "/api/posts",
      headers: { ...json, "Idempotency-Key": reused },
      body: postInput("idem-expiry", "Second"),
    });
    expect(second.status).toBe(201);
    expect(second.json().post.postId).not.toBe(first.json().post.postId);
    expect(second.json().editToken).not.toBe(first.json().editToken);
    const attack = await invoke({
      method: "DELETE",
      path: `/api/posts/${first.json().post.postId}`,
      headers: { authorization: `Bearer ${second.json().editToken}` },
    });
    expect(attack.status).toBe(403);
    expect(await boardPosts("idem-expiry")).toHaveLength(2);
  });
});

describe("text that deceives is refused; real text keeps working", () => {
  const create = (fields: Record<string, string>) =>
    handlerWith()({ method: "POST", path: "/api/posts", headers: json, body: { ...postInput("unicode"), ...fields } });

  it.each([
    ["author", "ann\u200B", "invisible"],
    ["author", "\u2066admin\u2069", "invisible"],
    ["author", "mod\u00ADerator", "invisible"],
    ["title", "harmless \u202Etxt.exe", "direction"],
    ["title", "\u2067reversed", "direction"],
    ["body", "lone \uD800 surrogate", "broken"],
    ["body", "another \uDFFF one", "broken"],
  ])("refuses %s %j with a plain message", async (field, value, word) => {
    const response = await create({ [field]: value });
    expect(response.status).toBe(400);
    const issue = response.json().issues.find((candidate: { path: string }) => candidate.path === field);
    expect(issue.message).toMatch(new RegExp(word, "i"));
  });

  it.each([
    ["Hangul filler U+3164 (a known trick on Korean boards)", "ann\u3164"],
    ["Hangul filler alone", "\u3164"],
    ["Hangul choseong filler U+115F", "\u115Fann"],
    ["Hangul jungseong filler U+1160", "ann\u1160"],
    ["halfwidth Hangul filler U+FFA0", "ann\uFFA0"],
    ["Braille blank U+2800", "ann\u2800"],
    ["a variation selector alone", "\uFE0F"],
    ["a variation selector after a space", "ann \uFE0F"],
    ["combining grapheme joiner U+034F", "an\u034Fn"],
    ["Mongolian free variation selector U+180B", "ann\u180B"],
  ])("refuses a name padded or made blank with %s", async (_, author) => {
    const response = await create({ author });
    expect(response.status).toBe(400);
    expect(response.json().issues.find((candidate: { path: string }) => candidate.path === "author").message).toMatch(/invisible|blank/i);
  });

  it("keeps names people really use: emoji with their presentation selector, Hangul, spaces between words", async () => {
    for (const author of ["민수", "❤\uFE0F 하트", "Ann Lee", "ㅇㅇ", "\u{1F600}"]) expect((await create({ author })).status, author).toBe(201);
  });

  it("counts a title's length in code points after NFC, as the README and the web form do", async () => {
    expect((await create({ title: "😀".repeat(200) })).status).toBe(201);
    expect((await create({ title: "😀".repeat(201) })).status).toBe(400);
    expect((await create({ title: "한".repeat(200).normalize("NFD") })).status).toBe(201);
    expect(textLength("😀".repeat(200))).toBe(200);
    expect(textLength("한".repeat(200).normalize("NFD"))).toBe(200);
  });

  it("accepts emoji ZWJ sequences, Korean, Arabic and combining marks, and stores NFC", async () => {
    const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}";
    const accepted = await create({ title: `가족 ${family} عائلة`, body: "Cafe\u0301 and n\u0303 and 한국어", author: "민수" });
    expect(accepted.status).toBe(201);
    const { post } = accepted.json();
    expect(post.title).toBe(`가족 ${family} عائلة`);
    expect(post.body).toBe("Caf\u00E9 and \u00F1 and 한국어");
    expect(post.body.normalize("NFC")).toBe(post.body);
  });
});

describe("every API answer is safe to receive", () => {
  it("sends WWW-Authenticate with 401, and no-store + nosniff on every answer, even called directly", async () => {
    const invoke = handlerWith();
    const created = await invoke({ method: "POST", path: "/api/posts", headers: json, body: postInput("headers") });
    const unauthorized = await invoke({ method: "DELETE", path: `/api/posts/${created.json().post.postId}` });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers["www-authenticate"]).toMatch(/^Bearer/);
    const trpcUnauthorized = await invoke({ method: "POST", path: "/trpc/posts.delete", headers: json, body: { postId: created.json().post.postId } });
    expect(trpcUnauthorized.headers["www-authenticate"]).toMatch(/^Bearer/);
    for (const response of [
      created,
      unauthorized,
      await invoke({ path: "/trpc/health" }),
      await invoke({ path: "/nowhere" }),
      await invoke({ path: `/api/posts/${created.json().post.postId}` }),
    ]) {
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
    }
  });

  it("turns a malformed percent-encoding in the path into a JSON 400", async () => {
    const invoke = handlerWith();
    const response = await invoke({ path: "/api/posts/%E0%A4%A" });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ code: "BAD_REQUEST", requestId: expect.any(String) });
  });
});
