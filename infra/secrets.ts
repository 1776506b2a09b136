import { Construct } from "constructs";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter/index.js";

export interface BoardSecretsProps {
  prefix: string;
  signingSecret: string;
  moderatorToken: string;
  /** The origin secrets the function accepts, comma-separated (current, then previous while rotating). */
  originVerifySecrets: string;
  /** Write-only values are sent to SSM only when this number changes. */
  version: number;
}

/**
 * The function's secrets as SSM SecureString parameters, written with write-only arguments
 * (`value_wo`): Terraform sends them to SSM and keeps them in neither state nor plan. The
 * function gets only the parameters' names and reads the values at start (api/secrets.ts).
 */
export class BoardSecrets extends Construct {
  readonly signingSecret: SsmParameter;
  readonly moderatorToken: SsmParameter;
  readonly originVerifySecrets: SsmParameter;

  constructor(scope: Construct, id: string, props: BoardSecretsProps) {
    super(scope, id);
    const secureString = (name: string, value: string, description: string) =>
      new SsmParameter(this, name, { name: `${props.prefix}/${name}`, type: "SecureString", valueWo: value, valueWoVersion: props.version, description });
    this.signingSecret = secureString("signing-secret", props.signingSecret, "serverless-board: key that signs page cursors");
    this.moderatorToken = secureString("moderator-token", props.moderatorToken, "serverless-board: moderator token");
    this.originVerifySecrets = secureString("origin-verify-secrets", props.originVerifySecrets, "serverless-board: X-Origin-Verify values the API accepts");
  }

  get parameters(): SsmParameter[] {
    return [this.signingSecret, this.moderatorToken, this.originVerifySecrets];
  }
}
