/**
 * The policy both private buckets carry: every request over TLS only, and reads by one CloudFront
 * distribution (through its origin access control) of the objects under `readable`. The deploy
 * rehearsal names the TLS statement by its Sid (tools/rehearse/emulator-stack.ts).
 */
export const tlsOnlySid = "OnlyTls";

export function cloudFrontReadsPolicy({
  bucketArn,
  readable,
  distributionArn,
  sid,
}: {
  bucketArn: string;
  readable: string;
  distributionArn: string;
  sid: string;
}): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: tlsOnlySid,
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${bucketArn}/${readable}`,
        Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
      },
    ],
  });
}
