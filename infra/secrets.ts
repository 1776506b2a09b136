import { Construct } from "constructs";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter/index.js";

/**
 * The function's secrets as SSM SecureString parameters. Their values come from sensitive
 * variables, so they are in no Terraform file nor in the function's configuration: the function
 * reads them at start (api/secrets.ts).
 */
export class BoardSecrets extends Construct {
  readonly signingSecret: SsmParameter;
  readonly moderatorToken: SsmParameter;

  constructor(scope: Construct, id: string, props: { prefix: string; signingSecret: string; moderatorToken: string }) {
    super(scope, id);
    const secureString = (name: string, value: string, description: string) =>
      new SsmParameter(this, name, { name: `${props.prefix}/${name}`, type: "SecureString", value, description });
    this.signingSecret = secureString("signing-secret", props.signingSecret, "serverless-board: key that signs page cursors");
    this.moderatorToken = secureString("moderator-token", props.moderatorToken, "serverless-board: moderator token");
  }

  get parameters(): SsmParameter[] {
    return [this.signingSecret, this.moderatorToken];
  }
}
