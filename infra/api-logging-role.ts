import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js";
import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account/index.js";

/**
 * API Gateway writes access logs through one role per account and region; stages with access
 * logging fail to deploy until it is set. (If your account already has one, this replaces it
 * with an equivalent.)
 */
export class ApiGatewayLoggingRole extends Construct {
  readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: { name: string }) {
    super(scope, id);
    const role = new IamRole(this, "role", {
      name: props.name,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    const attachment = new IamRolePolicyAttachment(this, "push-to-cloudwatch", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
    });
    this.account = new ApiGatewayAccount(this, "account", { cloudwatchRoleArn: role.arn, dependsOn: [attachment] });
  }
}
