import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey, ttlAttribute } = tableDefinition;

/** How many writes one client made in one minute; DynamoDB's TTL removes old windows. */
export const rateWindowSchema = trustedModel({
  model: { entity: "rateWindow", version: "1", service: "board" },
  attributes: {
    clientKey: { type: "string", required: true, readOnly: true },
    window: { type: "string", required: true, readOnly: true },
    count: { type: "number" },
    [ttlAttribute]: { type: "number" },
  },
  indexes: {
    byClient: {
      pk: { field: partitionKey, composite: ["clientKey"], template: "rate#${clientKey}", casing: "none" },
      sk: { field: sortKey, composite: ["window"], template: "window#${window}", casing: "none" },
    },
  },
} as const);

export function createRateWindowEntity(config: EntityConfiguration) {
  return trustedEntity(new Entity(rateWindowSchema, config));
}
