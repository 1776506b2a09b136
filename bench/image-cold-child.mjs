// One cold start of the image function: a fresh Node process imports its bundle (sharp and all)
// and handles one S3 event. Prints when it was ready and how long the event took.
const [, , bundle, eventJson] = process.argv;
const { handler } = await import(bundle);
const ready = performance.now();
const outcomes = await handler(JSON.parse(eventJson));
if (outcomes[0]?.status !== "ready") {
  console.error(`unexpected outcome ${JSON.stringify(outcomes)}`);
  process.exit(1);
}
console.log(JSON.stringify({ readyMs: ready, eventMs: performance.now() - ready }));
