import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * What S3 checks when a browser POSTs an upload form with a presigned policy: its signature, its
 * expiration, and that every condition holds (exact fields, prefixes, the content-length range)
 * and no field is left unconditioned. s3rver (the local S3) checks none of it, so `npm start` and
 * the tests put this in front of it: a refused upload is refused locally as on AWS.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */

export interface FormUpload {
  /** The fields before the file, by lower-cased name; a repeated field keeps its first value. */
  fields: Map<string, string>;
  file: Buffer;
}

export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

const invalid = (message: string): S3Refusal => ({ status: 400, code: "InvalidArgument", message });

/**
 * A multipart/form-data body read as S3 reads a POST upload: the fields before the file (names
 * are case-insensitive and the first occurrence counts), exactly one file, nothing after it. The
 * result is the one reading both the policy check and the store use, so what is checked is what
 * is stored. A refusal in S3's words when the form is not one S3 would take.
 */
export function parseMultipart(body: Buffer, contentType: string): FormUpload | S3Refusal {
  const boundary = /boundary=(?:"([^"]+)"|([^";\s]+))/i.exec(contentType);
  const delimiter = boundary ? Buffer.from(`--${boundary[1] ?? boundary[2]}`) : undefined;
  if (!delimiter) return invalid("POST body must be multipart/form-data with a boundary.");
  const fields = new Map<string, string>();
  const files: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // past CRLF, before CRLF
    start = next;
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd === -1) return invalid("A form part has no headers.");
    const name = /\bname="([^"]*)"/i.exec(part.subarray(0, headerEnd).toString("utf8"))?.[1]?.toLowerCase();
    if (name === undefined) return invalid("A form part has no name.");
    const content = part.subarray(headerEnd + 4);
    if (name === "file") files.push(content);
    else if (files.length === 0 && !fields.has(name)) fields.set(name, content.toString("utf8"));
  }
  if (files.length !== 1) return invalid("POST requires exactly one file upload per request.");
  if (!fields.has("key")) return invalid("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
  return { fields, file: files[0]! };
}

type Condition = Record<string, string> | [string, string | number, string | number];

const signingKey = (secret: string, date: string, region: string, service: string) =>
  [date, region, service, "aws4_request"].reduce<Buffer>((key, part) => createHmac("sha256", key).update(part).digest(), Buffer.from(`AWS4${secret}`));

/** Why S3 would refuse this upload to `bucket`, in S3's words, or undefined if it would take it. */
export function policyProblem(
  upload: FormUpload,
  bucket: string,
  secretFor: (accessKeyId: string) => string | undefined,
  now = new Date(),
): S3Refusal | undefined {
  const field = (name: string) => (name === "bucket" ? bucket : upload.fields.get(name.toLowerCase()));
  const denied = (message: string): S3Refusal => ({ status: 403, code: "AccessDenied", message });
  const encoded = upload.fields.get("policy");
  const signature = upload.fields.get("x-amz-signature");
  const credential = upload.fields.get("x-amz-credential");
  if (!encoded || !signature || !credential) return denied("Bucket POST must contain a policy, a signature and a credential.");
  const [accessKeyId = "", date = "", region = "", service = ""] = credential.split("/");
  const secret = secretFor(accessKeyId);
  if (!secret) return { status: 403, code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records." };
  const expected = createHmac("sha256", signingKey(secret, date, region, service))
    .update(encoded)
    .digest();
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { status: 403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided." };
  const policy = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as { expiration: string; conditions: Condition[] };
  if (new Date(policy.expiration).getTime() <= now.getTime()) return denied("Invalid according to Policy: Policy expired.");
  const covered = new Set(["policy", "x-amz-signature", "file"]);
  for (const condition of policy.conditions) {
    if (!Array.isArray(condition)) {
      for (const [name, value] of Object.entries(condition)) {
        covered.add(name.toLowerCase());
        if (field(name) !== value) return denied(`Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", "${value}"]`);
      }
      continue;
    }
    const [operator, subject, value] = condition;
    if (operator === "content-length-range") {
      const size = upload.file.length;
      if (size > Number(value)) return { status: 400, code: "EntityTooLarge", message: "Your proposed upload exceeds the maximum allowed size" };
      if (size < Number(subject)) return { status: 400, code: "EntityTooSmall", message: "Your proposed upload is smaller than the minimum allowed size" };
      continue;
    }
    const name = String(subject).replace(/^\$/, "");
    covered.add(name.toLowerCase());
    const actual = field(name) ?? "";
    const holds = operator === "eq" ? actual === value : operator === "starts-with" ? actual.startsWith(String(value)) : false;
    if (!holds) return denied(`Invalid according to Policy: Policy Condition failed: ["${operator}", "${subject}", "${value}"]`);
  }
  const extra = [...upload.fields.keys()].find((name) => !covered.has(name) && !name.startsWith("x-ignore-"));
  if (extra) return denied(`Invalid according to Policy: Extra input fields: ${extra}`);
  return undefined;
}
