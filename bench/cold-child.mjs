// One cold start: a fresh Node process imports a handler bundle and answers one event.
// Prints the milliseconds from process start (Node's time origin) to the first response.
const [, , bundle, eventJson] = process.argv;
const { handler } = await import(bundle);
const result = await handler(JSON.parse(eventJson), { awsRequestId: "cold", getRemainingTimeInMillis: () => 10000 });
if (result.statusCode !== 200) {
  console.error(`unexpected status ${result.statusCode}: ${result.body}`);
  process.exit(1);
}
console.log(JSON.stringify({ ms: performance.now() }));
