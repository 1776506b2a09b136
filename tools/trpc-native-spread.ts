import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Plugin } from "esbuild";

/**
 * tRPC's build carries Babel's object-spread helper, `_objectSpread2`, and every step of a
 * procedure's middleware chain calls it twice (callRecursive copies its options for the middleware
 * and again for `next`). Babel's helper lists the keys, filters the symbols, and defines each
 * property through a closure and a key conversion: ≈ 0.1 M instructions of every warm request
 * (1.5% of a thread read, 2.7% of a create; docs/performance.md#levers-measured-in-instructions).
 *
 * The plugin gives the Lambda bundle's copy the engine's own `Object.assign` for the spread
 * arguments (the odd ones; the even ones are object literals, copied by descriptor as before).
 * The two agree on what they copy — own enumerable keys, strings then symbols, values read
 * through getters — and on where: every call site hands the helper a fresh object literal to fill,
 * which has no accessor of its own (no call site's literal has a getter), so a [[Set]] on it defines a
 * data property just as Babel's definition does. The one setter it inherits is `__proto__`: a source
 * with an own "__proto__" key (JSON input can have one) keeps Babel's path, so it stays a key.
 * tests/trpc-native-spread.test.ts holds the two helpers to the same result, descriptor by descriptor.
 *
 * Tied to the exact file it was written against: a tRPC upgrade stops the build until this is re-read.
 */
export const patchedSourceSha256 = "9076e8e52ea40ab802317064d587ab862da99db3a3759c6c952aee6241249eb7";

/** Babel's helper as tRPC 11.25.2 ships it (tabs and all). */
export const babelHelper = `function _objectSpread2(e) {
	for (var r = 1; r < arguments.length; r++) {
		var t = null != arguments[r] ? arguments[r] : {};
		r % 2 ? ownKeys(Object(t), !0).forEach(function(r) {
			_defineProperty(e, r, t[r]);
		}) : Object.getOwnPropertyDescriptors ? Object.defineProperties(e, Object.getOwnPropertyDescriptors(t)) : ownKeys(Object(t)).forEach(function(r) {
			Object.defineProperty(e, r, Object.getOwnPropertyDescriptor(t, r));
		});
	}
	return e;
}`;

export const nativeHelper = `function _objectSpread2(e) {
	for (var r = 1; r < arguments.length; r++) {
		var t = null != arguments[r] ? arguments[r] : {};
		if (r % 2 === 0) Object.defineProperties(e, Object.getOwnPropertyDescriptors(t));
		else if (!Object.hasOwn(t, "__proto__")) Object.assign(e, t);
		else ownKeys(Object(t), !0).forEach(function(r) {
			_defineProperty(e, r, t[r]);
		});
	}
	return e;
}`;

/** tRPC's file with the native helper; throws if the file is not the one this was written for. */
export function patchObjectSpread(source: string, path = "@trpc/server/dist/getErrorShape-*.mjs"): string {
  const sha256 = createHash("sha256").update(source).digest("hex");
  if (sha256 !== patchedSourceSha256)
    throw new Error(
      `${path} is not the source the native-spread patch was written for (sha256 ${sha256}, expected ${patchedSourceSha256}). ` +
        "tRPC changed: re-read its _objectSpread2 and its call sites, adapt tools/trpc-native-spread.ts, and update the hash.",
    );
  if (source.split(babelHelper).length !== 2) throw new Error(`${path}: expected exactly one Babel _objectSpread2`);
  return source.replace(babelHelper, nativeHelper);
}

export const trpcNativeSpread: Plugin = {
  name: "trpc-native-spread",
  setup(build) {
    build.onLoad({ filter: /[\\/]@trpc[\\/]server[\\/]dist[\\/]getErrorShape-[^\\/]*\.mjs$/ }, (args) => ({
      contents: patchObjectSpread(readFileSync(args.path, "utf8"), args.path),
      loader: "js",
    }));
  },
};
