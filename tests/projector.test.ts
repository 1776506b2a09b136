import { beforeAll, describe, expect, it } from "vitest";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { createProjector } from "../projector/projector-function.js";
import { createTestBoard, createTestStore } from "./support/store.js";
import type { TestStore } from "./support/store.js";
import { testProjector, testProjectorDeps } from "./support/projector.js";

let store: TestStore;
let board: ReturnType<typeof createTestBoard>;

beforeAll(async () => {
  store = await createTestStore();
  board = createTestBoard(store);
});

const newPost = async (name = "projected") => (await board.posts.create({ board: name, title: "A title", body: "A body", author: "ann" })).post.postId;
const commentOn = (postId: string, body = "A comment") => board.comments.create({ postId, body, author: "bo" });
const countOf = async (postId: string) => (await board.posts.thread({ postId, limit: 1 })).post.commentCount;
const commentIdsOf = async (postId: string) => (await board.comments.list({ postId, limit: 100 })).items.map((item) => item.commentId);

/** A projector run that records every batch it was given (so a test can deliver them again). */
function recordingProjector() {
  const batches: DynamoDBStreamEvent[] = [];
  const poller = testProjector(store, {
    wrap: (projector) => (event) => {
      batches.push(event);
      return projector(event);
    },
  });
  return { poller, batches };
}

