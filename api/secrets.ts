import { ConfigError } from "./config.js";

/** Secrets that may come from SSM Parameter Store instead of the environment: variable → its `*_PARAMETER` twin. */
const secretParameters = {
  SIGNING_SECRET: "SIGNING_SECRET_PARAMETER",
  MODERATOR_TOKEN: "MODERATOR_TOKEN_PARAMETER",
  ORIGIN_VERIFY_SECRETS: "ORIGIN_VERIFY_SECRETS_PARAMETER",
} as const;

type Env = Record<string, string | undefined>;
export type ParameterReader = (names: string[]) => Promise<{ values: Record<string, string>; missing: string[] }>;

/** Reads SecureString parameters with the AWS SDK; loaded only by functions configured to use them. */
export const readSsmParameters: ParameterReader = async (names) => (await import("./ssm-parameters.js")).getParameters(names);

/**
 * The environment with every secret named by a `*_PARAMETER` variable filled in from SSM, so
 * deployed secrets never sit in the function's configuration or in the Terraform code.
 */
export async function withSecretsFromParameters(env: Env, read: ParameterReader = readSsmParameters): Promise<Env> {
  const wanted = Object.entries(secretParameters).filter(([, parameterVariable]) => env[parameterVariable]);
  if (wanted.length === 0) return env;
  const names = wanted.map(([, parameterVariable]) => env[parameterVariable]!);
  const { values, missing } = await read(names);
  if (missing.length > 0) throw new ConfigError(`Invalid configuration: SSM parameters not found: ${missing.join(", ")}`);
  return { ...env, ...Object.fromEntries(wanted.map(([variable, parameterVariable]) => [variable, values[env[parameterVariable]!]])) };
}
