import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import { keyAttributeNames, tableDefinition } from "../entities/table.js";

/** The board's one DynamoDB table, shaped by the same definition ElectroDB and the local bootstrap use. */
export class BoardTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: { name: string }) {
    super(scope, id);
    const definition = tableDefinition;
    this.table = new DynamodbTable(this, "table", {
      name: props.name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: definition.partitionKey,
      rangeKey: definition.sortKey,
      attribute: keyAttributeNames(definition).map((name) => ({ name, type: "S" })),
      globalSecondaryIndex: definition.globalSecondaryIndexes.map((gsi) => ({
        name: gsi.name,
        hashKey: gsi.partitionKey,
        rangeKey: gsi.sortKey,
        projectionType: "ALL",
      })),
      streamEnabled: true,
      streamViewType: definition.streamViewType,
      ttl: { attributeName: definition.ttlAttribute, enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
    });
  }

  /** The ARNs a Query may touch: the table and each index. */
  get queryableArns(): string[] {
    return [this.table.arn, ...tableDefinition.globalSecondaryIndexes.map((gsi) => `${this.table.arn}/index/${gsi.name}`)];
  }
}
