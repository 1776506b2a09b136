import { createContainerHandler } from "./container.js";

/**
 * The entry of the code-cache build (tools/code-cache/, api/code-cache/): a CommonJS script V8 can cache, which
 * cannot await at its top level, so it hands its loader the container's handler as a promise.
 */
export const ready = createContainerHandler();
