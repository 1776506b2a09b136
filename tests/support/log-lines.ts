import { vi } from "vitest";

/**
 * The function's log lines (api/log-line.ts writes them straight to stdout, as Lambda wants them),
 * caught — and kept out of the test output — until `restore`. Anything else on stdout passes.
 */
export function catchLogLines(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const spy = vi.spyOn(process.stdout, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    if (!text.startsWith("{")) return write(chunk, ...rest);
    lines.push(...text.split("\n").filter((line) => line.length > 0));
    return true;
  }) as typeof process.stdout.write);
  return { lines, restore: () => spy.mockRestore() };
}
