import { Construct } from "constructs";
import { Token } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration/index.js";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy/index.js";
import { cloudFrontReadsPolicy } from "./bucket-policy.js";
import { lifecycleTag, mediaPrefix, uploadPrefix } from "../media/media-keys.js";

/**
 * The private bucket for images: browsers upload to `uploads/` with presigned POSTs (CORS allows
 * only the site's origins to POST), the image function writes `media/`, CloudFront reads it.
 * Abandoned uploads and processed images nobody attached are gone within a day.
 */
export class MediaBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: { name: string }) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: `${props.name}-media-` });
    new S3BucketPublicAccessBlock(this, "no-public-access", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        // The image function deletes every upload it processes; this catches the ones it never saw.
        {
          id: "abandoned-uploads",
          status: "Enabled",
          filter: [{ prefix: uploadPrefix }],
          expiration: [{ days: 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
        // Processed but never attached to a post or comment (attaching retags them).
        {
          id: "unattached-media",
          status: "Enabled",
          filter: [{ and: [{ prefix: mediaPrefix, tags: { [lifecycleTag.key]: lifecycleTag.unattached } }] }],
          expiration: [{ days: 1 }],
        },
      ],
    });
  }

  /** Browsers on these origins (a Terraform list expression: the site's own, and allowed_origins) may POST uploads. */
  allowUploadsFrom(originsExpression: string): void {
    new S3BucketCorsConfiguration(this, "uploads-from-the-site", {
      bucket: this.bucket.id,
      corsRule: [{ allowedMethods: ["POST"], allowedOrigins: Token.asList(originsExpression), allowedHeaders: ["*"], maxAgeSeconds: 3000 }],
    });
  }

  /** TLS only, and CloudFront (this distribution, through its origin access control) may read media/. */
  allowDistribution(distributionArn: string): void {
    new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: cloudFrontReadsPolicy({ bucketArn: this.bucket.arn, readable: `${mediaPrefix}*`, distributionArn: distributionArn, sid: "CloudFrontReadsMedia" }),
    });
  }
}
