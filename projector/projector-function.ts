import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createStoreClient } from "../entities/dynamo-client.js";
import { createPostEntity } from "../entities/post.js";
import { createCommentEntity } from "../entities/comment.js";
import { createAttachmentEntity } from "../entities/attachment.js";
import type { MediaStore } from "../media/media-store.js";
import { defaultMetricsNamespace, metricNames } from "../api/metric-names.js";
import { writeLogLine } from "../api/log-line.js";
import { changeOf, earliestSequenceNumber } from "./stream-changes.js";
import type { StreamChange } from "./stream-changes.js";
import { recountComments } from "./comment-counts.js";
import type { CountDeps } from "./comment-counts.js";
import { removeOrphanComment } from "./orphan-comments.js";
import { reindexPost } from "./search-index.js";
import { createSearchEntryEntity } from "../entities/search-entry.js";
import type { SearchEntryEntity } from "../entities/search-entry.js";
import type { OrphanDeps } from "./orphan-comments.js";
import { createBoardService } from "../entities/service.js";
import { numberPost, uncountPost } from "./board-numbers.js";
import type { NumberDeps } from "./board-numbers.js";
import { projectBest, projectNotice } from "./notices.js";
import { promoteIfBest } from "./best-posts.js";
import { addOnce } from "./sequenced-counts.js";
import { countReports } from "./review-queue.js";
import type { ReviewDeps } from "./review-queue.js";
import { limits } from "../api/limits.js";

export type ProjectorDeps = CountDeps &
  OrphanDeps &
  NumberDeps &
  ReviewDeps & { searchEntry: SearchEntryEntity; metricsNamespace?: string; log?: (line: Record<string, unknown>) => void };

/** How many posts of one batch are worked on at once. */
const concurrentPosts = 8;

/**
 * The stream projector: for each post a batch touches (a comment added or removed), its count is
 * recounted from the table, and comments that landed on a post being deleted are removed. A post
 * that fails is reported as a partial batch failure at its earliest record, so Lambda retries
 * from there (everything after it again, which a recount makes harmless); a record that cannot be
 * read is reported the same way, and once Lambda's retries are spent, bisecting isolates it and
 * it goes to the failure queue.
 */
export function createProjector(deps: ProjectorDeps) {
  const log = deps.log ?? writeLogLine;
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const started = performance.now();
    const changes = event.Records.map(changeOf);
    const failed: string[] = [];
    for (const change of changes) {
      if (change.kind === "malformed") {
        failed.push(change.sequenceNumber);
        log({ level: "error", msg: "stream record not projected", sequenceNumber: change.sequenceNumber, problem: change.problem });
      }
    }
    const byPost = new Map<string, Extract<StreamChange, { kind: "comment-added" | "comment-removed" }>[]>();
    type PostChange = Extract<StreamChange, { kind: "post" }>;
    const textByPost = new Map<string, PostChange[]>();
    const noticeByPost = new Map<string, PostChange[]>();
    const bestByPost = new Map<string, PostChange[]>();
    // Numbers are given in stream order, one post at a time per board: a board's posts queue together.
    const arrivalsByBoard = new Map<string, PostChange[]>();
    const viewsByPost = new Map<string, Extract<StreamChange, { kind: "viewed" }>[]>();
    const votesByPost = new Map<string, Extract<StreamChange, { kind: "voted" }>[]>();
    const reportsByItem = new Map<string, Extract<StreamChange, { kind: "reported" }>[]>();
    const append = <C>(map: Map<string, C[]>, key: string, change: C) => map.set(key, [...(map.get(key) ?? []), change]);
    for (const change of changes) {
      if (change.kind === "comment-added" || change.kind === "comment-removed") append(byPost, change.postId, change);
      if (change.kind === "viewed") append(viewsByPost, change.postId, change);
      if (change.kind === "voted") append(votesByPost, change.postId, change);
      if (change.kind === "reported") append(reportsByItem, change.item, change);
      if (change.kind !== "post") continue;
      if (change.text) append(textByPost, change.postId, change);
      if (change.notice) append(noticeByPost, change.postId, change);
      if (change.best) append(bestByPost, change.postId, change);
      if (change.event !== "MODIFY") append(arrivalsByBoard, change.board, change);
    }
    /** Each post's changes, a few posts at a time; a post that fails has all its records reported. */
    const perPost = async <C extends { sequenceNumber: string }>(
      groups: Map<string, C[]>,
      what: string,
      work: (postId: string, changes: C[]) => Promise<void>,
    ) => {
      const queue = [...groups.entries()];
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const [postId, postChanges] = next;
          try {
            await work(postId, postChanges);
          } catch (error) {
            failed.push(...postChanges.map((change) => change.sequenceNumber));
            log({ level: "error", msg: `post not ${what}`, postId, errorName: (error as Error).name, errorMessage: (error as Error).message });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrentPosts, queue.length) }, worker));
    };
    // The search index: each post brought to its last state in this batch.
    let indexWrites = 0;
    await perPost(textByPost, "indexed", async (postId, postChanges) => {
      const states = [postChanges[0]!.text!.before, ...postChanges.map((change) => change.text!.after)];
      const written = await reindexPost(deps.searchEntry, { board: postChanges[0]!.board, postId, states });
      indexWrites += written.put + written.deleted;
    });
    let counted = 0;
    let orphansRemoved = 0;
    await perPost(byPost, "projected", async (postId, postChanges) => {
      const outcome = await recountComments(deps, postId);
      if (outcome.status === "counted") counted++;
      else
        for (const change of postChanges)
          if (change.kind === "comment-added" && (await removeOrphanComment(deps, { postId, commentId: change.commentId }))) orphansRemoved++;
    });
    let numbered = 0;
    await perPost(arrivalsByBoard, "numbered", async (_board, boardChanges) => {
      for (const change of boardChanges) {
        if (change.event === "INSERT" && (await numberPost(deps, change.postId)) === "numbered") numbered++;
        if (change.event === "REMOVE") await uncountPost(deps, change);
      }
    });
    await perPost(noticeByPost, "listed as a notice", async (postId, postChanges) => {
      const last = postChanges.at(-1)!;
      await projectNotice(deps.service.entities.notice, { board: last.board, postId, row: last.notice!.row });
    });
    await perPost(bestByPost, "listed as 베스트", async (postId, postChanges) => {
      const last = postChanges.at(-1)!;
      await projectBest(deps.service.entities.bestEntry, { board: last.board, postId, row: last.best!.row });
    });
    let views = 0;
    await perPost(viewsByPost, "counted for views", async (postId, postChanges) => {
      views += await addOnce(
        deps,
        postId,
        "viewSeq",
        postChanges.map((change) => ({ sequenceNumber: change.sequenceNumber, add: { viewCount: 1 } })),
      );
    });
    let votes = 0;
    await perPost(votesByPost, "counted for votes", async (postId, postChanges) => {
      votes += await addOnce(
        deps,
        postId,
        "voteSeq",
        postChanges.map((change) => ({ sequenceNumber: change.sequenceNumber, add: { upvotes: change.up, downvotes: change.down } })),
      );
      // Whether or not this batch added anything (it may be a retry after the count was written), the rule is checked again.
      if (postChanges.some((change) => change.up > 0)) await promoteIfBest(deps, postId);
    });
    let reports = 0;
    let hidden = 0;
    await perPost(reportsByItem, "counted for reports", async (item, itemChanges) => {
      const outcome = await countReports(deps, item, itemChanges);
      reports += outcome.counted;
      if (outcome.hidden) hidden++;
    });
    const earliestFailure = earliestSequenceNumber(failed);
    log(
      projectionLogLine(deps.metricsNamespace ?? defaultMetricsNamespace, {
        records: changes.length,
        posts: byPost.size,
        counted,
        orphansRemoved,
        reindexed: textByPost.size,
        indexWrites,
        numbered,
        views,
        votes,
        reports,
        hidden,
        failed: failed.length,
        earliestFailure,
        durationMs: Math.round(performance.now() - started),
      }),
    );
    return { batchItemFailures: earliestFailure ? [{ itemIdentifier: earliestFailure }] : [] };
  };
}

