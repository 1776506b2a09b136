import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api/index.js";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource/index.js";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method/index.js";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration/index.js";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment/index.js";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage/index.js";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings/index.js";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission/index.js";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import { GatewayErrorResponses } from "./gateway-responses.js";

export interface BoardApiProps {
  name: string;
  fn: LambdaFunction;
  stageName: string;
  throttleRateLimit: number;
  throttleBurstLimit: number;
  accessLogGroup: CloudwatchLogGroup;
  /** Terraform expression of the CORS allow-list, for API Gateway's own error answers. */
  allowedOriginsExpression: string;
  /** Terraform expression: whether X-Ray traces the stage. */
  tracingExpression: string;
}

/** One JSON line per request in the access log, with the ids that tie it to the function's log. */
const accessLogFormat = JSON.stringify({
  requestId: "$context.requestId",
  extendedRequestId: "$context.extendedRequestId",
  ip: "$context.identity.sourceIp",
  method: "$context.httpMethod",
  path: "$context.path",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integration.latency",
  requestTime: "$context.requestTime",
});

/** API Gateway REST (v1): `/` and `/{proxy+}`, any method, proxied to the function. */
export class BoardApi extends Construct {
  readonly restApi: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;

  constructor(scope: Construct, id: string, props: BoardApiProps) {
    super(scope, id);
    this.restApi = new ApiGatewayRestApi(this, "rest-api", { name: props.name, endpointConfiguration: { types: ["REGIONAL"] } });
    const proxy = new ApiGatewayResource(this, "proxy", { restApiId: this.restApi.id, parentId: this.restApi.rootResourceId, pathPart: "{proxy+}" });

    const routes = [
      { name: "root", resourceId: this.restApi.rootResourceId },
      { name: "proxy", resourceId: proxy.id },
    ].map(({ name, resourceId }) => {
      const method = new ApiGatewayMethod(this, `${name}-method`, { restApiId: this.restApi.id, resourceId, httpMethod: "ANY", authorization: "NONE" });
      const integration = new ApiGatewayIntegration(this, `${name}-integration`, {
        restApiId: this.restApi.id,
        resourceId,
        httpMethod: method.httpMethod,
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: props.fn.invokeArn,
      });
      return { method, integration };
    });

    const errorResponses = new GatewayErrorResponses(this, "error-responses", {
      restApiId: this.restApi.id,
      allowedOriginsExpression: props.allowedOriginsExpression,
    });

    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: this.restApi.id,
      // A new deployment whenever the routes or API Gateway's own answers change; the new one exists before the old goes.
      triggers: {
        redeployment: Fn.sha1(
          Fn.jsonencode([
            proxy.id,
            ...routes.flatMap(({ method, integration }) => [method.id, integration.id, integration.uri]),
            ...errorResponses.responses.map((response) => response.responseParameters),
          ]),
        ),
      },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: [...routes.flatMap(({ method, integration }) => [method, integration]), ...errorResponses.responses],
    });

    this.stage = new ApiGatewayStage(this, "stage", {
      restApiId: this.restApi.id,
      deploymentId: deployment.id,
      stageName: props.stageName,
      accessLogSettings: { destinationArn: props.accessLogGroup.arn, format: accessLogFormat },
      xrayTracingEnabled: Token.asAny(`\${${props.tracingExpression}}`) as unknown as boolean,
    });

    new ApiGatewayMethodSettings(this, "throttling", {
      restApiId: this.restApi.id,
      stageName: this.stage.stageName,
      methodPath: "*/*",
      // Execution logs for errors only, never request or response bodies (dataTrace would log tokens).
      settings: {
        throttlingRateLimit: props.throttleRateLimit,
        throttlingBurstLimit: props.throttleBurstLimit,
        metricsEnabled: true,
        loggingLevel: "ERROR",
        dataTraceEnabled: false,
      },
    });

    new LambdaPermission(this, "invoke", {
      action: "lambda:InvokeFunction",
      functionName: props.fn.functionName,
      principal: "apigateway.amazonaws.com",
      // This API only (any stage, method and path of it).
      sourceArn: `${this.restApi.executionArn}/*/*`,
    });
  }

  /** The host CloudFront forwards `/trpc/*` and `/api/*` to. */
  get originDomain(): string {
    // invoke_url is https://<host>/<stage>
    return Fn.element(Fn.split("/", this.stage.invokeUrl), 2);
  }
}
