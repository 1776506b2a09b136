import { createAwsJsonRpc } from "../entities/aws-json-rpc.js";

interface GetParametersOutput {
  Parameters?: { Name: string; Value?: string }[];
  InvalidParameters?: string[];
}

/**
 * One GetParameters call, decrypted, on the board's own AWS client (entities/aws-json-rpc.ts):
 * the deployed function makes it at every cold start, so the SDK's SSM client there would bring
 * back onto the cold path the SDK the DynamoDB client left. Imported lazily by secrets.ts.
 */
export async function getParameters(names: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ values: Record<string, string>; missing: string[] }> {
  const ssm = createAwsJsonRpc({ service: "ssm", region: env.AWS_REGION ?? "us-east-1", env });
  const output = (await ssm("GetParameters", { Names: names, WithDecryption: true })) as GetParametersOutput;
  const values = Object.fromEntries((output.Parameters ?? []).map((parameter) => [parameter.Name, parameter.Value ?? ""]));
  return { values, missing: output.InvalidParameters ?? [] };
}
