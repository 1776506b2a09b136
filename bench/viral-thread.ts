/**
 * "Viral thread": many people commenting on one post at once, each sending the next comment soon
 * after the last is answered, for a fixed time, through a Lambda handler (real API Gateway v1
 * events). Shared by tests/viral-thread.test.ts and the bench.
 */
import type { APIGatewayProxyResult } from "aws-lambda";
import { apiGatewayEvent, lambdaContext } from "../local/proxy-events.js";
import type { EventOptions } from "../local/proxy-events.js";
import { percentile, round } from "./stats.js";

export type ProxyHandler = (event: ReturnType<typeof apiGatewayEvent>, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyResult>;

export interface ViralThreadResult {
  commenters: number;
  durationMs: number;
  /** Comment ids the API acknowledged (201). */
  accepted: string[];
  /** Refusals by status and error code, e.g. `503 SERVICE_UNAVAILABLE`. */
  refused: Record<string, number>;
  refusedTotal: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ViralThreadOptions {
  handler: ProxyHandler;
  postId: string;
  commenters: number;
  durationMs: number;
  /**
   * Each commenter pauses a random 0–2× this long after each answer (people read and type), so the
   * load is many people at once rather than a flood DynamoDB Local cannot serve in time; 0 for none.
   */
  thinkMs?: number;
}

export async function runViralThread(options: ViralThreadOptions): Promise<ViralThreadResult> {
  const accepted: string[] = [];
  const refused: Record<string, number> = {};
  const latencies: number[] = [];
  const until = performance.now() + options.durationMs;
  const think = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * (options.thinkMs ?? 0)));
  const commenter = async (index: number) => {
    // People arrive over a moment, not in the same millisecond.
    if (options.thinkMs) await think();
    for (let n = 0; performance.now() < until; n++) {
      const event: EventOptions = {
        method: "POST",
        path: `/api/posts/${options.postId}/comments`,
        headers: { "content-type": "application/json" },
        body: { body: `comment ${n} from commenter ${index}`, author: `commenter ${index}` },
      };
      const started = performance.now();
      const result = await options.handler(apiGatewayEvent(event), lambdaContext());
      latencies.push(performance.now() - started);
      const body = JSON.parse(result.body || "{}") as { comment?: { commentId: string }; code?: string };
      if (result.statusCode === 201 && body.comment) accepted.push(body.comment.commentId);
      else {
        const reason = `${result.statusCode} ${body.code ?? ""}`.trim();
        refused[reason] = (refused[reason] ?? 0) + 1;
      }
      if (options.thinkMs) await think();
    }
  };
  await Promise.all(Array.from({ length: options.commenters }, (_, index) => commenter(index)));
  return {
    commenters: options.commenters,
    durationMs: options.durationMs,
    accepted,
    refused,
    refusedTotal: Object.values(refused).reduce((sum, count) => sum + count, 0),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
  };
}
