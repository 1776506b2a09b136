import { Construct } from "constructs";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl/index.js";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";

export interface EdgeWebAclProps {
  name: string;
  /** CloudFront's web ACLs live in us-east-1, whatever the stack's region. */
  usEast1: AwsProvider;
  /** Terraform expression: whether to create it (`var.waf_enabled`). */
  enabledExpression: string;
  /** Terraform expression: requests one IP may send to the API in 5 minutes. */
  rateLimitExpression: string;
}

const rateLimitPlaceholder = "__RATE_LIMIT__";
const visibility = (metricName: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: metricName });
const pathStartsWith = (prefix: string) => ({
  ByteMatchStatement: {
    FieldToMatch: { UriPath: {} },
    PositionalConstraint: "STARTS_WITH",
    SearchString: prefix,
    TextTransformations: [{ Priority: 0, Type: "NONE" }],
  },
});

/**
 * The distribution's WAF: a per-IP rate limit on the API paths (the function's own write limit
 * counts writes; this one stops floods of any request before they cost a Lambda invocation), and
 * AWS's managed common and known-bad-inputs rules. Two rules of the common set only count: the
 * body size rule (8 KB) would refuse posts the API accepts (its limit is 64 KiB), and the XSS rule
 * would refuse posts that talk about HTML; the board stores and shows text as text.
 */
export class EdgeWebAcl extends Construct {
  readonly acl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    const rules = [
      {
        Name: "api-rate-per-ip",
        Priority: 0,
        Action: { Block: {} },
        Statement: {
          RateBasedStatement: {
            Limit: rateLimitPlaceholder,
            AggregateKeyType: "IP",
            ScopeDownStatement: { OrStatement: { Statements: [pathStartsWith("/trpc"), pathStartsWith("/api")] } },
          },
        },
        VisibilityConfig: visibility("api-rate-per-ip"),
      },
      {
        Name: "aws-common",
        Priority: 1,
        OverrideAction: { None: {} },
        Statement: {
          ManagedRuleGroupStatement: {
            VendorName: "AWS",
            Name: "AWSManagedRulesCommonRuleSet",
            RuleActionOverrides: ["SizeRestrictions_BODY", "CrossSiteScripting_BODY"].map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
          },
        },
        VisibilityConfig: visibility("aws-common"),
      },
      {
        Name: "aws-known-bad-inputs",
        Priority: 2,
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesKnownBadInputsRuleSet" } },
        VisibilityConfig: visibility("aws-known-bad-inputs"),
      },
    ];
    this.acl = new Wafv2WebAcl(this, "acl", {
      provider: props.usEast1,
      count: `\${${props.enabledExpression} ? 1 : 0}` as unknown as number,
      name: props.name,
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      // The AWS API's own JSON for rules: what AWS documents, checked by the provider at plan time.
      ruleJson: JSON.stringify(rules).replace(`"${rateLimitPlaceholder}"`, `\${${props.rateLimitExpression}}`),
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: props.name, sampledRequestsEnabled: true },
    } as never);
  }

  /** The ACL's ARN when it exists, else null (for the distribution's `web_acl_id`). */
  arnOrNull(enabledExpression: string): string {
    return `\${${enabledExpression} ? ${this.acl.terraformResourceType}.${this.acl.friendlyUniqueId}[0].arn : null}`;
  }
}
