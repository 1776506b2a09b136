/**
 * What the emulator holds, asked of each service's own API (the one listing call per kind of
 * resource), to show a destroy left nothing behind. moto takes any signature; the credential scope
 * in the Authorization header tells it which service a request is for.
 */
type Lister = { kind: string; service: string; list: (call: Caller) => Promise<string[]> };
type Caller = (request: {
  method?: string;
  path?: string;
  target?: string;
  json?: unknown;
  form?: Record<string, string>;
  jsonVersion?: string;
}) => Promise<string>;

const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1]!);

const listers: Lister[] = [
  {
    kind: "DynamoDB tables",
    service: "dynamodb",
    list: async (call) => (JSON.parse(await call({ target: "DynamoDB_20120810.ListTables", json: {} })).TableNames as string[]) ?? [],
  },
  { kind: "S3 buckets", service: "s3", list: async (call) => all(await call({ method: "GET", path: "/" }), /<Name>([^<]+)<\/Name>/g) },
  {
    kind: "Lambda functions",
    service: "lambda",
    list: async (call) =>
      ((JSON.parse(await call({ method: "GET", path: "/2015-03-31/functions/" })).Functions ?? []) as { FunctionName: string }[]).map((fn) => fn.FunctionName),
  },
  {
    kind: "SQS queues",
    service: "sqs",
    list: async (call) =>
      ((JSON.parse(await call({ target: "AmazonSQS.ListQueues", json: {} })).QueueUrls ?? []) as string[]).map((url) => url.split("/").pop()!),
  },
  {
    kind: "IAM roles",
    service: "iam",
    list: async (call) => all(await call({ form: { Action: "ListRoles", Version: "2010-05-08" } }), /<RoleName>([^<]+)<\/RoleName>/g),
  },
  {
    kind: "API Gateway REST APIs",
    service: "apigateway",
    list: async (call) => ((JSON.parse(await call({ method: "GET", path: "/restapis" })).item ?? []) as { name: string }[]).map((api) => api.name),
  },
  {
    kind: "CloudWatch log groups",
    service: "logs",
    list: async (call) =>
      ((JSON.parse(await call({ target: "Logs_20140328.DescribeLogGroups", json: {}, jsonVersion: "1.1" })).logGroups ?? []) as { logGroupName: string }[]).map(
        (group) => group.logGroupName,
      ),
  },
  {
    kind: "SNS topics",
    service: "sns",
    list: async (call) => all(await call({ form: { Action: "ListTopics", Version: "2010-03-31" } }), /<TopicArn>([^<]+)<\/TopicArn>/g),
  },
  {
    kind: "CloudWatch alarms",
    service: "monitoring",
    list: async (call) => all(await call({ form: { Action: "DescribeAlarms", Version: "2010-08-01" } }), /<AlarmName>([^<]+)<\/AlarmName>/g),
  },
  {
    kind: "CloudWatch dashboards",
    service: "monitoring",
    list: async (call) => all(await call({ form: { Action: "ListDashboards", Version: "2010-08-01" } }), /<DashboardName>([^<]+)<\/DashboardName>/g),
  },
  {
    kind: "CloudFront distributions",
    service: "cloudfront",
    list: async (call) => all(await call({ method: "GET", path: "/2020-05-31/distribution" }), /<DistributionSummary>\s*<Id>([^<]+)<\/Id>/g),
  },
  {
    kind: "CloudFront origin access controls",
    service: "cloudfront",
    list: async (call) => all(await call({ method: "GET", path: "/2020-05-31/origin-access-control" }), /<OriginAccessControlSummary>\s*<Id>([^<]+)<\/Id>/g),
  },
  {
    kind: "WAF web ACLs",
    service: "wafv2",
    list: async (call) =>
      (
        (JSON.parse(await call({ target: "AWSWAF_20190729.ListWebACLs", json: { Scope: "CLOUDFRONT" }, jsonVersion: "1.1" })).WebACLs ?? []) as {
          Name: string;
        }[]
      ).map((acl) => acl.Name),
  },
  {
    kind: "SSM parameters",
    service: "ssm",
    list: async (call) =>
      ((JSON.parse(await call({ target: "AmazonSSM.DescribeParameters", json: {}, jsonVersion: "1.1" })).Parameters ?? []) as { Name: string }[]).map(
        (parameter) => parameter.Name,
      ),
  },
];

/** Every resource of the kinds the stack creates, by kind, as the emulator lists them (AWS's own service-linked roles left out). */
export async function inventory(endpoint: string, region = "us-east-1"): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const lister of listers) {
    const call: Caller = async ({ method = "POST", path = "/", target, json, form, jsonVersion = "1.0" }) => {
      const headers: Record<string, string> = {
        authorization: `AWS4-HMAC-SHA256 Credential=rehearsal/20260101/${region}/${lister.service}/aws4_request, SignedHeaders=host, Signature=0`,
      };
      let body: string | undefined;
      if (target) {
        headers["x-amz-target"] = target;
        headers["content-type"] = `application/x-amz-json-${jsonVersion}`;
        body = JSON.stringify(json ?? {});
      } else if (form) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(form).toString();
      }
      const response = await fetch(`${endpoint}${path}`, { method: form || target ? "POST" : method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      if (!response.ok) throw new Error(`${lister.kind}: the emulator answered ${response.status}: ${text.slice(0, 200)}`);
      return text;
    };
    const names = await lister.list(call);
    result[lister.kind] = lister.kind === "IAM roles" ? names.filter((name) => !name.startsWith("AWSServiceRole")) : names;
  }
  return result;
}
