import { Construct } from "constructs";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue/index.js";

/**
 * Where Lambda sends the description of stream records the projector could not project once its
 * retries are spent (shard, first and last sequence number: the records themselves stay in the
 * stream for 24 hours). Encrypted with SQS's own keys; kept 14 days, the longest SQS allows, so
 * an operator has time to look. Its depth is alarmed (infra/alarms.ts).
 */
export class StreamFailureQueue extends Construct {
  readonly queue: SqsQueue;

  constructor(scope: Construct, id: string, props: { name: string }) {
    super(scope, id);
    this.queue = new SqsQueue(this, "queue", { name: props.name, sqsManagedSseEnabled: true, messageRetentionSeconds: 14 * 24 * 60 * 60 });
  }
}
