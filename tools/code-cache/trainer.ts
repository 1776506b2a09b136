/**
 * Training run (a separate process on the target Node, under Lambda's flags): loads the bundle
 * without a cache, answers the given API Gateway events so the code real requests run gets
 * compiled, then writes V8's code cache for everything compiled so far, with its manifest.
 *
 * Usage: node <flags> trainer.mjs <function dir> <events.json>
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { cacheFile, codeBuildOf, codeFile, loadBundle, manifestFile, runtimeIdentity } from "../../api/code-cache/loader.js";
import type { CacheManifest } from "../../api/code-cache/loader.js";

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

const [dir, eventsFile] = process.argv.slice(2);
if (!dir || !eventsFile) throw new Error("usage: trainer.mjs <function dir> <events.json>");
const events = JSON.parse(readFileSync(eventsFile, "utf8")) as unknown[];
const { handler, script } = await loadBundle(dir, { useCache: false });
const context = { awsRequestId: "training", functionName: "training", getRemainingTimeInMillis: () => 30_000 };
const statuses: number[] = [];
for (let round = 0; round < 3; round++) for (const event of events) statuses.push((await (handler as Handler)(event, context)).statusCode);

const cache = script.createCachedData();
const codeBuild = codeBuildOf(readFileSync(join(dir, codeFile), "utf8"));
if (!codeBuild) throw new Error(`${codeFile} has no build line: bundle it with bundleForCodeCache`);
const manifest: CacheManifest = { ...runtimeIdentity(), codeBuild, cacheBytes: cache.length, cacheCrc32: crc32(cache) };
writeFileSync(join(dir, cacheFile), cache);
writeFileSync(join(dir, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
process.stderr.write(`${JSON.stringify({ trained: events.length, statuses: [...new Set(statuses)], cacheBytes: cache.length })}\n`);
