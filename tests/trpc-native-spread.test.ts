/**
 * The Lambda bundle's tRPC spreads with the engine's Object.assign instead of Babel's helper
 * (tools/trpc-native-spread.ts). This evaluates both helpers from tRPC's own file, with the same
 * supporting helpers, and holds them to the same result — every own property's descriptor, the
 * prototype — over the shapes a spread meets; and holds that the patch changes nothing else and
 * refuses a file it was not written for.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { babelHelper, nativeHelper, patchObjectSpread } from "../tools/trpc-native-spread.js";

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve("@trpc/server"));
const file = readdirSync(dist).find((name) => /^getErrorShape-.*\.mjs$/.test(name));
const source = readFileSync(join(dist, file!), "utf8");

type Spread = (target: object, ...sources: unknown[]) => object;

/** The helper and what it calls, as they stand in tRPC's file (from `_typeof` to the helper's end). */
function helperFrom(text: string, helper: string): Spread {
  const start = text.indexOf("function _typeof(");
  const end = text.indexOf(helper) + helper.length;
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return new Function(`${text.slice(start, end)}\nreturn _objectSpread2;`)() as Spread;
}

const babel = helperFrom(source, babelHelper);
const native = helperFrom(patchObjectSpread(source), nativeHelper);

/** Every own property as [key, descriptor], in order (a map of descriptors would confuse a key named "constructor" with the type). */
const described = (value: object) => Reflect.ownKeys(value).map((key) => [key, Object.getOwnPropertyDescriptor(value, key)]);

const tag = Symbol("tag");
const hiddenTag = Symbol("hidden");
const withGetter = {
  get computed() {
    return "read";
  },
  plain: 1,
};
const withHidden = Object.defineProperties({ shown: 1 }, { secret: { value: 2, enumerable: false }, [hiddenTag]: { value: 3, enumerable: false } });
const protoKey = JSON.parse('{"__proto__": {"polluted": true}, "kept": 1}');
class Instance {
  own = 1;
  inherited() {
    return 2;
  }
}

/** Calls as tRPC's call sites make them: a fresh literal first, spreads at odd places, literals at even ones. */
const calls: [string, () => unknown[]][] = [
  ["one spread", () => [{}, { ctx: { a: 1 }, input: "x", path: "posts.get" }]],
  ["spread, then a literal over it", () => [{}, { a: 1, b: 2 }, { b: 3, c: 4 }]],
  ["nested, as Babel nests them", () => [babel({}, { a: 1 }), {}, { meta: undefined, input: null }]],
  ["a spread with symbols, enumerable and not", () => [{}, { [tag]: "t", x: 1, ...Object.fromEntries([]) }, {}, withHidden]],
  ["a spread with a getter (read, not copied as one)", () => [{}, withGetter]],
  ["a spread with non-enumerable properties (left out)", () => [{}, withHidden]],
  ["null and undefined (nothing)", () => [{}, null, {}, undefined]],
  ["a string and a number (a string's indices)", () => [{}, "ab", {}, 5]],
  ["an array", () => [{}, [1, 2, 3]]],
  ["a class instance (own fields only)", () => [{}, new Instance()]],
  ["an own __proto__ key, as JSON input may have (kept a key, the prototype untouched)", () => [{}, protoKey]],
  ["keys named like Object.prototype's", () => [{}, { toString: "s", constructor: "c", hasOwnProperty: 1, valueOf: 2 }]],
  ["a literal first that the spread overwrites", () => [{ a: 1, keep: true }, { a: 2 }]],
  ["integer-like keys (ordered as the engine orders them)", () => [{}, { b: 1, 2: "two", a: 3, 1: "one" }]],
];

describe("tRPC's object spread in the Lambda bundle (tools/trpc-native-spread.ts)", () => {
  it.each(calls)("gives what Babel's helper gives: %s", (_name, args) => {
    const [babelTarget, ...babelSources] = args() as [object, ...unknown[]];
    const [nativeTarget, ...nativeSources] = args() as [object, ...unknown[]];
    const fromBabel = babel(babelTarget, ...babelSources);
    const fromNative = native(nativeTarget, ...nativeSources);
    expect(fromNative).toBe(nativeTarget); // filled in place and returned, as Babel's
    expect(described(fromNative)).toStrictEqual(described(fromBabel));
    expect(Object.getPrototypeOf(fromNative)).toBe(Object.getPrototypeOf(fromBabel));
  });

  it("an own __proto__ key stays a key: the result's prototype is not changed", () => {
    const result = native({}, protoKey) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, "__proto__")).toBe(true);
    expect(result.polluted).toBeUndefined();
  });

  it("changes the helper and nothing else of tRPC's file", () => {
    const patched = patchObjectSpread(source);
    expect(patched).not.toBe(source);
    expect(patched.replace(nativeHelper, babelHelper)).toBe(source);
  });

  it("refuses a file it was not written for (a tRPC upgrade stops the build)", () => {
    expect(() => patchObjectSpread(`${source}\n// changed`)).toThrow(/not the source the native-spread patch was written for/);
  });
});
