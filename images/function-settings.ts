/**
 * The image function's timeout, in one place: the stack configures the function with it, and the
 * processor sizes its claim on an upload (and its decoding budget) from it.
 */
export const imageFunctionTimeoutSeconds = 30;
