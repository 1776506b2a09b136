import { createHash, createHmac } from "node:crypto";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

interface SignedRequest {
  service: string;
  region: string;
  /** `host[:port]`, as the Host header carries it. */
  host: string;
  /** The URL's path, already percent-encoded (as `URL.pathname` gives it). */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** The day's signing key, kept while the day, region, service and secret stay the same (they do, all day, on one function). */
let cachedKey: { scope: string; secret: string; key: Buffer } | undefined;
function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const scope = `${date}/${region}/${service}`;
  if (cachedKey?.scope !== scope || cachedKey.secret !== secret)
    cachedKey = { scope, secret, key: hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request") };
  return cachedKey.key;
}

/**
 * AWS Signature Version 4 for what the board sends: a POST with a body to a path without a query.
 * Returns the headers to send: the request's own, Host, X-Amz-Date, the session token and the
 * Authorization that signs them all. (AWS's algorithm, docs.aws.amazon.com/IAM/latest/UserGuide/
 * reference_sigv-create-signed-request.html; tests/aws-json-rpc.test.ts holds it equal to the AWS
 * SDK's own signer.) Ours rather than a library's: the general signers handle queries, S3's
 * rules, presigning and unsigned payloads, and cost the cold start for it.
 */
export function signRequest(request: SignedRequest, credentials: AwsCredentials, now = new Date()): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, ""); // 20261202T223500Z
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.host,
    "x-amz-date": amzDate,
    ...(credentials.sessionToken ? { "x-amz-security-token": credentials.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = ["POST", request.path || "/", "", canonicalHeaders, signedHeaders, sha256(request.body)].join("\n");
  const scope = `${date}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const signature = hmac(signingKey(credentials.secretAccessKey, date, request.region, request.service), stringToSign).toString("hex");
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
