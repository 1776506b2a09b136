import { requestLogLine } from "../api/http/request-metrics.js";
import { newObservations } from "../api/request-observations.js";
import type { BuiltBundle } from "./bundles.js";

const metricsModules = /api\/(http\/request-metrics|request-observations|metric-names)\.ts$/;

/**
 * What the request metrics cost: the log line with its Embedded Metric Format part against the
 * plain access-log line it replaced, built and serialised per request (warm), and the bytes of
 * their code in the bundle (all of it on the cold path).
 */
export function metricsCost(bundle: BuiltBundle, iterations = 50_000) {
  const facts = {
    requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    method: "GET",
    route: "/api/posts/01K0000000000000000000000",
    status: 200,
    durationMs: 7.12,
    coldStart: false,
  };
  const observed = { ...newObservations(), procedures: ["posts.get"], dynamoRequests: 1 };
  const plain = () =>
    JSON.stringify({
      level: "info",
      msg: "request",
      requestId: facts.requestId,
      method: facts.method,
      route: facts.route,
      status: facts.status,
      durationMs: facts.durationMs,
    });
  const emf = () => JSON.stringify(requestLogLine(facts, observed, "serverless-board"));
  const perCallMicros = (build: () => string) => {
    for (let i = 0; i < 5_000; i++) build();
    const started = process.hrtime.bigint();
    let bytes = 0;
    for (let i = 0; i < iterations; i++) bytes += build().length;
    return { micros: Number(process.hrtime.bigint() - started) / 1000 / iterations, bytes: Math.round(bytes / iterations) };
  };
  // Interleaved, three rounds each, medians.
  const rounds = Array.from({ length: 3 }, () => ({ plain: perCallMicros(plain), emf: perCallMicros(emf) }));
  const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
  const codeBytes = Object.values(bundle.metafile.outputs).reduce(
    (sum, output) =>
      sum +
      Object.entries(output.inputs)
        .filter(([input]) => metricsModules.test(input))
        .reduce((bytes, [, { bytesInOutput }]) => bytes + bytesInOutput, 0),
    0,
  );
  return {
    plainLineMicros: Math.round(median(rounds.map((round) => round.plain.micros)) * 100) / 100,
    emfLineMicros: Math.round(median(rounds.map((round) => round.emf.micros)) * 100) / 100,
    plainLineBytes: rounds[0]!.plain.bytes,
    emfLineBytes: rounds[0]!.emf.bytes,
    codeBytes,
  };
}
