import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The one table's physical shape. ElectroDB entities, the local bootstrap and the cdktf table
 * all read it from here, so keys and indexes cannot drift apart.
 */
export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  globalSecondaryIndexes: [
    { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    /** Sparse: only posts the projector has numbered are in it (a board's numbered list, by number). */
    { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  ],
  /** Epoch-seconds attribute DynamoDB's TTL deletes expired items by (idempotency, rate limits). */
  ttlAttribute: "expiresAt",
  /**
   * The table's stream carries each change's old and new item: the projector derives counts from
   * it (a comment's insert or removal names its post; a removal's old image names its images).
   */
  streamViewType: "NEW_AND_OLD_IMAGES",
} as const;

export type TableDefinition = typeof tableDefinition;

/** All key attributes, each a string (S). */
export function keyAttributeNames(definition: TableDefinition = tableDefinition): string[] {
  return [definition.partitionKey, definition.sortKey, ...definition.globalSecondaryIndexes.flatMap((gsi) => [gsi.partitionKey, gsi.sortKey])];
}

/** CreateTable input for on-demand billing; used by the local bootstrap and the tests. */
export function createTableInput(tableName: string, definition: TableDefinition = tableDefinition): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    StreamSpecification: { StreamEnabled: true, StreamViewType: definition.streamViewType },
    AttributeDefinitions: keyAttributeNames(definition).map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: definition.partitionKey, KeyType: "HASH" },
      { AttributeName: definition.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((gsi) => ({
      IndexName: gsi.name,
      KeySchema: [
        { AttributeName: gsi.partitionKey, KeyType: "HASH" },
        { AttributeName: gsi.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}
