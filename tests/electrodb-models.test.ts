/**
 * The Lambda bundle's ElectroDB skips its jsonschema model check for the board's own models
 * (tools/electrodb-trusted-models.ts). This is the check it skips, run in full on the unbundled
 * library, and the proof that the patch skips nothing else and refuses a changed library.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createAttachmentEntity } from "../entities/attachment.js";
import { createCommentEntity } from "../entities/comment.js";
import { createIdempotencyEntity } from "../entities/idempotency.js";
import { createPostEntity } from "../entities/post.js";
import { createRateWindowEntity } from "../entities/rate-window.js";
import { createBoardService } from "../entities/service.js";
import { trustedModel } from "../entities/trusted-models.js";
import { patchValidations } from "../tools/electrodb-trusted-models.js";
import { createBoardOperations } from "../api/board/index.js";
import { createTestStore, testSigningSecret } from "./support/store.js";
import { boardModels } from "./support/models.js";

const require = createRequire(import.meta.url);
const validationsPath = require.resolve("electrodb/src/validations.js");
type Validations = { model: (model: object) => void; testModel: (value: object) => [boolean, string] };
const electroValidations = require(validationsPath) as Validations;

/** The patched module, evaluated as the bundle would (same requires, same registry). */
function patchedValidations(): Validations {
  const module = { exports: {} as Validations };
  const moduleRequire = createRequire(validationsPath);
  new Function("require", "module", "exports", patchValidations(readFileSync(validationsPath, "utf8")))(moduleRequire, module, module.exports);
  return module.exports;
}

const config = { client: new DynamoDBClient({ region: "us-east-1" }), table: "any" };
const models = boardModels;
const entities = {
  post: createPostEntity(config),
  comment: createCommentEntity(config),
  idempotency: createIdempotencyEntity(config),
  rateWindow: createRateWindowEntity(config),
  attachment: createAttachmentEntity(config),
};

describe("the board's ElectroDB models", () => {
  it.each(Object.entries(models))("%s passes ElectroDB's full model check (unbundled, unpatched)", (_name, model) => {
    expect(() => electroValidations.model(model)).not.toThrow();
    expect(electroValidations.testModel(model)).toEqual([true, ""]);
  });

  it.each(Object.entries(entities))("%s, as an Entity, is not a model by the full check either (what the patch answers without checking)", (_name, entity) => {
    expect(electroValidations.testModel(entity)[0]).toBe(false);
    expect(patchedValidations().testModel(entity)).toEqual([false, ""]);
  });

  it("builds the service from them", () => {
    expect(Object.keys(createBoardService(config).entities).sort()).toEqual([
      "attachment",
      "bestEntry",
      "board",
      "boardStats",
      "comment",
      "idempotency",
      "notice",
      "passwordGuard",
      "post",
      "postTally",
      "report",
      "reservedNames",
      "reviewEntry",
      "searchEntry",
      "viewMark",
      "vote",
    ]);
  });
});

describe("the bundle's patch", () => {
  it("skips the check for registered models only: any other model is still checked", () => {
    const patched = patchedValidations();
    const broken = { model: { entity: "x", version: "1", service: "s" }, attributes: { a: { type: "nonsense" } }, indexes: {} };
    expect(() => electroValidations.model(broken)).toThrow(/indexes/);
    expect(() => patched.model(broken)).toThrow(/indexes/);
    expect(() => patched.model(trustedModel({ ...broken }))).not.toThrow();
  });

  it("refuses to patch a library that changed under it", () => {
    const source = readFileSync(validationsPath, "utf8");
    expect(() => patchValidations(`${source}\n// a newer ElectroDB`)).toThrow(/ElectroDB changed/);
    expect(() => patchValidations(source.replace("function testModel(model) {", "function testModel(value) {"))).toThrow(/ElectroDB changed/);
  });
});

describe("the board's service builds an entity on its first use", () => {
  it("builds none for a board that has served nothing, the post alone for a list, the thread's two for a thread, all for a transaction", async () => {
    const store = await createTestStore();
    const built: string[] = [];
    const board = createBoardOperations({
      client: store.boardClient,
      table: store.table,
      signingSecret: testSigningSecret,
      onEntityBuilt: (name) => built.push(name),
    });
    expect(built).toEqual([]);

    await board.posts.list({ board: "lazy", limit: 20 });
    expect(built).toEqual(["post"]);

    const { post } = await board.posts.create({ board: "lazy", title: "t", body: "b", author: "a" });
    await board.posts.thread({ postId: post.postId, limit: 20 });
    expect(built.sort()).toEqual(["comment", "post", "reservedNames"]);

    // A transaction's Service hands its callback every entity, so the first one builds the rest.
    await board.posts.create({ board: "lazy", title: "t", body: "b", author: "a" }, { idempotencyKey: "lazy-service-key-000000000000000000" });
    expect(built.sort()).toEqual(Object.keys(createBoardService(config).entities).sort());
  });
});
