import { Construct } from "constructs";
import { Token } from "cdktf";
import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response/index.js";

export interface GatewayErrorResponsesProps {
  restApiId: string;
  /** Terraform expression of the allowed origins list, e.g. `var.allowed_origins`. */
  allowedOriginsExpression: string;
}

/**
 * API Gateway answers some requests itself (throttling, oversized payloads, integration
 * failures) without calling the function, so without CORS headers a browser on another origin
 * cannot read them or their Retry-After. One allowed origin is named; with several, the caller's
 * Origin is echoed (gateway responses cannot consult a list; their bodies carry no data). With
 * none, no CORS header is added: the site is same-origin through CloudFront.
 */
export class GatewayErrorResponses extends Construct {
  readonly responses: ApiGatewayGatewayResponse[];

  constructor(scope: Construct, id: string, props: GatewayErrorResponsesProps) {
    super(scope, id);
    const origins = props.allowedOriginsExpression;
    const allowOrigin = `{ for origin in slice(${origins}, 0, min(1, length(${origins}))) : "gatewayresponse.header.Access-Control-Allow-Origin" => length(${origins}) == 1 ? "'\${origin}'" : "method.request.header.Origin" }`;
    const corsHeaders = (extra: Record<string, string>) => {
      const fixed = Object.entries({
        "gatewayresponse.header.Vary": "'Origin'",
        "gatewayresponse.header.Access-Control-Expose-Headers": "'Retry-After'",
        ...extra,
      })
        .map(([name, value]) => `${JSON.stringify(name)} = ${JSON.stringify(value)}`)
        .join(", ");
      return Token.asStringMap(`\${merge({ ${fixed} }, ${allowOrigin})}`);
    };
    // The same Error body the function answers with (code, message, requestId): a client reads one
    // shape whatever answered. The code is API Gateway's own response type (THROTTLED, INTEGRATION_TIMEOUT…).
    const errorBody = '{"code":"$context.error.responseType","message":$context.error.messageString,"requestId":"$context.requestId"}';
    const response = (type: string, extra: Record<string, string> = {}) =>
      new ApiGatewayGatewayResponse(this, type.toLowerCase(), {
        restApiId: props.restApiId,
        responseType: type,
        responseParameters: corsHeaders(extra),
        responseTemplates: { "application/json": errorBody },
      });
    this.responses = [
      response("DEFAULT_4XX"),
      response("DEFAULT_5XX"),
      // API Gateway's throttling answer says nothing about when to retry; clients back off on this.
      response("THROTTLED", { "gatewayresponse.header.Retry-After": "'1'" }),
    ];
  }
}
