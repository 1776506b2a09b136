/**
 * The function's own Headers, Request and Response (api/http/fetch-classes.ts) against Node's:
 * every scenario runs on both and must observe the same thing. The built bundle's suites
 * (bundle, apigateway-conformance, lambda-logs, code-cache) run the whole API on them.
 */
import { describe, expect, it } from "vitest";
import * as own from "../api/http/fetch-classes.js";

interface Classes {
  Headers: typeof globalThis.Headers;
  Request: typeof globalThis.Request;
  Response: typeof globalThis.Response;
}
const node: Classes = { Headers: globalThis.Headers, Request: globalThis.Request, Response: globalThis.Response };
const ours = own as unknown as Classes;

/** What a scenario saw, or the kind of error it threw. */
async function observe(scenario: (classes: Classes) => unknown, classes: Classes): Promise<unknown> {
  try {
    return await scenario(classes);
  } catch (error) {
    return { threw: (error as Error).constructor.name };
  }
}

const entries = (headers: Headers) => {
  const seen: [string, string][] = [];
  headers.forEach((value, name) => {
    seen.push([name, value]);
  });
  return { forEach: seen, iterated: [...(headers as unknown as Iterable<[string, string]>)], cookies: headers.getSetCookie() };
};

const scenarios: Record<string, (classes: Classes) => unknown> = {
  "headers: names are case-insensitive, values combine, names iterate sorted": ({ Headers }) => {
    const headers = new Headers({ "X-B": "1", "x-a": "2" });
    headers.append("x-b", "3");
    headers.set("Content-Type", "application/json");
    return { b: headers.get("x-B"), has: headers.has("X-A"), missing: headers.get("nope"), ...entries(headers) };
  },
  "headers: each Set-Cookie stays its own value": ({ Headers }) => {
    const headers = new Headers();
    headers.append("set-cookie", "a=1");
    headers.append("Set-Cookie", "b=2");
    headers.append("vary", "x");
    return { get: headers.get("set-cookie"), ...entries(headers) };
  },
  "headers: from pairs, and from other Headers": ({ Headers }) => {
    const pairs = new Headers([
      ["a", "1"],
      ["a", "2"],
      ["b", "3"],
    ]);
    const copy = new Headers(pairs);
    copy.delete("B");
    return { pairs: entries(pairs), copy: entries(copy) };
  },
  "headers: values are trimmed": ({ Headers }) => new Headers({ a: "  spaced\t" }).get("a"),
  "headers: a bad name throws": ({ Headers }) => new Headers({ "bad name": "x" }),
  "headers: a line break in a value throws": ({ Headers }) => new Headers({ a: "x\r\ny" }),
  "headers: a value that is not a byte string throws": ({ Headers }) => new Headers({ a: "글" }),
  "headers: latin-1 values pass": ({ Headers }) => new Headers({ a: "caf\u00e9" }).get("a"),
  "request: GET by default, the URL normalised, no body": async ({ Request }) => {
    const request = new Request("https://Board.example.com/a/../trpc/x?input=%7B%7D");
    return { method: request.method, url: request.url, body: request.body, text: await request.text() };
  },
  "request: known methods upper-cased, others kept": ({ Request }) =>
    ["get", "post", "delete", "patch", "PATCH", "options"].map((method) => new Request("https://x.example/", { method }).method),
  "request: TRACE is refused": ({ Request }) => new Request("https://x.example/", { method: "TRACE" }),
  "request: CONNECT is refused": ({ Request }) => new Request("https://x.example/", { method: "connect" }),
  "request: a method that is not a token is refused": ({ Request }) => new Request("https://x.example/", { method: "GE T" }),
  "request: GET with a body is refused": ({ Request }) => new Request("https://x.example/", { method: "GET", body: "{}" }),
  "request: a text body, its type, read once": async ({ Request }) => {
    const request = new Request("https://x.example/", { method: "POST", body: '{"title":"글"}' });
    const before = request.bodyUsed;
    const json = await request.json();
    const second = await request.text().then(
      () => "read again",
      (error: Error) => error.constructor.name,
    );
    return { type: request.headers.get("content-type"), hasBody: request.body !== null, before, json, after: request.bodyUsed, second };
  },
  "request: a given content type is kept": ({ Request }) =>
    new Request("https://x.example/", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }).headers.get("content-type"),
  "request: bytes read back as text and bytes": async ({ Request }) => {
    const body = new TextEncoder().encode("안녕");
    const request = new Request("https://x.example/", { method: "PUT", body });
    return { type: request.headers.get("content-type"), bytes: [...new Uint8Array(await request.clone().arrayBuffer())], text: await request.text() };
  },
  "request: made from another, as GET (what HEAD becomes)": async ({ Request }) => {
    const head = new Request("https://x.example/trpc/x?input=1", { method: "HEAD", headers: { accept: "application/json" } });
    const get = new Request(head, { method: "GET" });
    return { method: get.method, url: get.url, accept: get.headers.get("accept"), body: get.body };
  },
  "request: made from another with its body": async ({ Request }) => {
    const post = new Request("https://x.example/", { method: "POST", body: "text", headers: { "x-a": "1" } });
    const copy = new Request(post);
    return { method: copy.method, header: copy.headers.get("x-a"), text: await copy.text() };
  },
  "request: a signal that is not aborted": ({ Request }) => new Request("https://x.example/").signal.aborted,
  "response: 200 and empty by default": async ({ Response }) => {
    const response = new Response();
    return { status: response.status, ok: response.ok, statusText: response.statusText, body: response.body, text: await response.text() };
  },
  "response: text is typed text/plain": async ({ Response }) => {
    const response = new Response("안녕", { status: 201, headers: { "x-a": "1" } });
    return { status: response.status, ok: response.ok, type: response.headers.get("content-type"), text: await response.text() };
  },
  "response: a given type is kept": ({ Response }) => new Response("{}", { headers: { "Content-Type": "application/json" } }).headers.get("content-type"),
  "response: Response.json": async ({ Response }) => {
    const response = Response.json({ a: "글" }, { status: 400 });
    return { status: response.status, type: response.headers.get("content-type"), json: await response.json() };
  },
  "response: 204 may have no body": ({ Response }) => new Response("x", { status: 204 }),
  "response: 204 without one": ({ Response }) => new Response(null, { status: 204 }).status,
  "response: a status outside 200–599 is refused": ({ Response }) => new Response(null, { status: 100 }),
  "response: remade from its own body and itself, as Hono does": async ({ Response }) => {
    const first = new Response('{"ok":true}', { status: 404, statusText: "Not Found", headers: { "content-type": "application/json", vary: "origin" } });
    const second = new Response(first.body, first);
    second.headers.set("x-request-id", "r");
    return {
      status: second.status,
      statusText: second.statusText,
      ...entries(second.headers),
      text: await second.text(),
      firstHeaders: entries(first.headers),
    };
  },
  "response: a clone reads the same, independently": async ({ Response }) => {
    const response = new Response("twice");
    const clone = response.clone();
    return { one: await response.text(), two: await clone.text(), used: [response.bodyUsed, clone.bodyUsed] };
  },
  "response: bytes": async ({ Response }) => {
    const response = new Response(new Uint8Array([0, 255, 1]));
    return { type: response.headers.get("content-type"), bytes: [...new Uint8Array(await response.arrayBuffer())] };
  },
  "response: a stream body is read whole": async ({ Response }) => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("one "));
        controller.enqueue(new TextEncoder().encode("two"));
        controller.close();
      },
    });
    return new Response(stream).text();
  },
  "response: its body read as a stream": async ({ Response }) => {
    const reader = (new Response("streamed").body as ReadableStream<Uint8Array>).getReader();
    const chunks: number[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(...read.value);
    return new TextDecoder().decode(new Uint8Array(chunks));
  },
};

describe("the function's Fetch classes behave as Node's", () => {
  it.each(Object.entries(scenarios))("%s", async (_, scenario) => {
    const expected = await observe(scenario, node);
    expect(await observe(scenario, ours)).toEqual(expected);
  });
});
