/**
 * The function's entry when it ships with a trained code cache (index.mjs): loads the CommonJS
 * bundle beside it through the cache, and says once, in the log, which way it started.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBundle } from "./loader.js";
import { writeLogLine } from "../log-line.js";

const started = await loadBundle(dirname(fileURLToPath(import.meta.url)));
writeLogLine({ level: "INFO", message: "function started", codeCache: started.codeCache, ...(started.reason ? { reason: started.reason } : {}) });

export const handler = started.handler;
