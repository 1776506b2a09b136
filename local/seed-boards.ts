import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createBoardEntity } from "../entities/board.js";
import { isConditionalCheckFailure } from "../entities/store-errors.js";

/**
 * The boards a newcomer's `npm start` opens on a fresh table, so the board list has something to
 * show. (A deployed board starts with none: its moderator opens them.)
 */
export const seedBoards = [
  { board: "general", name: "자유게시판", description: "무엇이든 편하게 이야기해요 · Anything goes" },
  { board: "questions", name: "질문게시판", description: "궁금한 것을 묻고 답해요 · Ask and answer" },
  { board: "photos", name: "사진게시판", description: "찍은 사진을 나눠요 · Share your photos" },
] as const;

export async function openSeedBoards(client: DynamoDBClient, table: string): Promise<void> {
  const board = createBoardEntity({ client, table });
  const now = new Date().toISOString();
  for (const [index, seed] of seedBoards.entries()) {
    await board
      .create({ ...seed, position: index + 1, createdAt: now, updatedAt: now, version: 1 })
      .go()
      .catch((error: unknown) => {
        if (!isConditionalCheckFailure(error)) throw error;
      });
  }
}
