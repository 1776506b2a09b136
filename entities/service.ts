import { Service } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createPostEntity } from "./post.js";
import { createCommentEntity } from "./comment.js";

export interface StoreOptions {
  client: DynamoDBClient;
  table: string;
}

/** The board's ElectroDB service: entities plus the `thread` collection (a post and its comments). */
export function createBoardService({ client, table }: StoreOptions) {
  const config = { client, table };
  return new Service({ post: createPostEntity(config), comment: createCommentEntity(config) }, config);
}

export type BoardService = ReturnType<typeof createBoardService>;
