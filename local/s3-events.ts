import type { S3Event } from "aws-lambda";

/**
 * An `s3:ObjectCreated` notification as S3 delivers it to Lambda (the shape of AWS's documented
 * sample event): one builder for the local S3's uploads and the tests. Keys arrive URL-encoded.
 */
export function objectCreatedEvent({
  bucket,
  key,
  size,
  eTag = "0123456789abcdef0123456789abcdef",
  region = "us-east-1",
  eventName = "ObjectCreated:Post",
}: {
  bucket: string;
  key: string;
  size: number;
  eTag?: string;
  region?: string;
  eventName?: string;
}): S3Event {
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: region,
        eventTime: new Date().toISOString(),
        eventName,
        userIdentity: { principalId: "AWS:AIDAEXAMPLE" },
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: { "x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD" },
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "uploads",
          bucket: { name: bucket, ownerIdentity: { principalId: "A3NL1KOZZKExample" }, arn: `arn:aws:s3:::${bucket}` },
          object: {
            key: encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+"),
            size,
            eTag,
            sequencer: Date.now().toString(16).toUpperCase().padStart(16, "0"),
          },
        },
      },
    ],
  };
}
