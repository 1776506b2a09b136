import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import { randomUUID } from "node:crypto";

export interface EventOptions {
  method?: string;
  /** The path the client asked for below the API's root, e.g. `/trpc/posts.list`. */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string | string[]>;
  body?: string | object;
  base64?: boolean;
  stage?: string;
  /** A custom domain's base path mapping, e.g. `/v1`: it shows up in `event.path` only. */
  basePath?: string;
}

/**
 * An API Gateway REST (v1) proxy event as AWS sends it for a `/{proxy+}` resource behind
 * CloudFront: stage in requestContext, multi-value maps, CloudFront's headers.
 */
export function apiGatewayEvent(options: EventOptions): APIGatewayProxyEvent {
  const { method = "GET", path, stage = "prod", basePath = "" } = options;
  const multiValueHeaders: Record<string, string[]> = {
    Accept: ["*/*"],
    "CloudFront-Forwarded-Proto": ["https"],
    "CloudFront-Is-Desktop-Viewer": ["true"],
    "CloudFront-Is-Mobile-Viewer": ["false"],
    "CloudFront-Viewer-Country": ["DE"],
    Host: ["abc123.execute-api.eu-west-1.amazonaws.com"],
    "User-Agent": ["Amazon CloudFront"],
    Via: ["2.0 7c4c7e1fa1a0f9c3b1f0f0a1b2c3d4e5.cloudfront.net (CloudFront)"],
    "X-Amz-Cf-Id": ["tuS0sSkTwAcE-2sPuyZhvrLXpfWE2nMsAg-KWkdoVJrlUbODMqJbAw=="],
    "X-Amzn-Trace-Id": ["Root=1-5e66d96f-7491f09xmpl79d18acf3d050"],
    "X-Forwarded-For": ["203.0.113.7, 130.176.1.1"],
    "X-Forwarded-Port": ["443"],
    "X-Forwarded-Proto": ["https"],
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) multiValueHeaders[name] = Array.isArray(value) ? value : [value];
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([name, values]) => [name, values[values.length - 1]!]));
  const multiValueQuery = options.query ? Object.fromEntries(Object.entries(options.query).map(([key, value]) => [key, Array.isArray(value) ? value : [value]])) : null;
  const text = options.body === undefined ? null : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const resource = path === "/" ? "/" : "/{proxy+}";
  const requestId = randomUUID();
  return {
    resource,
    path: `${basePath}${path}`,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: multiValueQuery ? Object.fromEntries(Object.entries(multiValueQuery).map(([key, values]) => [key, values[values.length - 1]!])) : null,
    multiValueQueryStringParameters: multiValueQuery,
    pathParameters: resource === "/" ? null : { proxy: path.slice(1) },
    stageVariables: null,
    body: text !== null && options.base64 ? Buffer.from(text).toString("base64") : text,
    isBase64Encoded: Boolean(options.base64 && text !== null),
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      authorizer: null,
      domainName: basePath ? "board.example.com" : "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: basePath ? "board" : "abc123",
      extendedRequestId: "JJbxmHOtoAMFnWg=",
      httpMethod: method,
      identity: {
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
        cognitoIdentityPoolId: null, principalOrgId: null, user: null, userArn: null,
        sourceIp: "203.0.113.7",
        userAgent: "Amazon CloudFront",
      },
      path: basePath ? `${basePath}${path}` : `/${stage}${path}`,
      protocol: "HTTP/1.1",
      requestId,
      requestTime: "26/Nov/2026:04:20:00 +0000",
      requestTimeEpoch: Date.now(),
      resourceId: "2gxmpl",
      resourcePath: resource,
      stage,
    },
  };
}

export function lambdaContext(): Context {
  return {
    awsRequestId: randomUUID(),
    callbackWaitsForEmptyEventLoop: true,
    functionName: "serverless-board-api",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:serverless-board-api",
    logGroupName: "/aws/lambda/serverless-board-api",
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
