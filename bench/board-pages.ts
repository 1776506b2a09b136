/**
 * What a numbered page costs on a big board: `posts` posts numbered 1…N (seeded as the projector
 * leaves them: each with its number, the board's numbers, two notices), then `boards.page` for page
 * 1, 2, the middle and the last, each read several times: read units (ReturnConsumedCapacity),
 * DynamoDB requests, and p50 time, in-process on DynamoDB Local.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createBoardOperations } from "../api/board/index.js";
import { createBoardService } from "../entities/service.js";
import { limits } from "../api/limits.js";
import { meterCapacity } from "./viral-thread.js";
import { dynamoOnDemandUsd } from "./prices.js";
import { median, round } from "./stats.js";

const moderatorToken = "bench-moderator-token-bench-moderator";

export async function boardPagesBench(endpoint: string, table: string, signingSecret: string, settings: { posts: number; reads: number }) {
  const seedClient = new DynamoDBClient({ endpoint, region: "us-east-1" });
  const service = createBoardService({ client: seedClient, table });
  const board = "pages";
  const started = performance.now();
  const now = new Date().toISOString();
  await service.entities.board.create({ board, name: "큰 게시판", description: "", position: 1, createdAt: now, updatedAt: now, version: 1 }).go();
  // A typical row: a 30-character Korean title, a 300-character body (≈ 1.3 KB an item).
  const body = "오늘 다녀온 곳 이야기를 조금 적어 봅니다. ".repeat(12).slice(0, 300);
  const posts = Array.from({ length: settings.posts }, (_, i) => ({
    board,
    postId: `01K${String(i).padStart(23, "0")}`,
    title: `${i + 1}번째 글: 주말에 다녀온 곳 이야기와 사진 몇 장`,
    body,
    author: "ㅇㅇ",
    createdAt: now,
    updatedAt: now,
    version: 1,
    commentCount: i % 7,
    number: i + 1,
    editTokenHash: "x".repeat(43),
  }));
  for (let from = 0; from < posts.length; from += 500) {
    const { unprocessed } = await service.entities.post.put(posts.slice(from, from + 500)).go();
    if (unprocessed.length > 0) throw new Error("seeding left posts unwritten");
  }
  await service.entities.boardStats.create({ board, lastNumber: settings.posts, postCount: settings.posts, lastPostAt: now }).go();
  for (const notice of posts.slice(0, 2))
    await service.entities.notice
      .put({ board, postId: notice.postId, title: notice.title, author: notice.author, createdAt: now, commentCount: 0, number: notice.number, pinnedAt: now })
      .go();
  const seededSeconds = round((performance.now() - started) / 1000, 1);

  const client = new DynamoDBClient({ endpoint, region: "us-east-1" });
  const used = meterCapacity(client);
  let requests = 0;
  client.middlewareStack.add(
    (next) => (args) => {
      requests++;
      return next(args);
    },
    { step: "initialize", name: "countRequests" },
  );
  const operations = createBoardOperations({ client, table, signingSecret, moderatorToken });
  const pageCount = Math.ceil(settings.posts / limits.boardPage.size);
  const measured = [];
  for (const page of [1, 2, Math.ceil(pageCount / 2), pageCount]) {
    const times: number[] = [];
    used.read = 0;
    requests = 0;
    let rows = 0;
    for (let i = 0; i < settings.reads; i++) {
      const began = performance.now();
      const result = await operations.boards.page({ board, page });
      times.push(performance.now() - began);
      rows = result.posts.length;
    }
    const readUnits = round(used.read / settings.reads, 2);
    measured.push({
      page,
      rows,
      requests: requests / settings.reads,
      readUnits,
      p50Ms: round(median(times), 2),
      usdPerMillionPages: round((readUnits * dynamoOnDemandUsd.perMillionReadRequestUnits * 1e6) / 1e6, 3),
    });
  }
  return { posts: settings.posts, pageCount, seededSeconds, pages: measured };
}
