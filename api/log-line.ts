/**
 * One log line: a JSON object and a newline, written straight to stdout. Not `console.log`: with
 * the stack's JSON log format, Lambda's Node runtime wraps every console call into its own object
 * with the argument under `message`, so a request line's Embedded Metric Format part would reach
 * CloudWatch as an escaped string, and no metric (nor any alarm on one) would come of it. Lambda
 * passes what is written to stdout through unchanged, one event per line.
 */
export function writeLogLine(entry: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}
