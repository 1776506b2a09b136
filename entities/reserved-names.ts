import { Entity } from "electrodb";
import type { EntityConfiguration } from "electrodb";
import { tableDefinition } from "./table.js";
import { trustedEntity, trustedModel } from "./trusted-models.js";

const { partitionKey, sortKey } = tableDefinition;

/** The names only the moderator may post under, as the moderator set them: one small item, read (and cached) by creates. */
export const reservedNamesSchema = trustedModel({
  model: { entity: "reservedNames", version: "1", service: "board" },
  attributes: {
    names: { type: "list", items: { type: "string" }, required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byId: {
      pk: { field: partitionKey, composite: [], template: "settings", casing: "none" },
      sk: { field: sortKey, composite: [], template: "reserved-names", casing: "none" },
    },
  },
} as const);

export const createReservedNamesEntity = (config: EntityConfiguration) => trustedEntity(new Entity(reservedNamesSchema, config));
export type ReservedNamesEntity = ReturnType<typeof createReservedNamesEntity>;
