import { describe, expect, it } from "vitest";
import { createTableInput, tableDefinition } from "../entities/table.js";
import { postSchema } from "../entities/post.js";
import { commentSchema } from "../entities/comment.js";
import { bestEntrySchema, boardSchema, boardStatsSchema, noticeSchema, postTallySchema } from "../entities/board.js";
import { searchEntrySchema } from "../entities/search-entry.js";
import { viewMarkSchema } from "../entities/view-mark.js";
import { voteSchema } from "../entities/vote.js";

describe("one table definition", () => {
  it("is the key schema ElectroDB's entities use", () => {
    const gsiNames = tableDefinition.globalSecondaryIndexes.map((gsi) => gsi.name);
    for (const schema of [
      bestEntrySchema,
      postSchema,
      commentSchema,
      searchEntrySchema,
      boardSchema,
      boardStatsSchema,
      noticeSchema,
      postTallySchema,
      viewMarkSchema,
      voteSchema,
    ]) {
      for (const index of Object.values(schema.indexes) as { index?: string; pk: { field: string }; sk: { field: string } }[]) {
        if (index.index === undefined) {
          expect([index.pk.field, index.sk.field]).toEqual([tableDefinition.partitionKey, tableDefinition.sortKey]);
        } else {
          expect(gsiNames).toContain(index.index);
          const gsi = tableDefinition.globalSecondaryIndexes.find((candidate) => candidate.name === index.index)!;
          expect([index.pk.field, index.sk.field]).toEqual([gsi.partitionKey, gsi.sortKey]);
        }
      }
    }
  });

  it("is the table the local bootstrap creates", () => {
    const input = createTableInput("board");
    expect(input.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(input.GlobalSecondaryIndexes?.map((gsi) => [gsi.IndexName, gsi.KeySchema])).toEqual([
      [
        "gsi1",
        [
          { AttributeName: "gsi1pk", KeyType: "HASH" },
          { AttributeName: "gsi1sk", KeyType: "RANGE" },
        ],
      ],
      [
        "gsi2",
        [
          { AttributeName: "gsi2pk", KeyType: "HASH" },
          { AttributeName: "gsi2sk", KeyType: "RANGE" },
        ],
      ],
    ]);
    expect(input.BillingMode).toBe("PAY_PER_REQUEST");
  });
});
