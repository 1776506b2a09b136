import { QueryCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBClient, QueryCommandInput } from "@aws-sdk/client-dynamodb";
import type { CommentEntity } from "../entities/comment.js";
import type { PostEntity } from "../entities/post.js";
import { isConditionalCheckFailure, rawStoreErrors } from "../entities/store-errors.js";

export interface CountDeps {
  client: DynamoDBClient;
  post: PostEntity;
  comment: CommentEntity;
}

export type RecountOutcome = { postId: string; status: "counted"; commentCount: number } | { postId: string; status: "post-gone" | "post-deleting" };

/** After this many lost races with another projector on the same post, the batch is retried instead. */
const maxAttempts = 5;

/**
 * Sets a post's `commentCount` to the number of its comments, counted by a consistent Query.
 * Exact however often a record is delivered: a recount does not depend on which records came or
 * how often, only on the table. Two projectors recounting one post (records of its comments on
 * two shards) cannot leave a stale count: the count is written only if the post's
 * `countRevision` is still the one read *before* counting, so every count that is written was
 * taken after the last one written; the last write after the last comment change is exact.
 */
export async function recountComments(deps: CountDeps, postId: string): Promise<RecountOutcome> {
  for (let attempt = 1; ; attempt++) {
    const { data: post } = await deps.post.get({ postId }).go({ ...rawStoreErrors, consistent: true, attributes: ["postId", "deletedAt", "countRevision"] });
    if (!post) return { postId, status: "post-gone" };
    if (post.deletedAt !== undefined) return { postId, status: "post-deleting" };
    const commentCount = await countComments(deps, postId);
    const revision = post.countRevision;
    try {
      await deps.post
        .patch({ postId })
        .set({ commentCount })
        .add({ countRevision: 1 })
        .where(
          ({ countRevision, deletedAt }, { eq, notExists }) =>
            `${revision === undefined ? notExists(countRevision) : eq(countRevision, revision)} AND ${notExists(deletedAt)}`,
        )
        .go(rawStoreErrors);
      return { postId, status: "counted", commentCount };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      if (attempt === maxAttempts) throw new Error(`post ${postId}: its count changed under the projector ${maxAttempts} times in a row`);
    }
  }
}

/** One consistent Query on the post's partition, comments only, counted by DynamoDB (pages of 1 MB). */
async function countComments(deps: CountDeps, postId: string): Promise<number> {
  // ElectroDB builds the key condition (one home for the key templates) in DocumentClient form;
  // its values are key attributes, which are strings (entities/table.ts).
  const {
    ProjectionExpression: _unused,
    ExpressionAttributeValues: values = {},
    ...params
  } = deps.comment.query.byPost({ postId }).params() as Omit<QueryCommandInput, "ExpressionAttributeValues"> & {
    ExpressionAttributeValues?: Record<string, string>;
  };
  const query = { ...params, ExpressionAttributeValues: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { S: value }])) };
  let count = 0;
  let startKey: QueryCommandInput["ExclusiveStartKey"];
  do {
    const page = await deps.client.send(new QueryCommand({ ...query, Select: "COUNT", ConsistentRead: true, ExclusiveStartKey: startKey }));
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
