/**
 * entities/retrieval.ts reads items without ElectroDB's per-item formatting. This holds each
 * reader to ElectroDB's own formatting (`entity.parse`, what `go()` runs on every item), for every
 * model of the board: a full item as ElectroDB stores it, the same with each optional attribute
 * missing, another model's item and an older version's, and an item read back through DynamoDB
 * Local; and it holds that a model whose reading is more than a copy is refused, not imitated.
 */
import { describe, expect, it } from "vitest";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Entity } from "electrodb";
import { commentSchema } from "../entities/comment.js";
import { postSchema } from "../entities/post.js";
import { itemReader, readItems } from "../entities/retrieval.js";
import type { ReadableModel } from "../entities/retrieval.js";
import { rawStoreErrors } from "../entities/store-errors.js";
import { createBoardService } from "../entities/service.js";
import { createTestStore } from "./support/store.js";
import { boardModels } from "./support/models.js";

type Item = Record<string, unknown>;
type Definition = ReadableModel["attributes"][string];

const models: Record<string, ReadableModel> = boardModels;
const config = { client: new DynamoDBClient({ region: "us-east-1" }), table: "any" };

/** A value of the attribute's type, different per attribute (so a value read into the wrong name shows). */
function valueFor(name: string, definition: Definition, seed: number): unknown {
  const { type } = definition;
  if (Array.isArray(type)) return type[seed % type.length];
  if (type === "string") return `${name}-${seed}`;
  if (type === "number") return seed + 10;
  if (type === "boolean") return seed % 2 === 0;
  if (type === "any") return { note: `${name}-${seed}` };
  if (type === "list" && definition.items?.type === "map")
    return [0, 1].map((index) =>
      Object.fromEntries(Object.entries(definition.items!.properties ?? {}).map(([key, property], at) => [key, valueFor(key, property, seed + index + at)])),
    );
  if (type === "list" && definition.items) return [valueFor(name, definition.items, seed), valueFor(name, definition.items, seed + 1)];
  if (type === "map")
    return Object.fromEntries(Object.entries(definition.properties ?? {}).map(([key, property], at) => [key, valueFor(key, property, seed + at)]));
  if (type === "set") return [`${name}-${seed}`];
  throw new Error(`no test value for ${name} (${String(type)})`);
}

/** Every attribute given, stored as ElectroDB stores it (keys, identifiers, setters and all). */
function storedItem(entity: Entity<string, string, string, never>, model: ReadableModel): Item {
  const values = Object.fromEntries(Object.entries(model.attributes).map(([name, definition], at) => [name, valueFor(name, definition, at)]));
  return (entity.put(values as never).params() as { Item: Item }).Item;
}

/** What ElectroDB's `go()` makes of one raw item (its `formatResponse`, ownership checked as a read checks it). */
const electroRead = (entity: Entity<string, string, string, never>, item: Item) =>
  (entity.parse({ Item: item } as never, { ignoreOwnership: false } as never) as { data: Item | null }).data ?? undefined;

function readable(model: ReadableModel): boolean {
  try {
    itemReader(model);
    return true;
  } catch {
    return false;
  }
}

