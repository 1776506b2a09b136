/**
 * The stream projector's event source mapping, rehearsed: the mapping as the stack declares it
 * (moto cannot hold one without consuming the stream itself: see emulator-stack.ts), run by the
 * local event source mapping (local/stream-poller.ts) against the table's stream in the emulator,
 * reading it with the projector's own role through the IAM proxy (so the four stream actions on
 * the stream's ARN are checked as AWS checks them), and invoking the rehearsed projector zip.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBBatchResponse } from "aws-lambda";
import { createStreamPoller } from "../../local/stream-poller.js";
import type { OnFailureRecord } from "../../local/stream-poller.js";
import type { RoleCredentials, RunningFunction } from "./functions.js";

/** A mapping as cdk.tf.json declares it (Terraform's attribute names). */
interface DeclaredMapping {
  batch_size: number;
  maximum_batching_window_in_seconds: number;
  maximum_retry_attempts: number;
  maximum_record_age_in_seconds: number;
  bisect_batch_on_function_error: boolean;
  function_response_types: string[];
  starting_position: string;
  destination_config?: { on_failure?: { destination_arn?: string } };
}

export async function startStreamMapping(options: {
  endpoint: string;
  iamEndpoint: string;
  tableName: string;
  declared: Record<string, unknown>[];
  functionName: string;
  credentials: RoleCredentials;
  projector: RunningFunction;
}): Promise<{
  said: string;
  failures: OnFailureRecord[];
  errors: string[];
  stats: { polls: number; shards: number; recordsRead: number };
  drain(): Promise<void>;
  stop(): void;
}> {
  if (options.declared.length !== 1) throw new Error(`the stack declares ${options.declared.length} event source mappings, not 1`);
  const mapping = options.declared[0] as unknown as DeclaredMapping;
  if (!mapping.function_response_types.includes("ReportBatchItemFailures")) throw new Error("the stream mapping does not take partial batch responses");
  if (!mapping.destination_config?.on_failure?.destination_arn) throw new Error("the stream mapping has no on-failure destination");
  // Finding the stream is the mapping's own business (Lambda's service does it, not the function).
  const dynamo = new DynamoDBClient({
    endpoint: options.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" },
  });
  const streamArn = (await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }))).Table?.LatestStreamArn;
  dynamo.destroy();
  if (!streamArn) throw new Error(`${options.tableName} has no stream in the emulator`);
  const settings = {
    batchSize: mapping.batch_size,
    maximumBatchingWindowInSeconds: mapping.maximum_batching_window_in_seconds,
    maximumRetryAttempts: mapping.maximum_retry_attempts,
    maximumRecordAgeInSeconds: mapping.maximum_record_age_in_seconds,
    bisectBatchOnFunctionError: mapping.bisect_batch_on_function_error,
  };
  const failures: OnFailureRecord[] = [];
  const poller = createStreamPoller({
    streamArn,
    streams: new DynamoDBStreamsClient({ endpoint: options.iamEndpoint, region: "us-east-1", credentials: options.credentials }),
    invoke: async (event) =>
      (await options.projector.invoke(event, { awsRequestId: crypto.randomUUID(), functionName: options.functionName })) as DynamoDBBatchResponse,
    onFailure: (failure) => failures.push(failure),
    settings,
    pollIntervalMs: 250,
  });
  const errors: string[] = [];
  poller.start((error) => errors.push(`${error.name}: ${error.message}`));
  return {
    said: `the stream mapping as declared (${Object.entries(settings)
      .map(([key, value]) => `${key} ${value}`)
      .join(", ")}, partial batch responses, ${mapping.starting_position})`,
    failures,
    errors,
    stats: poller.stats,
    drain: () => poller.drain(),
    stop: () => poller.stop(),
  };
}
