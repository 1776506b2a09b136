/**
 * IAM as AWS applies it, in front of the emulator: every request a rehearsed function makes is
 * read for its action(s), resource ARN(s) and condition keys, and evaluated against its role's
 * policies as applied (read back from the emulator) by a real policy evaluator
 * (@cloud-copilot/iam-simulate, AGPL-3.0, used unmodified as a test tool). A refused request gets
 * AccessDenied in its service's own shape, exactly where AWS would refuse it; an allowed one goes on
 * to the emulator. What each role used is recorded, for the used-versus-granted table.
 */
import { createServer, request } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { parseMultipart } from "../../local/s3-post-policy.js";
import { tableDefinition } from "../../entities/table.js";

const account = "123456789012";
const region = "us-east-1";

interface Policy {
  Version: string;
  Statement: Record<string, unknown>[];
}

export interface RoleUnderTest {
  roleArn: string;
  session: string;
  accessKeyId: string;
  policies: { name: string; policy: Policy }[];
}

export interface Check {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

export interface Decision extends Check {
  role: string;
  allowed: boolean;
}

/** The policies a role holds in the emulator: its inline policies and the managed ones attached to it. */
export async function rolePolicies(endpoint: string, roleArn: string): Promise<{ name: string; policy: Policy }[]> {
  const roleName = roleArn.split("/").pop()!;
  const iam = async (params: Record<string, string>) => {
    const response = await fetch(`${endpoint}/`, {
      method: "POST",
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=rehearsal/20260101/${region}/iam/aws4_request, SignedHeaders=host, Signature=0`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ Version: "2010-05-08", ...params }).toString(),
    });
    return response.text();
  };
  const all = (text: string, tag: string) => [...text.matchAll(new RegExp(`<${tag}>([^<]+)</${tag}>`, "g"))].map((match) => match[1]!);
  const decode = (text: string) => JSON.parse(decodeURIComponent(text.replace(/&quot;/g, '"').replace(/&amp;/g, "&"))) as Policy;
  const policies: { name: string; policy: Policy }[] = [];
  for (const name of all(await iam({ Action: "ListRolePolicies", RoleName: roleName }), "member")) {
    policies.push({ name, policy: decode(all(await iam({ Action: "GetRolePolicy", RoleName: roleName, PolicyName: name }), "PolicyDocument")[0]!) });
  }
  for (const arn of all(await iam({ Action: "ListAttachedRolePolicies", RoleName: roleName }), "PolicyArn")) {
    const version = all(await iam({ Action: "GetPolicy", PolicyArn: arn }), "DefaultVersionId")[0]!;
    policies.push({ name: arn, policy: decode(all(await iam({ Action: "GetPolicyVersion", PolicyArn: arn, VersionId: version }), "Document")[0]!) });
  }
  return policies;
}

const tableArn = (name: string, index?: string) => `arn:aws:dynamodb:${region}:${account}:table/${name}${index ? `/index/${index}` : ""}`;
const partitionKeys: string[] = [tableDefinition.partitionKey, ...tableDefinition.globalSecondaryIndexes.map((index) => index.partitionKey)];
type Attribute = Record<string, { S?: string }>;
const leadingKey = (item: Attribute | undefined): Record<string, string[]> => {
  const value = partitionKeys.map((key) => item?.[key]?.S).find((found) => found !== undefined);
  return value === undefined ? {} : { "dynamodb:LeadingKeys": [value] };
};

/** The IAM checks one request needs: its actions on its resources, with the condition keys they carry. */
export function checksFor(service: string, method: string, path: string, headers: IncomingMessage["headers"], body: Buffer): Check[] {
  if (service === "dynamodb" && String(headers["x-amz-target"] ?? "").startsWith("DynamoDBStreams_")) {
    // The stream API: authorised on the stream's ARN; a shard iterator starts with its stream's ARN (`<arn>|1|…`), in AWS and in moto.
    const operation = String(headers["x-amz-target"]).split(".")[1] ?? "";
    const input = JSON.parse(body.toString("utf8") || "{}") as { StreamArn?: string; ShardIterator?: string; TableName?: string };
    const resource = input.StreamArn ?? input.ShardIterator?.split("|")[0] ?? (input.TableName ? `${tableArn(input.TableName)}/stream/*` : "*");
    return [{ action: `dynamodb:${operation}`, resource, context: {} }];
  }
  if (service === "dynamodb") {
    const operation = String(headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    const input = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
    const item = (action: string, table: string, key: Attribute | undefined): Check => ({
      action: `dynamodb:${action}`,
      resource: tableArn(table),
      context: leadingKey(key),
    });
    if (operation === "TransactWriteItems") {
      return (input.TransactItems as Record<string, { TableName: string; Key?: Attribute; Item?: Attribute }>[]).map((entry) => {
        const [kind, detail] = Object.entries(entry)[0]!;
        const action = { Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem", ConditionCheck: "ConditionCheckItem" }[kind] ?? kind;
        return item(action, detail.TableName, detail.Key ?? detail.Item);
      });
    }
    if (operation === "TransactGetItems")
      return (input.TransactItems as { Get: { TableName: string; Key: Attribute } }[]).map(({ Get }) => item("GetItem", Get.TableName, Get.Key));
    if (operation === "BatchWriteItem" || operation === "BatchGetItem")
      return Object.keys(input.RequestItems as object).map((table) => item(operation, table, undefined));
    if (operation === "Query") {
      const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
      const values = (input.ExpressionAttributeValues ?? {}) as Record<string, { S?: string }>;
      const key = [...String(input.KeyConditionExpression ?? "").matchAll(/(#?\w+)\s*=\s*(:\w+)/g)].find(([, name]) =>
        partitionKeys.includes(names[name!] ?? name!),
      );
      const value = key ? values[key[2]!]?.S : undefined;
      return [
        {
          action: "dynamodb:Query",
          resource: tableArn(input.TableName as string, input.IndexName as string | undefined),
          context: value === undefined ? {} : { "dynamodb:LeadingKeys": [value] },
        },
      ];
    }
    return [item(operation, input.TableName as string, (input.Key ?? input.Item) as Attribute | undefined)];
  }
  if (service === "ssm") {
    const operation = String(headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    const input = JSON.parse(body.toString("utf8") || "{}") as { Names?: string[]; Name?: string };
    return (input.Names ?? [input.Name ?? "*"]).map((name) => ({
      action: `ssm:${operation}`,
      resource: `arn:aws:ssm:${region}:${account}:parameter/${name.replace(/^\//, "")}`,
      context: {},
    }));
  }
  if (service === "s3") {
    const url = new URL(path, "http://s3");
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const object = (action: string, objectKey = key): Check => ({ action: `s3:${action}`, resource: `arn:aws:s3:::${bucket}/${objectKey}`, context: {} });
    if (method === "POST" && url.searchParams.has("delete"))
      return [...body.toString("utf8").matchAll(/<Key>([^<]+)<\/Key>/g)].map((match) => object("DeleteObject", match[1]));
    if (method === "POST" && !key) {
      const form = parseMultipart(body, String(headers["content-type"] ?? ""));
      return "fields" in form ? [object("PutObject", form.fields.get("key") ?? "")] : [];
    }
    if (!key) return [{ action: "s3:ListBucket", resource: `arn:aws:s3:::${bucket}`, context: {} }];
    const tagging = url.searchParams.has("tagging");
    if (method === "PUT") return [object(tagging ? "PutObjectTagging" : "PutObject")];
    if (method === "GET" || method === "HEAD") return [object(tagging ? "GetObjectTagging" : "GetObject")];
    if (method === "DELETE") return [object("DeleteObject")];
  }
  return [{ action: `${service}:${method} ${path}`, resource: "*", context: {} }];
}

/** The access key a request is signed with, and the service it is for: from its Authorization header, or a presigned POST's credential field. */
function signer(req: IncomingMessage, body: Buffer): { accessKeyId?: string; service?: string } {
  const credential = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ""));
  if (credential) return { accessKeyId: credential[1], service: credential[2] };
  if (req.method === "POST" && String(req.headers["content-type"]).startsWith("multipart/form-data")) {
    const form = parseMultipart(body, String(req.headers["content-type"]));
    const field = "fields" in form ? form.fields.get("x-amz-credential") : undefined;
    if (field) return { accessKeyId: field.split("/")[0], service: field.split("/")[3] };
  }
  return {};
}

function denied(res: ServerResponse, service: string, principal: string, check: Check): void {
  const message = `User: ${principal} is not authorized to perform: ${check.action} on resource: ${check.resource} because no identity-based policy allows the ${check.action} action`;
  if (service === "s3") {
    res
      .writeHead(403, { "content-type": "application/xml" })
      .end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`);
  } else {
    const type = service === "dynamodb" ? "com.amazon.coral.service#AccessDeniedException" : "AccessDeniedException";
    res
      .writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "AccessDeniedException" })
      .end(JSON.stringify({ __type: type, message, Message: message }));
  }
}

export async function startIamProxy(target: string, roles: RoleUnderTest[]): Promise<{ endpoint: string; decisions: Decision[]; close(): Promise<void> }> {
  const decisions: Decision[] = [];
  const { hostname, port } = new URL(target);
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const { accessKeyId, service } = signer(req, body);
    const role = roles.find((candidate) => candidate.accessKeyId === accessKeyId);
    if (role && service) {
      const principal = `arn:aws:sts::${account}:assumed-role/${role.roleArn.split("/").pop()}/${role.session}`;
      for (const check of checksFor(service, req.method ?? "GET", req.url ?? "/", req.headers, body)) {
        const result = await runSimulation(
          {
            identityPolicies: role.policies,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            request: { action: check.action, principal, resource: { accountId: account, resource: check.resource }, contextVariables: check.context },
          },
          {},
        );
        const allowed = result.resultType !== "error" && result.overallResult === "Allowed";
        decisions.push({ ...check, role: role.roleArn, allowed });
        if (!allowed) return denied(res, service, principal, check);
      }
    }
    const forwarded = request({ host: hostname, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on("error", (error) => res.writeHead(502).end(String(error)));
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    decisions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
