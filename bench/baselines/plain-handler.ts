/**
 * The baseline: a Lambda handler as most tutorials write one — switch on method and path, call
 * DynamoDB's DocumentClient, build the JSON by hand. Same table, same items, same DynamoDB work
 * as the board (one Query per read; conditional Put; a comment: GetItem of its post, then its own Put).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { randomBytes, createHash } from "node:crypto";
import { ulid } from "ulid";

const TableName = process.env.TABLE_NAME!;
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: process.env.AWS_REGION, ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}) }),
);

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const post = (item: Record<string, unknown>) => ({
  board: item.board,
  postId: item.postId,
  title: item.title,
  body: item.body,
  author: item.author,
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
  version: item.version,
  commentCount: item.commentCount,
});
const comment = (item: Record<string, unknown>) => ({
  postId: item.postId,
  commentId: item.commentId,
  body: item.body,
  author: item.author,
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
  version: item.version,
});
const token = () => randomBytes(32).toString("base64url");
const hash = (value: string) => createHash("sha256").update(value).digest("base64url");

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const path = `/${event.pathParameters?.proxy ?? ""}`;
  const limit = Math.min(Number(event.queryStringParameters?.limit ?? 20) || 20, 100);
  try {
    const thread = event.httpMethod === "GET" ? path.match(/^\/posts\/([^/]+)$/) : null;
    const listPath = event.httpMethod === "GET" ? path.match(/^\/boards\/([^/]+)\/posts$/) : null;
    const commentPath = event.httpMethod === "POST" ? path.match(/^\/posts\/([^/]+)\/comments$/) : null;
    let match: RegExpMatchArray | null = thread;
    if (match) {
      const result = await db.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `post#${match[1]}` },
          Limit: limit + 2,
          ConsistentRead: true,
        }),
      );
      const [head, ...rest] = result.Items ?? [];
      if (head?.sk !== "thread") return json(404, { message: "Not found" });
      return json(200, {
        post: post(head),
        comments: { items: rest.slice(0, limit).map(comment), nextCursor: rest.length > limit ? rest[limit - 1]!.commentId : null },
      });
    }
    match = listPath;
    if (match) {
      const result = await db.send(
        new QueryCommand({
          TableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": `board#${match[1]}` },
          ScanIndexForward: false,
          Limit: limit + 1,
        }),
      );
      const items = result.Items ?? [];
      return json(200, { items: items.slice(0, limit).map(post), nextCursor: items.length > limit ? items[limit - 1]!.postId : null });
    }
    if (event.httpMethod === "POST" && path === "/posts") {
      const input = JSON.parse(event.body ?? "{}");
      if (typeof input.title !== "string" || typeof input.body !== "string" || typeof input.author !== "string" || typeof input.board !== "string")
        return json(400, { message: "Invalid input" });
      const now = new Date().toISOString();
      const editToken = token();
      const item = { ...input, postId: ulid(), createdAt: now, updatedAt: now, version: 1, commentCount: 0, editTokenHash: hash(editToken) };
      await db.send(
        new PutCommand({
          TableName,
          Item: { pk: `post#${item.postId}`, sk: "thread", gsi1pk: `board#${item.board}`, gsi1sk: `post#${item.postId}`, ...item },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return json(201, { post: post(item), editToken });
    }
    match = commentPath;
    if (match) {
      const input = JSON.parse(event.body ?? "{}");
      if (typeof input.body !== "string" || typeof input.author !== "string") return json(400, { message: "Invalid input" });
      const now = new Date().toISOString();
      const editToken = token();
      const item = { ...input, postId: match[1], commentId: ulid(), createdAt: now, updatedAt: now, version: 1, editTokenHash: hash(editToken) };
      // As the board does: the post must exist (read first), then the comment alone; the count is derived elsewhere.
      const { Item: parent } = await db.send(new GetCommand({ TableName, Key: { pk: `post#${item.postId}`, sk: "thread" }, ConsistentRead: true }));
      if (!parent || parent.deletedAt) return json(404, { message: "Not found" });
      await db.send(
        new PutCommand({
          TableName,
          Item: { pk: `post#${item.postId}`, sk: `thread#comment#${item.commentId}`, ...item },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return json(201, { comment: comment(item), editToken });
    }
    return json(404, { message: "Not found" });
  } catch (error) {
    console.error(error);
    return json(500, { message: "Internal server error" });
  }
};
