// Instruction counting under callgrind (bench/instructions.ts). Cold: import a handler bundle,
// answer one event, exit. Warm: answer the event `warmup` times, then for each of `windows`
// windows say "ready" and wait (the counters are zeroed), answer it `requests` times, say "done"
// and wait (the counters are dumped) — so neither start-up nor exit is ever in a warm count.
// Warm runs need --expose-gc (bench/instructions.ts adds it).
import { createInterface } from "node:readline";

const [, , bundle, eventJson, mode, warmup = "0", requests = "0", windows = "1"] = process.argv;
const { handler } = await import(bundle);
const event = JSON.parse(eventJson);
const context = { awsRequestId: "instructions", getRemainingTimeInMillis: () => 10000 };
const answer = async () => {
  const result = await handler(event, context);
  if (result.statusCode >= 300) {
    console.error(`unexpected status ${result.statusCode}: ${result.body}`);
    process.exit(1);
  }
};
await answer();
if (mode === "cold") process.exit(0);
for (let i = 0; i < Number(warmup); i++) await answer();
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
for (let window = 0; window < Number(windows); window++) {
  // Every window starts from the same heap: garbage of earlier requests collected, the young
  // generation empty, so the collections inside a window fall at the same requests every time.
  globalThis.gc();
  process.stdout.write("ready\n");
  await lines.next();
  for (let i = 0; i < Number(requests); i++) await answer();
  process.stdout.write("done\n");
  await lines.next();
}
process.exit(0);
