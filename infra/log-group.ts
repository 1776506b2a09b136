import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";

/** A CloudWatch log group that does not keep logs forever. */
export class RetainedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: { name: string; retentionDays: number }) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, "log-group", { name: props.name, retentionInDays: props.retentionDays });
  }
}
