import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";

/**
 * One GetParameters call, decrypted. Its own module, imported lazily by secrets.ts: a static
 * import of the two names lets the bundle keep only them of the SSM client's 140-odd commands.
 */
export async function getParameters(names: string[]): Promise<{ values: Record<string, string>; missing: string[] }> {
  const output = await new SSMClient({}).send(new GetParametersCommand({ Names: names, WithDecryption: true }));
  const values = Object.fromEntries((output.Parameters ?? []).map((parameter) => [parameter.Name!, parameter.Value ?? ""]));
  return { values, missing: output.InvalidParameters ?? [] };
}
