import AWSXRay from "aws-xray-sdk-core";
import type { RpcHooks } from "../entities/aws-json-rpc.js";
import { isThrottle } from "../entities/store-errors.js";

/**
 * Records each DynamoDB call as an X-Ray subsegment of the function's trace, with the fields the
 * X-Ray SDK's own AWS-client capture writes (namespace, operation, table, retries, status, request
 * id, throttle/error/fault flags), and passes the trace on in the request's header. Loaded only
 * when tracing is on (TRACING_ENABLED): with it off, the X-Ray SDK is not even imported.
 */
export function traceDynamoCalls(region: string): RpcHooks {
  return {
    call(operation, input) {
      const segment = AWSXRay.resolveSegment(undefined);
      if (!segment) return;
      const subsegment = segment.addNewSubsegment("DynamoDB");
      subsegment.addAttribute("namespace", "aws");
      return {
        headers: () => ({
          "x-amzn-trace-id": `Root=${(segment as AWSXRay.Segment).trace_id ?? (segment as AWSXRay.Subsegment).segment?.trace_id};Parent=${subsegment.id};Sampled=${(subsegment as { notTraced?: boolean }).notTraced ? 0 : 1}`,
        }),
        done({ error, attempts, statusCode, requestId }) {
          const operationName = operation.charAt(0).toLowerCase() + operation.slice(1);
          subsegment.addAttribute("aws", { operation: operationName, region, request_id: requestId, retries: attempts - 1, table_name: input.TableName });
          if (statusCode) subsegment.addAttribute("http", { response: { status: statusCode } });
          if (statusCode === 429 || isThrottle(error)) subsegment.addThrottleFlag();
          if (statusCode && statusCode >= 500) subsegment.addFaultFlag();
          else if (statusCode && statusCode >= 400) subsegment.addErrorFlag();
          if (error) subsegment.close(error as Error, true);
          else subsegment.close();
        },
      };
    },
  };
}
