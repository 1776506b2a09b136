// Instruction counting under callgrind (bench/instructions.ts). Cold: import a handler bundle,
// answer one event, exit. Warm: answer the event `warmup` times, say "ready" and wait while the
// counters are zeroed, then answer it `requests` times and exit.
const [, , bundle, eventJson, mode, warmup = "0", requests = "0"] = process.argv;
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
process.stdout.write("ready\n");
process.stdin.once("data", async () => {
  for (let i = 0; i < Number(requests); i++) await answer();
  process.exit(0);
});
