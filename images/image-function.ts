import type { S3Event } from "aws-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { createStoreClient } from "../entities/dynamo-client.js";
import { createAttachmentEntity } from "../entities/attachment.js";
import { attachmentIdOfUpload } from "../media/media-keys.js";
import { processUpload } from "./upload-processor.js";
import { writeLogLine } from "../api/log-line.js";
import type { UploadOutcome, UploadProcessorDeps } from "./upload-processor.js";

/** The image function's settings, from its environment; a missing one stops it with one line. */
export function imageFunctionConfig(env: NodeJS.ProcessEnv) {
  const missing = ["TABLE_NAME", "MEDIA_BUCKET"].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Invalid configuration: ${missing.join(", ")} must be set`);
  return { tableName: env.TABLE_NAME!, bucket: env.MEDIA_BUCKET!, region: env.AWS_REGION ?? "us-east-1", dynamoEndpoint: env.DYNAMODB_ENDPOINT };
}

/**
 * The S3-triggered function: every `uploads/…` object an event names is processed (see
 * upload-processor.ts); the log line says what became of each. An unexpected failure throws, so
 * Lambda retries the event; a refused image is an outcome, not a failure.
 */
export function createImageFunction(deps: UploadProcessorDeps) {
  return async (event: S3Event): Promise<UploadOutcome[]> => {
    const outcomes: UploadOutcome[] = [];
    for (const record of event.Records) {
      const attachmentId = attachmentIdOfUpload(record.s3.object.key);
      if (!attachmentId || record.s3.bucket.name !== deps.bucket) continue;
      const started = performance.now();
      const outcome = await processUpload(deps, attachmentId);
      writeLogLine({ level: "info", msg: "upload processed", ...outcome, durationMs: Math.round(performance.now() - started) });
      outcomes.push(outcome);
    }
    return outcomes;
  };
}

export function imageFunctionFromEnvironment(env: NodeJS.ProcessEnv = process.env) {
  const config = imageFunctionConfig(env);
  const client = createStoreClient(config);
  // Path-style when pointed at a local S3 (AWS_ENDPOINT_URL_S3, which the SDK reads itself).
  return createImageFunction({
    s3: new S3Client({ region: config.region, forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3) }),
    bucket: config.bucket,
    attachments: createAttachmentEntity({ client, table: config.tableName }),
  });
}
