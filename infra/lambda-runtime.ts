/**
 * What Lambda's nodejs22.x runtime passes to Node: its bootstrap script sizes V8's heap from the
 * function's memory (new space a tenth of it, split in two semi-spaces; old space the rest) and
 * raises the header limit. Anything compiled for this runtime ahead of time (the trained code
 * cache) must be made under the same flags: V8 refuses a code cache made under other flags, which
 * is also why Node's own built-in cache goes unused on Lambda.
 */
export function lambdaNodeFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return ["--expose-gc", "--max-http-header-size", "81920", `--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}
