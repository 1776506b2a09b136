/**
 * The board's hot reads run on parameters ElectroDB writes once (entities/prepared-query.ts,
 * entities/reads.ts). This holds every one of them equal to the parameters ElectroDB writes for
 * the call itself, over awkward values and page sizes; holds that a key template which changes
 * its values is refused rather than prepared; and runs the prepared thread read against DynamoDB
 * Local beside ElectroDB's own.
 */
import { describe, expect, it } from "vitest";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Entity } from "electrodb";
import { createBoardService } from "../entities/service.js";
import { createPreparedReads, writePreparedTemplates } from "../entities/reads.js";
import type { PreparedReads } from "../entities/reads.js";
import { preparedTemplatesAhead } from "../tools/prepared-reads-ahead.js";
import { preparedQuery } from "../entities/prepared-query.js";
import { rawStoreErrors } from "../entities/store-errors.js";
import { createTestBoard, createTestStore } from "./support/store.js";

const offline = { client: new DynamoDBClient({ region: "us-east-1" }), table: "prepared-test" };
const service = createBoardService(offline);
/** Written by ElectroDB on first use (unbundled), and as the Lambda bundle carries them, written at build time. */
const reads = createPreparedReads(service, offline, undefined);
const readsAhead = createPreparedReads(service, offline, preparedTemplatesAhead());
const both: [string, PreparedReads[keyof PreparedReads]][] = [
  ...Object.entries(reads).map(([name, read]) => [`${name}, written on first use`, read] as [string, PreparedReads[keyof PreparedReads]]),
  ...Object.entries(readsAhead).map(([name, read]) => [`${name}, written at build time`, read] as [string, PreparedReads[keyof PreparedReads]]),
];

/** Values a key may carry: ULIDs, slugs, Korean, and what a template or an expression might trip on. */
const awkward = [
  "01JDQ7Z8X9Y0A1B2C3D4E5F6G7",
  "free",
  "자유게시판",
  "a#b",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a value that looks like ElectroDB's key template, on purpose
  "${postId}",
  'it\'s "quoted" \\ back',
  ":pk",
  "0000000042",
  "MiXeD-CaSe_123",
  " spaced out ",
  "\u{E000}Aa:postId\u{E002}\u{E001}", // looks like a marker: a call's values are put in by position
];

describe("prepared reads (entities/prepared-query.ts)", () => {
  it("covers every hot read of the board", () => {
    expect(Object.keys(reads).sort()).toEqual(["comments", "commentsAfter", "newest", "newestAfter", "numberedBetween", "numberedFrom", "thread"]);
  });

  it.each(both)("%s: the parameters ElectroDB writes for the call, for every value and page size", (_name, read) => {
    let compared = 0;
    for (const [at, value] of awkward.entries())
      for (const limit of [1, 21, 100]) {
        // Each named value gets a different awkward value, so two swapped values would show.
        const values = Object.fromEntries(read.names.map((name, index) => [name, awkward[(at + index) % awkward.length]!])) as never;
        expect(read.params(values, limit)).toStrictEqual(read.electroParams(values, limit));
        expect(JSON.stringify(read.params(values, limit))).toContain(JSON.stringify(value).slice(1, -1));
        compared++;
      }
    expect(compared).toBe(awkward.length * 3);
  });

  it("writes at build time what it writes on first use, and puts the function's own table in", () => {
    const ahead = { ...offline, table: "named-at-run-time" };
    expect(preparedTemplatesAhead()).toStrictEqual(writePreparedTemplates(createPreparedReads(createBoardService(ahead), ahead, undefined)));
    expect(readsAhead.thread.params({ postId: "01JDQ7Z8X9Y0A1B2C3D4E5F6G7" }, 5).TableName).toBe("prepared-test");
  });

  it("refuses a key template that changes its values (casing, padding) rather than prepare it", () => {
    const model = (casing: "none" | "lower" | "upper", padding?: { length: number; char: string }) =>
      new Entity(
        {
          model: { entity: "thing", version: "1", service: "t" },
          attributes: { group: { type: "string", ...(padding ? { padding } : {}) }, id: { type: "string" } },
          indexes: { byGroup: { pk: { field: "pk", composite: ["group"], casing }, sk: { field: "sk", composite: ["id"], casing } } },
        },
        { table: "t" },
      );
    const runner = { client: () => ({ query: () => ({ promise: async () => ({}) }) }), table: "t" };
    const prepare = (entity: ReturnType<typeof model>) => preparedQuery(["group"], ({ group }) => entity.query.byGroup({ group }), {}, runner);
    expect(() => prepare(model("lower")).params({ group: "Free" }, 1)).toThrow(/does not carry|changed its marker/);
    expect(() => prepare(model("upper")).params({ group: "Free" }, 1)).toThrow(/does not carry|changed its marker/);
    expect(() => prepare(model("none", { length: 40, char: "0" })).params({ group: "Free" }, 1)).toThrow(/length of a value/);
    // The same model with casing "none" prepares, and writes what ElectroDB writes.
    const plain = prepare(model("none"));
    expect(plain.params({ group: "Free" }, 5)).toStrictEqual(plain.electroParams({ group: "Free" }, 5));
  });

  it("reads a thread through DynamoDB Local as ElectroDB's own query does", async () => {
    const store = await createTestStore();
    const board = createTestBoard(store);
    const { post } = await board.posts.create({ board: "free", title: "제목", body: "본문", author: "글쓴이" });
    for (let i = 0; i < 3; i++) await board.comments.create({ postId: post.postId, body: `댓글 ${i}`, author: "a" });
    const local = createBoardService({ client: store.boardClient, table: store.table });
    const prepared = await createPreparedReads(local, { client: store.boardClient, table: store.table }).thread.items({ postId: post.postId }, 10);
    const { data } = await local.collections.thread({ postId: post.postId }).go({ ...rawStoreErrors, consistent: true, limit: 10, data: "raw" });
    expect(prepared).toHaveLength(4);
    expect(prepared).toStrictEqual((data as unknown as { Items: unknown[] }).Items);
  });
});
