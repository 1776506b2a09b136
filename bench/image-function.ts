import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import sharp from "sharp";
import { ulid } from "ulid";
import { createAttachmentEntity } from "../entities/attachment.js";
import { bundleImageFunction } from "../tools/image-bundle.js";
import { lambdaNodeFlags } from "../infra/lambda-runtime.js";
import { uploadKey } from "../media/media-keys.js";
import { startLocalS3 } from "../local/local-s3.js";
import { objectCreatedEvent } from "../local/s3-events.js";
import { buildDir } from "./bundles.js";
import { lambdaEnvironment, lambdaNode } from "./lambda-node.js";
import { median, round } from "./stats.js";

const run = promisify(execFile);
/** The image function's memory (infra/image-function.ts). */
const memoryMb = 1536;

/**
 * The image function as Lambda runs it (Node 22, its flags for 1536 MB), cold each time: import
 * the bundle (sharp included; here this machine's build of it) and process one 4000×3000 JPEG
 * upload from a local S3, recording the outcome in DynamoDB Local.
 */
export async function imageFunctionCold(client: DynamoDBClient, table: string, dynamoEndpoint: string, runs: number) {
  const { outdir } = await bundleImageFunction(join(buildDir, "image-function"), { withLambdaSharp: false });
  const bucket = "bench-media";
  const s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), "bench-s3-")), buckets: [bucket] });
  const attachments = createAttachmentEntity({ client, table });
  // Noise: the encoder works as hard as on a photograph.
  const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "black", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
    .jpeg({ quality: 90 })
    .toBuffer();
  const node = lambdaNode();
  const env = {
    ...process.env,
    ...lambdaEnvironment(memoryMb),
    TABLE_NAME: table,
    MEDIA_BUCKET: bucket,
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: "serverless-board-images",
  };
  const samples: { readyMs: number; eventMs: number }[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      const attachmentId = ulid();
      await attachments.create({ attachmentId, status: "uploading", contentType: "image/jpeg", updatedAt: new Date().toISOString() }).go();
      await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: uploadKey(attachmentId), Body: photo, ContentType: "image/jpeg" }));
      const event = objectCreatedEvent({ bucket, key: uploadKey(attachmentId), size: photo.length });
      const { stdout } = await run(
        node.path,
        [...lambdaNodeFlags(memoryMb), join(import.meta.dirname, "image-cold-child.mjs"), join(outdir, "index.mjs"), JSON.stringify(event)],
        { env, maxBuffer: 16 * 1024 * 1024 },
      );
      if (i > 0) samples.push(JSON.parse(stdout.trim().split("\n").pop()!)); // the first warms the OS's file cache
    }
  } finally {
    await s3.close();
  }
  const code = readFileSync(join(outdir, "index.mjs"));
  return {
    runs,
    inputBytes: photo.length,
    readyMs: round(median(samples.map((sample) => sample.readyMs)), 1),
    eventMs: round(median(samples.map((sample) => sample.eventMs)), 1),
    bundle: { rawBytes: code.length, gzipBytes: gzipSync(code).length },
  };
}