describe("the stream projector", () => {
  it("makes commentCount exact once the stream drains; before that the count lags", async () => {
    const postId = await newPost();
    const created = await Promise.all(Array.from({ length: 7 }, (_, i) => commentOn(postId, `c${i}`)));
    await Promise.all(
      created.slice(0, 3).map(({ comment, editToken }) => board.comments.delete({ postId, commentId: comment.commentId }, { token: editToken })),
    );
    expect(await countOf(postId)).toBe(0);
    await testProjector(store).drain();
    expect(await countOf(postId)).toBe(4);
  });

  it("is exact when every batch is delivered again, twice, and when its halves come again out of order", async () => {
    const postId = await newPost();
    const created = await Promise.all(Array.from({ length: 6 }, (_, i) => commentOn(postId, `r${i}`)));
    await board.comments.delete({ postId, commentId: created[0]!.comment.commentId }, { token: created[0]!.editToken });
    const { poller, batches } = recordingProjector();
    await poller.drain();
    expect(await countOf(postId)).toBe(5);
    const projector = createProjector(testProjectorDeps(store));
    for (const batch of [...batches, ...batches]) expect(await projector(batch)).toEqual({ batchItemFailures: [] });
    const records = batches.flatMap((batch) => batch.Records);
    const middle = Math.floor(records.length / 2);
    await projector({ Records: records.slice(middle) });
    await projector({ Records: records.slice(0, middle) });
    expect(await countOf(postId)).toBe(5);
  });

  it("is exact when a run crashes after writing some counts and Lambda delivers the batch again", async () => {
    const [first, second] = [await newPost(), await newPost()];
    for (const postId of [first, second]) await Promise.all([commentOn(postId), commentOn(postId)]);
    // The first count write lands, then the function dies before answering: Lambda sees an error.
    const crashing = new DynamoDBClient({ endpoint: store.endpoint, region: "us-east-1" });
    let writes = 0;
    crashing.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === "UpdateItemCommand" && ++writes === 1) throw Object.assign(new Error("Runtime exited"), { name: "Runtime.ExitError" });
        return result;
      },
      { step: "initialize", name: "crashAfterFirstWrite" },
    );
    const poller = testProjector(store, { deps: testProjectorDeps(store, crashing) });
    await poller.drain();
    expect(writes).toBeGreaterThan(2);
    expect(poller.failures).toEqual([]);
    expect([await countOf(first), await countOf(second)]).toEqual([2, 2]);
  });

  it("two projectors racing on one post never leave an older count over a newer one", async () => {
    const postId = await newPost();
    await commentOn(postId);
    // Projector A counts 1 comment, then stalls before writing; meanwhile a comment arrives and
    // projector B counts 2 and writes. A's write must not land over B's.
    let releaseA!: () => void;
    let aStalled!: () => void;
    const stalled = new Promise<void>((resolve) => (aStalled = resolve));
    const slow = new DynamoDBClient({ endpoint: store.endpoint, region: "us-east-1" });
    let stalls = 0;
    slow.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "UpdateItemCommand" && stalls++ === 0) {
          aStalled();
          await new Promise<void>((resolve) => (releaseA = resolve));
        }
        return next(args);
      },
      { step: "initialize", name: "stallFirstWrite" },
    );
    const event = (await recordOf(postId)) as DynamoDBStreamEvent;
    const a = createProjector(testProjectorDeps(store, slow))(event);
    await stalled;
    await commentOn(postId);
    expect(await createProjector(testProjectorDeps(store))(event)).toEqual({ batchItemFailures: [] });
    expect(await countOf(postId)).toBe(2);
    releaseA();
    expect(await a).toEqual({ batchItemFailures: [] });
    expect(stalls).toBe(2); // A lost the race, counted again and wrote the same 2
    expect(await countOf(postId)).toBe(2);
  });

  it("removes a comment that landed on a post being deleted or gone, and never counts it", async () => {
    const deleting = await newPost();
    const gone = await newPost();
    // The race the API cannot close on its own: the post was live when checked, then its delete began.
    await commentOn(deleting);
    await commentOn(gone);
    await markDeleting(deleting);
    await removePost(gone);
    await testProjector(store).drain();
    expect(await commentIdsOf(deleting)).toEqual([]);
    expect(await commentIdsOf(gone)).toEqual([]);
  });

  it("a record it cannot read is retried, isolated by bisecting, and sent to the failure destination; the rest are projected", async () => {
    const postId = await newPost();
    await commentOn(postId, "before");
    await store.client.send(
      new PutItemCommand({
        TableName: store.table,
        Item: { pk: { S: `broken#${postId}` }, sk: { S: "thread#comment#broken" }, __edb_e__: { S: "comment" }, __edb_v__: { S: "1" } },
      }),
    );
    await commentOn(postId, "after");
    const invoked: number[] = [];
    const poller = testProjector(store, {
      wrap: (projector) => (event) => {
        invoked.push(event.Records.length);
        return projector(event);
      },
    });
    await poller.drain();
    expect(poller.failures).toHaveLength(1);
    expect(poller.failures[0]).toMatchObject({
      requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: expect.any(Number) },
      DDBStreamBatchInfo: { batchSize: 1 },
    });
    // The comment after the broken record was projected too.
    expect(await countOf(postId)).toBe(2);
    expect(invoked.filter((size) => size === 1).length).toBeGreaterThanOrEqual(6); // the record alone: first try and 5 retries
  });

  it("ignores its own writes: the post changes its count writes make are read and nothing is written", async () => {
    const postId = await newPost();
    await commentOn(postId);
    const { poller, batches } = recordingProjector();
    await poller.drain();
    const ownWrites = batches
      .flatMap((batch) => batch.Records)
      .filter((record) => record.eventName === "MODIFY" && record.dynamodb?.NewImage?.postId?.S === postId && record.dynamodb.NewImage.__edb_e__?.S === "post");
    expect(ownWrites.length).toBeGreaterThanOrEqual(1);
    const counting = new DynamoDBClient({ endpoint: store.endpoint, region: "us-east-1" });
    const sent: string[] = [];
    counting.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: "initialize", name: "count" },
    );
    expect(await createProjector(testProjectorDeps(store, counting))({ Records: ownWrites })).toEqual({ batchItemFailures: [] });
    expect(sent).toEqual([]);
  });
});

async function recordOf(postId: string): Promise<{ Records: DynamoDBStreamEvent["Records"] }> {
  const records: DynamoDBStreamEvent["Records"] = [];
  const poller = testProjector(store, {
    wrap: () => async (event) => {
      records.push(...event.Records.filter((record) => record.dynamodb?.NewImage?.postId?.S === postId && record.eventName === "INSERT"));
      return { batchItemFailures: [] } satisfies DynamoDBBatchResponse;
    },
  });
  await poller.drain();
  return { Records: records.filter((record) => record.dynamodb?.NewImage?.__edb_e__?.S === "comment") };
}

async function markDeleting(postId: string) {
  const deps = testProjectorDeps(store);
  await deps.post.patch({ postId }).set({ deletedAt: new Date().toISOString() }).go();
}

async function removePost(postId: string) {
  await testProjectorDeps(store).post.delete({ postId }).go();
}
