/**
 * A JSON body a test received and is about to assert on: the assertions say what shape it must
 * have, so a declared type would only repeat them.
 */
// biome-ignore lint/suspicious/noExplicitAny: the test's own expect() calls are the type check.
export type Json = any;
