import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import { randomUUID } from "node:crypto";

/**
 * The one builder of API Gateway REST (v1) proxy events, for the local server, the tests and the
 * benchmarks alike. It does what API Gateway does with a request (checked against AWS's own
 * sample events in tests/apigateway-conformance.test.ts); see the README for what it does not.
 */
export interface EventOptions {
  method?: string;
  /** The path as sent below the stage, percent-encoding and all, e.g. `/trpc/posts.list`. */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string | string[]>;
  body?: string | object | Buffer;
  /** Send the body base64-encoded (API Gateway does for binary media types). */
  base64?: boolean;
  stage?: string;
  /** A custom domain's base path mapping, e.g. `/v1`: it shows up in `event.path` only. */
  basePath?: string;
  /** The address API Gateway saw the connection come from. */
  sourceIp?: string;
  /**
   * Whether the request came through CloudFront (as deployed): CloudFront's headers are added and
   * the connection is CloudFront's. Default true; the local server sets false.
   */
  viaCloudFront?: boolean;
  requestId?: string;
}

/** A CloudFront edge's address, and the viewer behind it in the default test events. */
const cloudFrontEdge = "130.176.1.1";
const testViewer = "203.0.113.7";

const cloudFrontHeaders = (): Record<string, string[]> => ({
  Accept: ["*/*"],
  "CloudFront-Forwarded-Proto": ["https"],
  "CloudFront-Is-Desktop-Viewer": ["true"],
  "CloudFront-Is-Mobile-Viewer": ["false"],
  "CloudFront-Viewer-Country": ["DE"],
  "CloudFront-Viewer-Address": [`${testViewer}:50123`],
  Host: ["abc123.execute-api.eu-west-1.amazonaws.com"],
  "User-Agent": ["Amazon CloudFront"],
  Via: ["2.0 7c4c7e1fa1a0f9c3b1f0f0a1b2c3d4e5.cloudfront.net (CloudFront)"],
  "X-Amz-Cf-Id": ["tuS0sSkTwAcE-2sPuyZhvrLXpfWE2nMsAg-KWkdoVJrlUbODMqJbAw=="],
  "X-Amzn-Trace-Id": ["Root=1-5e66d96f-7491f09xmpl79d18acf3d050"],
  // What CloudFront wrote; API Gateway appends the address it saw (below).
  "X-Forwarded-For": [testViewer],
  "X-Forwarded-Port": ["443"],
  "X-Forwarded-Proto": ["https"],
});

/** API Gateway hands `{proxy+}` over decoded, segment by segment; a segment that is not valid percent-encoding stays as sent. */
function decodedPath(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}

/** Null-prototype maps: a key like "__proto__" must stay a key (API Gateway's maps are plain JSON). */
const emptyMap = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
const lastValues = (map: Record<string, string[]>) => {
  const last = emptyMap<string>();
  for (const [key, values] of Object.entries(map)) last[key] = values[values.length - 1] ?? "";
  return last;
};

export function apiGatewayEvent(options: EventOptions): APIGatewayProxyEvent {
  const { method = "GET", stage = "prod", basePath = "", viaCloudFront = true } = options;
  const path = options.path;
  const sourceIp = options.sourceIp ?? (viaCloudFront ? cloudFrontEdge : testViewer);

  const multiValueHeaders = emptyMap<string[]>();
  for (const [name, values] of Object.entries(viaCloudFront ? cloudFrontHeaders() : {})) multiValueHeaders[name] = values;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    // Header names are case-insensitive: a caller's header replaces a default of any case.
    for (const existing of Object.keys(multiValueHeaders)) if (existing.toLowerCase() === name.toLowerCase()) delete multiValueHeaders[existing];
    multiValueHeaders[name] = Array.isArray(value) ? value : [value];
  }
  // API Gateway appends the address it saw to X-Forwarded-For, whatever came before it.
  const forwardedName = Object.keys(multiValueHeaders).find((name) => name.toLowerCase() === "x-forwarded-for") ?? "X-Forwarded-For";
  const forwarded = multiValueHeaders[forwardedName]?.join(", ");
  multiValueHeaders[forwardedName] = [forwarded ? `${forwarded}, ${sourceIp}` : sourceIp];

  let multiValueQuery: Record<string, string[]> | null = null;
  for (const [key, value] of Object.entries(options.query ?? {})) {
    multiValueQuery ??= emptyMap<string[]>();
    multiValueQuery[key] = Array.isArray(value) ? value : [value];
  }

  const text =
    options.body === undefined ? null : Buffer.isBuffer(options.body) ? null : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const bytes = Buffer.isBuffer(options.body) ? options.body : text === null ? null : Buffer.from(text);
  const base64 = Boolean(options.base64 || Buffer.isBuffer(options.body)) && bytes !== null;
  const resource = path === "/" ? "/" : "/{proxy+}";
  const requestId = options.requestId ?? randomUUID();
  return {
    resource,
    path: `${basePath}${path}`,
    httpMethod: method,
    headers: lastValues(multiValueHeaders),
    multiValueHeaders,
    queryStringParameters: multiValueQuery ? lastValues(multiValueQuery) : null,
    multiValueQueryStringParameters: multiValueQuery,
    pathParameters: resource === "/" ? null : { proxy: decodedPath(path.slice(1)) },
    stageVariables: null,
    body: bytes === null ? null : base64 ? bytes.toString("base64") : text,
    isBase64Encoded: base64,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      authorizer: null,
      domainName: basePath ? "board.example.com" : "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: basePath ? "board" : "abc123",
      extendedRequestId: "JJbxmHOtoAMFnWg=",
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
        sourceIp,
        userAgent: multiValueHeaders["User-Agent"]?.[0] ?? multiValueHeaders["user-agent"]?.[0] ?? null,
      },
      path: basePath ? `${basePath}${path}` : `/${stage}${path}`,
      protocol: "HTTP/1.1",
      requestId,
      requestTime: new Date().toUTCString(),
      requestTimeEpoch: Date.now(),
      resourceId: "2gxmpl",
      resourcePath: resource,
      stage,
    },
  };
}

/** The Lambda context the runtime passes; one stub for the local server, the tests and the benchmarks. */
export function lambdaContext(functionName = "serverless-board-api"): Context {
  return {
    awsRequestId: randomUUID(),
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2026/11/26/[$LATEST]abcdef",
    memoryLimitInMB: "1024",
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** tRPC's GET encoding of one procedure's input. */
export function trpcQuery(input: unknown): Record<string, string> {
  return { input: JSON.stringify(input) };
}
