import { z } from "./zod.js";
import { defaultMetricsNamespace } from "./metric-names.js";

const origin = z.url().refine((value) => new URL(value).origin === value, "Must be an origin like https://board.example.com");

/** A number in a setting: plain decimal digits only ("0x10", "1e2", " " are mistakes, not numbers). */
const wholeNumber = (bounds: { min: number; max?: number }) =>
  z
    .string()
    .regex(/^[0-9]+$/, "Must be a whole number written in digits (0–9)")
    .transform(Number)
    .pipe(bounds.max === undefined ? z.number().min(bounds.min) : z.number().min(bounds.min).max(bounds.max));

const schema = z.object({
  TABLE_NAME: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, "Must be a DynamoDB table name"),
  AWS_REGION: z.string().min(1, "Must name an AWS region"),
  DYNAMODB_ENDPOINT: z.url().optional(),
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin)),
  MODERATOR_TOKEN: z.string().min(16, "Must be at least 16 characters").optional(),
  SIGNING_SECRET: z.string().min(32, "Must be at least 32 characters").optional(),
  WRITE_RATE_LIMIT: wholeNumber({ min: 0 }).default(60),
  ORIGIN_VERIFY_SECRETS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .min(32, "Each must be at least 32 characters")
            .regex(/^[\x21-\x7E]+$/, "Each must be visible ASCII (it travels in a header)"),
        )
        .max(2, "At most two: the current and the previous"),
    ),
  TRUSTED_PROXY_HOPS: wholeNumber({ min: 0, max: 5 }).default(0),
  TRACING_ENABLED: z.enum(["true", "false"], "Must be true or false").default("false"),
  METRICS_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9._/#:-]{1,255}$/, "Must be a CloudWatch namespace")
    .default(defaultMetricsNamespace),
  MEDIA_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "Must be an S3 bucket name")
    .optional(),
  MEDIA_UPLOAD_URL: z.url().optional(),
  NODE_ENV: z.string().optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

export type Config = {
  tableName: string;
  region: string;
  dynamoEndpoint: string | undefined;
  allowedOrigins: string[];
  moderatorToken: string | undefined;
  signingSecret: string;
  /** Writes per client per minute; 0 turns the limit off. */
  writeRateLimit: number;
  /** Proxies between clients and API Gateway that append to X-Forwarded-For (CloudFront: 1). */
  trustedProxyHops: number;
  /** Accepted X-Origin-Verify values (current, previous); empty: the API may be called directly. */
  originSecrets: string[];
  /** CloudWatch namespace of the metrics in the request log lines. */
  metricsNamespace: string;
  /** Record DynamoDB calls in X-Ray traces (the function's tracing must be Active too). */
  tracingEnabled: boolean;
  /** The media bucket for images; without it the board takes none. */
  mediaBucket: string | undefined;
  /** Where browsers send uploads when not to the bucket's own address (the local S3's front door). */
  mediaUploadUrl: string | undefined;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

// Only good enough for a laptop: deployed functions must be given their own SIGNING_SECRET.
const developmentSigningSecret = "serverless-board-development-signing-secret";

/** Reads configuration from environment variables; throws one readable error listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === "" ? undefined : value])));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const values = parsed.data;
  const deployed = values.NODE_ENV === "production" || values.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  if (deployed && !values.SIGNING_SECRET) {
    throw new ConfigError("Invalid configuration: SIGNING_SECRET: required in production (32+ random characters)");
  }
  return {
    tableName: values.TABLE_NAME,
    region: values.AWS_REGION,
    dynamoEndpoint: values.DYNAMODB_ENDPOINT,
    allowedOrigins: values.ALLOWED_ORIGINS,
    moderatorToken: values.MODERATOR_TOKEN,
    signingSecret: values.SIGNING_SECRET ?? developmentSigningSecret,
    writeRateLimit: values.WRITE_RATE_LIMIT,
    trustedProxyHops: values.TRUSTED_PROXY_HOPS,
    originSecrets: values.ORIGIN_VERIFY_SECRETS,
    metricsNamespace: values.METRICS_NAMESPACE,
    tracingEnabled: values.TRACING_ENABLED === "true",
    mediaBucket: values.MEDIA_BUCKET,
    mediaUploadUrl: values.MEDIA_UPLOAD_URL,
  };
}