/** The batch's one log line, its failures and orphan removals as Embedded Metric Format metrics. */
function projectionLogLine(
  namespace: string,
  facts: {
    records: number;
    posts: number;
    counted: number;
    orphansRemoved: number;
    reindexed: number;
    indexWrites: number;
    numbered: number;
    views: number;
    votes: number;
    reports: number;
    hidden: number;
    failed: number;
    earliestFailure: string | undefined;
    durationMs: number;
  },
) {
  return {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [[]],
          Metrics: [
            { Name: metricNames.projectorRecordFailures, Unit: "Count" },
            { Name: metricNames.orphanCommentsRemoved, Unit: "Count" },
          ],
        },
      ],
    },
    [metricNames.projectorRecordFailures]: facts.failed,
    [metricNames.orphanCommentsRemoved]: facts.orphansRemoved,
    level: facts.failed > 0 ? "error" : "info",
    msg: "stream projected",
    ...facts,
  };
}

/** The projector's settings, from its environment; a missing one stops it with one line. */
export function projectorConfig(env: NodeJS.ProcessEnv) {
  if (!env.TABLE_NAME) throw new Error("Invalid configuration: TABLE_NAME must be set");
  return {
    tableName: env.TABLE_NAME,
    mediaBucket: env.MEDIA_BUCKET,
    region: env.AWS_REGION ?? "us-east-1",
    dynamoEndpoint: env.DYNAMODB_ENDPOINT,
    metricsNamespace: env.METRICS_NAMESPACE ?? defaultMetricsNamespace,
    reportHideThreshold: wholeNumberOr(env.REPORT_HIDE_THRESHOLD, limits.reports.hideThreshold, "REPORT_HIDE_THRESHOLD"),
  };
}

/** A setting that is a whole number of at least 1, or its default when unset. */
function wholeNumberOr(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`Invalid configuration: ${name} must be a whole number of at least 1`);
  return parsed;
}

/** The settings the projector's dependencies need (the hiding threshold has its default). */
type ProjectorSettings = Omit<ReturnType<typeof projectorConfig>, "reportHideThreshold"> & { reportHideThreshold?: number };

export function projectorDeps(config: ProjectorSettings, client: DynamoDBClient = createStoreClient(config)): ProjectorDeps {
  const table = { client, table: config.tableName };
  const bucket = config.mediaBucket;
  // The S3 client loads only when an orphan comment has images to delete (rare), then stays.
  let store: Promise<Pick<MediaStore, "deleteMedia">> | undefined;
  const media: Pick<MediaStore, "deleteMedia"> | undefined = bucket
    ? {
        deleteMedia: async (ids) => {
          store ??= import("../media/s3-media-store.js").then(({ createMediaStore }) => createMediaStore({ bucket, region: config.region }));
          await (await store).deleteMedia(ids);
        },
      }
    : undefined;
  return {
    client,
    post: createPostEntity(table),
    comment: createCommentEntity(table),
    attachment: createAttachmentEntity(table),
    searchEntry: createSearchEntryEntity(table),
    service: createBoardService(table),
    media,
    metricsNamespace: config.metricsNamespace,
    reportHideThreshold: config.reportHideThreshold ?? limits.reports.hideThreshold,
  };
}

export function projectorFromEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return createProjector(projectorDeps(projectorConfig(env)));
}