describe("reading items without ElectroDB's per-item formatting (entities/retrieval.ts)", () => {
  it("can read every model of the board", () => {
    const read = Object.keys(models).filter((name) => readable(models[name]!));
    expect(read).toEqual(Object.keys(models));
  });

  const readableModels = Object.entries(models).filter(([, model]) => readable(model));

  it.each(readableModels)("%s: a full item, and the same with each optional attribute missing, read as ElectroDB reads them", (_name, model) => {
    const entity = new Entity(model as never, config) as Entity<string, string, string, never>;
    const reader = itemReader(model);
    const full = storedItem(entity, model);
    const variants: Item[] = [full, { ...full, stray: "a field no model declares" }];
    // A list's maps carry a property their model does not declare: ElectroDB leaves it out.
    for (const [name, definition] of Object.entries(model.attributes))
      if (definition.type === "list" && definition.items?.type === "map") {
        const field = definition.field ?? name;
        variants.push({ ...full, [field]: (full[field] as Item[]).map((element) => ({ ...element, stray: 1 })) });
      }
    for (const [name, definition] of Object.entries(model.attributes)) {
      if ((definition as { required?: boolean }).required) continue;
      const { [definition.field ?? name]: _left, ...without } = full;
      variants.push(without);
    }
    for (const item of variants) {
      const expected = electroRead(entity, item);
      expect(expected).toBeDefined();
      expect(reader(item)).toStrictEqual(expected);
    }
  });

  it.each(readableModels)("%s: another model's item, or another version's, is not read (as ElectroDB leaves it out)", (name, model) => {
    const entity = new Entity(model as never, config) as Entity<string, string, string, never>;
    const reader = itemReader(model);
    const full = storedItem(entity, model);
    const otherName = name === "post" ? "comment" : "post";
    for (const item of [
      { ...full, __edb_e__: otherName },
      { ...full, __edb_v__: "2" },
      { ...full, __edb_e__: undefined },
    ]) {
      expect(electroRead(entity, item)).toBeUndefined();
      expect(reader(item)).toBeUndefined();
    }
  });

  it("refuses a model whose reading is more than a copy (a getter, a map at the root, a set), rather than reading it differently", () => {
    const model = (attributes: ReadableModel["attributes"]): ReadableModel => ({ model: { entity: "x", version: "1" }, attributes });
    expect(() => itemReader(model({ title: { type: "string", get: (value: string) => value.trim() } }))).toThrow(/get.*ElectroDB/);
    expect(() => itemReader(model({ settings: { type: "map", properties: { a: { type: "string" } } } }))).toThrow(/map.*ElectroDB/);
    expect(() => itemReader(model({ tags: { type: "set", items: { type: "string" } } }))).toThrow(/set.*ElectroDB/);
    expect(() => itemReader(model({ tags: { type: "list", items: { type: "map", properties: { a: { type: "string", get: () => "" } } } } }))).toThrow(
      /get.*ElectroDB/,
    );
    // Hidden attributes are left out, as ElectroDB leaves them out, whatever they are.
    expect(
      itemReader(model({ secret: { type: "map", hidden: true }, shown: { type: "string" } }))({ __edb_e__: "x", __edb_v__: "1", secret: {}, shown: "s" }),
    ).toEqual({
      shown: "s",
    });
  });

  it("reads a thread as ElectroDB's collection query returns it, through DynamoDB Local", async () => {
    const store = await createTestStore();
    const { entities, collections } = createBoardService({ client: store.boardClient, table: store.table });
    const postId = "01JTHREADREADTHREADREAD000";
    await entities.post
      .create({
        board: "free",
        postId,
        title: "제목",
        body: "본문",
        author: "글쓴이",
        createdAt: "2026-12-03T00:00:00.000Z",
        updatedAt: "2026-12-03T00:00:00.000Z",
        version: 1,
        commentCount: 2,
        editTokenHash: "hash",
        number: 12,
        attachments: [
          { attachmentId: "a1", alt: "고양이", url: "/i/a1.webp", thumbUrl: "/i/a1-t.webp", width: 800, height: 600, thumbWidth: 400, thumbHeight: 300 },
        ],
      })
      .go(rawStoreErrors);
    for (const [at, commentId] of ["01JCOMMENTCOMMENTCOMMENT01", "01JCOMMENTCOMMENTCOMMENT02"].entries())
      await entities.comment
        .create({
          postId,
          commentId,
          body: `댓글 ${at}`,
          author: "a",
          createdAt: "2026-12-03T00:00:01.000Z",
          updatedAt: "2026-12-03T00:00:01.000Z",
          version: 1,
          editTokenHash: "hash",
          attachments: [],
          ...(at === 1 ? { posterTag: "tag", passwordHash: "scrypt" } : {}),
        })
        .go(rawStoreErrors);
    const formatted = await collections.thread({ postId }).go({ ...rawStoreErrors, consistent: true });
    const { data: answer } = await collections.thread({ postId }).go({ ...rawStoreErrors, consistent: true, data: "raw" });
    const raw = (answer as unknown as { Items: Item[] }).Items;
    expect(raw).toHaveLength(3);
    expect(readItems(raw, itemReader(postSchema))).toStrictEqual(formatted.data.post);
    expect(readItems(raw, itemReader(commentSchema))).toStrictEqual(formatted.data.comment);
    expect(formatted.data.comment).toHaveLength(2);
  });
});
