import * as z from "zod";

/**
 * zod, as every module of the API imports it (never "zod" itself): configured before any schema
 * of ours is built, which a module importing this one cannot do first otherwise (the bundle's
 * shared chunks are evaluated before the entry's own code).
 *
 * `jitless`: zod compiles each object schema's parser with `new Function` on its first parse (and
 * probes once whether it may). On Lambda that compiling lands on a cold start's first request, for
 * every schema the request meets; the interpreted parser is as fast warm, within ±2%
 * (docs/performance.md#levers-measured-in-instructions). zod reads it when a schema is built. And
 * no code is compiled from strings in the function (tests/bundle.test.ts holds both).
 */
z.config({ jitless: true });

export { z };
