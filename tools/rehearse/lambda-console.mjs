// What Lambda's Node runtime does to `console` when the function's logging config says JSON
// (AWS_LAMBDA_LOG_FORMAT=JSON, as the stack sets it): every console call becomes one JSON object
// {timestamp, level, requestId, message}, the call's argument under `message` — a string stays a
// string, so a JSON line written with console.log arrives as an escaped string inside `message`,
// not as the log event itself. Levels below AWS_LAMBDA_LOG_LEVEL are dropped. Writes straight to
// stdout are not touched. (aws-lambda-nodejs-runtime-interface-client, src/logging/formatter.ts
// and log-patch.ts; the runtime writes to its telemetry pipe, this stand-in to stdout.)
import { format } from "node:util";

const order = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];

/** Patches `console` as the runtime does for `logFormat` ("JSON" or "Text"); `requestId` names the invocation in progress. */
export function patchConsoleAsLambda(logFormat, minimumLevel = "INFO", requestId = () => undefined) {
  if (logFormat !== "JSON") return;
  const write =
    (level) =>
    (message, ...params) => {
      const entry = { timestamp: new Date().toISOString(), level, requestId: requestId() };
      entry.message = params.length === 0 ? message : format(message, ...params);
      process.stdout.write(`${JSON.stringify(entry)}\n`);
    };
  const nothing = () => {};
  for (const [method, level] of [
    ["trace", "TRACE"],
    ["debug", "DEBUG"],
    ["info", "INFO"],
    ["warn", "WARN"],
    ["error", "ERROR"],
  ])
    console[method] = order.indexOf(level) >= order.indexOf(minimumLevel) ? write(level) : nothing;
  console.log = console.info;
}
