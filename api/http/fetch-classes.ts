/**
 * Fetch's `Headers`, `Request` and `Response`, as much of them as the function's HTTP path uses
 * (Hono, tRPC's fetch adapter, trpc-to-openapi, our Lambda adapter), held to Node's own in
 * tests/fetch-classes.test.ts. Why they exist: Node's are undici's, and the first touch of any of
 * them loads and compiles all of undici once Lambda's flags make Node reject its built-in code
 * cache: 390 M instructions in a bare `node -e`, 175 M of the function's cold start with its
 * trained cache (docs/performance.md); and each of its objects checks and converts every argument
 * (warm requests −8…−17% without them). The API bundle swaps them in for the globals (esbuild
 * `inject`, tools/bundle.ts); nothing else does.
 *
 * Bodies are kept as text or bytes, never as streams unless someone asks for `.body` and reads it:
 * a stream (`ReadableStream`, itself 50 M instructions to load) is made only then.
 */

type HeaderPairs = Iterable<readonly [string, string]> | Record<string, string>;
type HeadersLike = LightHeaders | globalThis.Headers | HeaderPairs;

/** What Fetch takes as a header name (an RFC 9110 token) and never in a value (NUL, CR, LF; it trims the whitespace around one). */
export const headerToken = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
export const unsafeHeaderValue = /[\0\r\n]/;
const surroundingWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function headerName(name: string): string {
  const text = String(name);
  if (!headerToken.test(text)) throw new TypeError(`Headers: "${text}" is not a valid header name`);
  return text.toLowerCase();
}

function headerValue(value: string): string {
  const text = String(value).replace(surroundingWhitespace, "");
  if (unsafeHeaderValue.test(text)) throw new TypeError(`Headers: invalid value for a header`);
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) > 0xff) throw new TypeError(`Headers: a header value must be a byte string (character ${i} is not)`);
  return text;
}

export class LightHeaders {
  readonly #values = new Map<string, string[]>();

