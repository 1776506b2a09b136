import { createContainerHandler } from "./container.js";

/** API Gateway REST (v1) proxy integration entry point, built once per container. */
export const handler = await createContainerHandler();
