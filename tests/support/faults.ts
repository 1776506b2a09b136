import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * An SDK middleware inside the retry loop: `fail` decides, per attempt, whether this command fails
 * and how. Returns the attempt counts (clear it to start counting again).
 */
export function injectFaults(client: DynamoDBClient, fail: (command: string, attempt: number) => Error | undefined) {
  const attempts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      const attempt = (attempts.get(command) ?? 0) + 1;
      attempts.set(command, attempt);
      const error = fail(command, attempt);
      if (error) throw error;
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "injectFaults" },
  );
  return attempts;
}

/** What DynamoDB answers when it throttles a request. */
export const throttled = () =>
  Object.assign(new Error("Rate of requests exceeds the allowed throughput."), {
    name: "ThrottlingException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