  constructor(init?: HeadersLike | null) {
    if (init === undefined || init === null) return;
    if (init instanceof LightHeaders) {
      for (const [name, values] of init.#values) this.#values.set(name, [...values]);
      return;
    }
    if (Symbol.iterator in Object(init)) {
      for (const pair of init as Iterable<readonly [string, string]>) {
        if (pair.length !== 2) throw new TypeError("Headers: each header must be a [name, value] pair");
        this.append(pair[0], pair[1]);
      }
      return;
    }
    for (const [name, value] of Object.entries(init as Record<string, string>)) this.append(name, String(value));
  }

  append(name: string, value: string): void {
    const key = headerName(name);
    const text = headerValue(value);
    const values = this.#values.get(key);
    if (values) values.push(text);
    else this.#values.set(key, [text]);
  }

  set(name: string, value: string): void {
    this.#values.set(headerName(name), [headerValue(value)]);
  }

  delete(name: string): void {
    this.#values.delete(headerName(name));
  }

  has(name: string): boolean {
    return this.#values.has(headerName(name));
  }

  get(name: string): string | null {
    return this.#values.get(headerName(name))?.join(", ") ?? null;
  }

  getSetCookie(): string[] {
    return [...(this.#values.get("set-cookie") ?? [])];
  }

  /** Fetch's order: names sorted, values combined, except each Set-Cookie on its own. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const values = this.#values.get(name);
      if (!values) continue;
      if (name === "set-cookie") for (const value of values) yield [name, value];
      else yield [name, values.join(", ")];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, name: string, headers: LightHeaders) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  get [Symbol.toStringTag](): string {
    return "Headers";
  }
}

type Payload = string | Uint8Array | null;
type BodyInput = Payload | ArrayBuffer | ArrayBufferView | LightBody | ReadableStream<Uint8Array> | undefined;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What `.body` gives: a stand-in that Hono and tRPC can pass back into a new Response without
 * reading it; a real stream only when read (`getReader`, `pipeTo`…).
 */
export class LightBody {
  #stream: ReadableStream<Uint8Array> | undefined;
  constructor(
    readonly payload: Payload,
    readonly source: ReadableStream<Uint8Array> | undefined,
  ) {}

  stream(): ReadableStream<Uint8Array> {
    if (this.#stream) return this.#stream;
    if (this.source) {
      this.#stream = this.source;
      return this.source;
    }
    const bytes = typeof this.payload === "string" ? encoder.encode(this.payload) : (this.payload ?? new Uint8Array());
    this.#stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (bytes.byteLength > 0) controller.enqueue(bytes);
        controller.close();
      },
    });
    return this.#stream;
  }

  getReader(): ReadableStreamDefaultReader<Uint8Array> {
    return this.stream().getReader();
  }

  pipeTo(destination: WritableStream<Uint8Array>, options?: StreamPipeOptions): Promise<void> {
    return this.stream().pipeTo(destination, options);
  }

  pipeThrough<T>(transform: ReadableWritablePair<T, Uint8Array>, options?: StreamPipeOptions): ReadableStream<T> {
    return this.stream().pipeThrough(transform, options);
  }

  tee(): [ReadableStream<Uint8Array>, ReadableStream<Uint8Array>] {
    return this.stream().tee();
  }

  cancel(reason?: unknown): Promise<void> {
    return this.stream().cancel(reason);
  }

  get locked(): boolean {
    return this.#stream?.locked ?? false;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return (this.stream() as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]() as AsyncIterableIterator<Uint8Array>;
  }
}

function toPayload(body: BodyInput): { payload: Payload; source?: ReadableStream<Uint8Array>; type?: string } {
  if (body === undefined || body === null) return { payload: null };
  if (typeof body === "string") return { payload: body, type: "text/plain;charset=UTF-8" };
  if (body instanceof LightBody) return body.source ? { payload: null, source: body.source } : { payload: body.payload };
  if (body instanceof Uint8Array) return { payload: body };
  if (body instanceof ArrayBuffer) return { payload: new Uint8Array(body) };
  if (ArrayBuffer.isView(body)) return { payload: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
  if (typeof (body as ReadableStream).getReader === "function") return { payload: null, source: body as ReadableStream<Uint8Array> };
  throw new TypeError("This function's Fetch classes take text, bytes or a stream as a body");
}

async function readAll(source: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = source.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read())
    chunks.push(typeof read.value === "string" ? encoder.encode(read.value) : read.value);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** Body reading, as Request and Response share it: once only, as text, JSON or bytes. */
abstract class BodyHolder {
  #payload: Payload;
  #source: ReadableStream<Uint8Array> | undefined;
  #used = false;
  #body: LightBody | undefined;

  protected constructor(body: { payload: Payload; source?: ReadableStream<Uint8Array> | undefined }) {
    this.#payload = body.payload;
    this.#source = body.source;
  }

  get body(): LightBody | null {
    if (this.#payload === null && !this.#source) return null;
    this.#body ??= new LightBody(this.#payload, this.#source);
    return this.#body;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  async #bytesOrText(): Promise<Payload> {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    if (this.#source) return readAll(this.#source);
    return this.#payload;
  }

  async text(): Promise<string> {
    const payload = await this.#bytesOrText();
    if (payload === null) return "";
    return typeof payload === "string" ? payload : decoder.decode(payload);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const payload = await this.#bytesOrText();
    const bytes = payload === null ? new Uint8Array() : typeof payload === "string" ? encoder.encode(payload) : payload;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  /** Only the adapter's and the body limit's kinds of body; forms are not part of this API. */
  async formData(): Promise<never> {
    throw new TypeError("This API takes no form data");
  }

  async blob(): Promise<never> {
    throw new TypeError("This API reads no blobs");
  }

  protected copyBody(): { payload: Payload; source?: ReadableStream<Uint8Array> | undefined } {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    if (!this.#source) return { payload: this.#payload };
    const [one, two] = this.#source.tee();
    this.#source = one;
    return { payload: null, source: two };
  }
}

const forbiddenMethods = new Set(["CONNECT", "TRACE", "TRACK"]);
const normalizedMethods = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

function requestMethod(method: string): string {
  if (!headerToken.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
  const upper = method.toUpperCase();
  if (forbiddenMethods.has(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  return normalizedMethods.has(upper) ? upper : method;
}

export interface LightRequestInit {
  method?: string;
  headers?: HeadersLike;
  body?: BodyInput;
  signal?: AbortSignal | null;
  duplex?: "half";
}

export class LightRequest extends BodyHolder {
  readonly url: string;
  readonly method: string;
  readonly headers: LightHeaders;
  readonly #signal: AbortSignal | undefined;
  #ownSignal: AbortSignal | undefined;
  readonly redirect = "follow";
  readonly credentials = "same-origin";
  readonly mode = "cors";
  readonly cache = "default";

  constructor(input: string | URL | LightRequest, init: LightRequestInit = {}) {
    const from = input instanceof LightRequest ? input : undefined;
    const method = requestMethod(init.method ?? from?.method ?? "GET");
    const given = init.body !== undefined ? toPayload(init.body) : undefined;
    const body = given ?? (from ? from.copyBody() : { payload: null });
    if ((method === "GET" || method === "HEAD") && (body.payload !== null || body.source))
      throw new TypeError("Request with GET/HEAD method cannot have body.");
    super(body);
    this.url = from ? from.url : new URL(String(input)).href;
    this.method = method;
    this.headers = new LightHeaders(init.headers ?? from?.headers);
    if (given?.type && !this.headers.has("content-type")) this.headers.set("content-type", given.type);
    this.#signal = init.signal ?? from?.signal ?? undefined;
  }

  /** Made on first use: nothing aborts a Lambda request, and AbortController is not free to load. */
  get signal(): AbortSignal {
    if (this.#signal) return this.#signal;
    this.#ownSignal ??= new AbortController().signal;
    return this.#ownSignal;
  }

  clone(): LightRequest {
    return new LightRequest(this);
  }

  get [Symbol.toStringTag](): string {
    return "Request";
  }
}

export interface LightResponseInit {
  status?: number;
  statusText?: string;
  headers?: HeadersLike;
}

const nullBodyStatus = new Set([101, 103, 204, 205, 304]);

export class LightResponse extends BodyHolder {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;
  readonly type = "default";
  readonly url = "";
  readonly redirected = false;

  constructor(body?: BodyInput, init: LightResponseInit = {}) {
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
    const taken = toPayload(body);
    if (nullBodyStatus.has(status) && (taken.payload !== null || taken.source))
      throw new TypeError(`Response constructor: Invalid response status code ${status}`);
    super(taken);
    this.status = status;
    this.statusText = init.statusText ?? "";
    this.headers = new LightHeaders(init.headers);
    if (taken.type && !this.headers.has("content-type")) this.headers.set("content-type", taken.type);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  static json(data: unknown, init: LightResponseInit = {}): LightResponse {
    const headers = new LightHeaders(init.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return new LightResponse(JSON.stringify(data), { ...init, headers });
  }

  static error(): never {
    throw new TypeError("This function never answers with a network error");
  }

  static redirect(url: string, status = 302): LightResponse {
    return new LightResponse(null, { status, headers: { location: new URL(url).href } });
  }

  clone(): LightResponse {
    const copy = this.copyBody();
    return new LightResponse(new LightBody(copy.payload, copy.source), this);
  }

  get [Symbol.toStringTag](): string {
    return "Response";
  }
}

export { LightHeaders as Headers, LightRequest as Request, LightResponse as Response };
