import { Construct } from "constructs";
import { Token } from "cdktf";
import { contentSecurityPolicy, siteSecurity } from "../web/security-headers.js";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning/index.js";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy/index.js";
import { cloudFrontReadsPolicy } from "./bucket-policy.js";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control/index.js";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy/index.js";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function/index.js";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution/index.js";

// AWS-managed CloudFront policies (their ids are fixed).
const managedPolicies = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
};

/**
 * Page routes of the single-page board (no file extension) get index.html. Done in a viewer
 * function on the site behaviour only: CloudFront's custom error responses would apply to the
 * API behaviours too and turn its JSON 403/404 answers into index.html.
 */
export const spaRewrite = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

export interface BoardSiteProps {
  name: string;
  /** Host of the API Gateway stage (`<id>.execute-api.<region>.amazonaws.com`). */
  apiDomain: string;
  apiStageName: string;
  /** Sent to the API in X-Origin-Verify, so the function can refuse requests that bypass CloudFront. */
  originVerifySecret: string;
  /** The WAF web ACL's ARN, or a Terraform expression that yields it or null. */
  webAclId?: string;
  /** Terraform expressions (e.g. `var.domain_name`): an optional custom domain and its us-east-1 ACM certificate; "" for none. */
  customDomain: { domainNameExpression: string; certificateArnExpression: string };
  /** The media bucket's regional domain: /media/* is read from it. */
  mediaBucketDomain: string;
  /** Where browsers send uploads: the addresses presigned POSTs name for the media bucket. */
  mediaUploadOrigins: string[];
}

/** The header name the API checks (api/http/origin-check.ts reads it in lower case). */
export const originVerifyHeaderName = "X-Origin-Verify";

/**
 * With a certificate: the custom domain, SNI, and TLSv1.2_2021 at least. Without one, CloudFront's
 * default certificate, which accepts TLSv1 whatever minimum is set (AWS documents this).
 */
function customDomainSettings({ domainNameExpression: domain, certificateArnExpression: certificate }: BoardSiteProps["customDomain"]) {
  return {
    aliases: Token.asList(`\${${domain} == "" ? [] : [${domain}]}`),
    viewerCertificate: {
      cloudfrontDefaultCertificate: Token.asAny(`\${${certificate} == ""}`) as unknown as boolean,
      acmCertificateArn: `\${${certificate} == "" ? null : ${certificate}}`,
      sslSupportMethod: `\${${certificate} == "" ? null : "sni-only"}`,
      minimumProtocolVersion: "TLSv1.2_2021",
    },
  };
}

/** The private bucket for the web board, and the CloudFront distribution in front of it and of the API. */
export class BoardSite extends Construct {
  readonly bucket: S3Bucket;
  /** Files go up only once it holds: a file uploaded before versioning has no version a destroy can remove. */
  readonly versioning: S3BucketVersioningA;
  readonly distribution: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: BoardSiteProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: `${props.name}-site-` });
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
    this.versioning = new S3BucketVersioningA(this, "versioning", { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketOwnershipControls(this, "ownership", { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });

    const originAccess = new CloudfrontOriginAccessControl(this, "origin-access", {
      name: `${props.name}-site`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    const securityHeaders = new CloudfrontResponseHeadersPolicy(this, "security-headers", {
      name: `${props.name}-security-headers`,
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: siteSecurity.hstsMaxAgeSeconds, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: siteSecurity.frameOptions, override: true },
        referrerPolicy: { referrerPolicy: siteSecurity.referrerPolicy, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.mediaUploadOrigins), override: true },
      },
    });
    const spaRoutes = new CloudfrontFunction(this, "spa-routes", {
      name: `${props.name}-spa-routes`,
      runtime: "cloudfront-js-2.0",
      code: spaRewrite,
      publish: true,
    });

    const siteOrigin = "site";
    const apiOrigin = "api";
    const mediaOrigin = "media";
    const apiBehaviour = (pathPattern: string) => ({
      pathPattern,
      targetOriginId: apiOrigin,
      viewerProtocolPolicy: "https-only",
      allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: managedPolicies.cachingDisabled,
      originRequestPolicyId: managedPolicies.allViewerExceptHostHeader,
      responseHeadersPolicyId: securityHeaders.id,
      compress: true,
    });

    /** Static files read from a bucket: GET and HEAD only, cached. */
    const bucketBehaviour = (pathPattern: string, targetOriginId: string, { compress }: { compress: boolean }) => ({
      pathPattern,
      targetOriginId,
      viewerProtocolPolicy: "https-only",
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: managedPolicies.cachingOptimized,
      responseHeadersPolicyId: securityHeaders.id,
      compress,
    });

    this.distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: `${props.name}: web board and API`,
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: "PriceClass_100",
      defaultRootObject: "index.html",
      origin: [
        { originId: siteOrigin, domainName: this.bucket.bucketRegionalDomainName, originAccessControlId: originAccess.id },
        { originId: mediaOrigin, domainName: props.mediaBucketDomain, originAccessControlId: originAccess.id },
        {
          originId: apiOrigin,
          domainName: props.apiDomain,
          originPath: `/${props.apiStageName}`,
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
          customHeader: [{ name: originVerifyHeaderName, value: props.originVerifySecret }],
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: siteOrigin,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: managedPolicies.cachingOptimized,
        responseHeadersPolicyId: securityHeaders.id,
        compress: true,
        functionAssociation: [{ eventType: "viewer-request", functionArn: spaRoutes.arn }],
      },
      // First match wins: the API reference's static files come from the bucket, the rest of /api from the API.
      orderedCacheBehavior: [
        bucketBehaviour("/api/docs/*", siteOrigin, { compress: true }),
        // Processed images never change (a new image is a new id): cached as long as they say (a year). WebP is compressed already.
        bucketBehaviour("/media/*", mediaOrigin, { compress: false }),
        apiBehaviour("/trpc/*"),
        apiBehaviour("/api/*"),
      ],
      restrictions: { geoRestriction: { restrictionType: "none" } },
      ...(props.webAclId ? { webAclId: props.webAclId } : {}),
      ...customDomainSettings(props.customDomain),
    });

    new S3BucketPolicy(this, "only-this-distribution", {
      bucket: this.bucket.id,
      policy: cloudFrontReadsPolicy({
        bucketArn: this.bucket.arn,
        readable: "*",
        distributionArn: this.distribution.arn,
        sid: "CloudFrontReadsThroughOriginAccessControl",
      }),
    });
  }

  url(domainNameExpression: string): string {
    return `\${${domainNameExpression} == "" ? "https://\${${this.distribution.terraformResourceType}.${this.distribution.friendlyUniqueId}.domain_name}" : "https://\${${domainNameExpression}}"}`;
  }
}
