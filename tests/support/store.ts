import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { randomUUID } from "node:crypto";
import { ensureTable } from "../../local/bootstrap.js";
import { createBoardOperations } from "../../api/board/index.js";
import { createStoreDocumentClient } from "../../entities/dynamo-client.js";
import type { StoreDocumentClient } from "../../entities/document-client.js";

export const testSigningSecret = "test-signing-secret-test-signing-secret";
export const testModeratorToken = "moderator-token-for-tests";

export interface TestStore {
  /** The SDK client (what the projector, the image function and the tools use). */
  client: DynamoDBClient;
  /** The API's own client (entities/aws-json-rpc.ts), as the deployed function uses it: the board under test runs on it. */
  boardClient: StoreDocumentClient;
  table: string;
  endpoint: string;
  /** Names of the DynamoDB commands sent since the last `commands.length = 0`. */
  commands: string[];
  /** The kinds of item (Put, Update, Delete, ConditionCheck) every transaction carried. */
  transactionItems: string[];
  /** Every item in the table (a Scan: for assertions only, never used by the code under test). */
  dump(): Promise<Record<string, AttributeValue>[]>;
}

/** A fresh table in the run's DynamoDB Local, with clients (the API's and the SDK's) that record every command they send. */
export async function createTestStore(): Promise<TestStore> {
  const endpoint = inject("dynamoEndpoint");
  const table = `test-${randomUUID()}`;
  const client = new DynamoDBClient({ endpoint, region: "us-east-1" });
  const commands: string[] = [];
  const transactionItems: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = String(context.commandName).replace(/Command$/, "");
      commands.push(name);
      // Each item of a transaction needs its own IAM action: record them too (tests/infra.test.ts).
      const items = (args.input as { TransactItems?: Record<string, unknown>[] }).TransactItems ?? [];
      for (const item of items) transactionItems.push(...Object.keys(item));
      // The board reads by key or index only: a Scan is recorded (so tests can see it) and refused.
      if (name === "Scan") throw new Error("The board issued a Scan");
      return next(args);
    },
    { step: "initialize", name: "recordCommands" },
  );
  const boardClient = createStoreDocumentClient(
    { region: "us-east-1", dynamoEndpoint: endpoint },
    {
      call(operation, input) {
        commands.push(operation);
        for (const item of (input.TransactItems as Record<string, unknown>[] | undefined) ?? []) transactionItems.push(...Object.keys(item));
        if (operation === "Scan") throw new Error("The board issued a Scan");
        return undefined;
      },
    },
  );
  await ensureTable(client, table);
  commands.length = 0;
  const dumpClient = new DynamoDBClient({ endpoint, region: "us-east-1" });
  return {
    client,
    boardClient,
    table,
    endpoint,
    commands,
    transactionItems,
    async dump() {
      const { Items = [] } = await dumpClient.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
      return Items.sort((a, b) => `${a.pk?.S}${a.sk?.S}`.localeCompare(`${b.pk?.S}${b.sk?.S}`));
    },
  };
}

export function createTestBoard(store: TestStore, now?: () => Date) {
  return createBoardOperations({
    client: store.boardClient,
    table: store.table,
    signingSecret: testSigningSecret,
    moderatorToken: testModeratorToken,
    ...(now ? { now } : {}),
  });
}
