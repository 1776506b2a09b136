/**
 * CloudFront and the bucket notification, in front of and beside the rehearsed functions: the
 * site's routes (the API through the API Gateway v1 emulation, with the origin secret and viewer
 * address CloudFront adds; /media/<id>/<size>.webp from the media bucket; the web board's files),
 * and the image function invoked with the S3 event the applied notification produces for every
 * upload that lands under its prefix.
 */
import type { Server } from "node:http";
import { GetBucketNotificationConfigurationCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { mediaKeyOfPath } from "../../media/media-keys.js";
import { createEmulator } from "../../local/apigw-emulator.js";
import { lambdaContext } from "../../local/proxy-events.js";
import { objectCreatedEvent } from "../../local/s3-events.js";
import { serveWebBoard } from "../../local/static-files.js";
import type { RunningFunction } from "./functions.js";

const deployer = { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" };

export async function startEdge({
  api,
  endpoint,
  mediaBucket,
  originSecret,
}: {
  api: RunningFunction;
  endpoint: string;
  mediaBucket: string;
  originSecret: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: deployer });
  const server: Server = createEmulator({
    stage: "prod",
    handler: async (event) => {
      const viaCloudFront = { "X-Origin-Verify": originSecret, "CloudFront-Viewer-Address": `${event.requestContext.identity.sourceIp}:443` };
      const headers = { ...event.headers, ...viaCloudFront };
      const multiValueHeaders = { ...event.multiValueHeaders, ...Object.fromEntries(Object.entries(viaCloudFront).map(([name, value]) => [name, [value]])) };
      return (await api.invoke({ ...event, headers, multiValueHeaders }, lambdaContext("serverless-board-api") as never)) as never;
    },
    serveStatic: async (req, res) => {
      const path = (req.url ?? "/").split("?")[0]!;
      if (path.startsWith("/media/")) {
        const key = mediaKeyOfPath(path);
        const object = key ? await s3.send(new GetObjectCommand({ Bucket: mediaBucket, Key: key })).catch(() => undefined) : undefined;
        if (!object) {
          res.writeHead(404).end();
          return true;
        }
        res.writeHead(200, { "content-type": object.ContentType ?? "application/octet-stream" }).end(Buffer.from(await object.Body!.transformToByteArray()));
        return true;
      }
      return serveWebBoard(req, res);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Watches the media bucket as its applied notification says (read back from the emulator, which
 * stores the configuration but invokes nothing) and invokes the image function with S3's event for
 * each new object under the notification's prefix. Returns what it invoked, to stop it.
 */
export async function watchUploads({ images, imagesArn, endpoint, bucket }: { images: RunningFunction; imagesArn: string; endpoint: string; bucket: string }) {
  const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: deployer });
  const notification = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  const target = notification.LambdaFunctionConfigurations?.find((configuration) => configuration.LambdaFunctionArn === imagesArn);
  if (!target) throw new Error(`the media bucket's notification does not invoke ${imagesArn}`);
  const prefix = target.Filter?.Key?.FilterRules?.find((rule) => rule.Name?.toLowerCase() === "prefix")?.Value ?? "";
  if (!target.Events?.some((event) => event.startsWith("s3:ObjectCreated"))) throw new Error("the media bucket's notification is not for created objects");
  const seen = new Map<string, string>();
  const invoked: { key: string; outcome: unknown }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix })).catch(() => undefined);
      for (const object of listed?.Contents ?? []) {
        if (!object.Key || seen.get(object.Key) === object.ETag) continue;
        seen.set(object.Key, object.ETag ?? "");
        const event = objectCreatedEvent({ bucket, key: object.Key, size: object.Size ?? 0, eventName: "ObjectCreated:Post" });
        invoked.push({
          key: object.Key,
          outcome: await images.invoke(event, lambdaContext("serverless-board-images") as never).catch((error: Error) => ({ error: error.message })),
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  })();
  return {
    prefix,
    invoked,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
