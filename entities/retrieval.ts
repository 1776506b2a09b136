/**
 * An item as ElectroDB returns it from a read, made without ElectroDB's per-item formatting.
 *
 * ElectroDB formats every item it reads generically: it copies the call's options, tests whose
 * item it is, renames fields to attributes, runs each attribute through a chain of getters (for a
 * list, each element; for a map, each property) and deletes the hidden ones: ≈ 35,000
 * instructions an item, a tenth of a warm thread read of 20 comments
 * (docs/performance.md#levers-measured-in-instructions). For the board's
 * models — plain attributes and lists of them or of maps of them, no getters, no key fixings —
 * the same result is a copy of the declared fields, which `itemReader` compiles once per model.
 *
 * A model with anything else (a getter, a set, a map at the root, fixings) is refused when its
 * reader is made, so it cannot silently read differently; tests/retrieval.test.ts holds every
 * reader equal to ElectroDB's own formatting, item by item, for every model of the board.
 * The read itself stays ElectroDB's: its parameters (entities/prepared-query.ts) or its `data: "raw"`.
 */

type Item = Record<string, unknown>;

/** An attribute as the board's models declare them (entities/*.ts). */
interface AttributeDefinition {
  readonly type: string | readonly string[];
  readonly field?: string;
  readonly hidden?: boolean;
  readonly get?: unknown;
  readonly items?: AttributeDefinition;
  readonly properties?: Readonly<Record<string, AttributeDefinition>>;
  readonly [other: string]: unknown;
}

export interface ReadableModel {
  readonly model: { readonly entity: string; readonly version: string };
  readonly attributes: Readonly<Record<string, AttributeDefinition>>;
}

/** ElectroDB's default identifier fields: whose item it is and which version of its model wrote it. */
const entityField = "__edb_e__";
const versionField = "__edb_v__";

const plainTypes = new Set(["string", "number", "boolean", "any"]);
/** What would make ElectroDB's formatting more than a copy: refused rather than imitated. */
const changesWhatIsRead = ["get", "prefix", "postfix", "label", "padding"] as const;

type Copy = (from: Item, to: Item) => void;

function fieldCopy(name: string, definition: AttributeDefinition, where: string, root: boolean): Copy {
  for (const option of changesWhatIsRead)
    if (definition[option] !== undefined) throw new Error(`${where}.${name}: "${option}" changes what ElectroDB reads; read it with ElectroDB`);
  const field = definition.field ?? name;
  const { type } = definition;
  if (Array.isArray(type) || plainTypes.has(type as string))
    return (from, to) => {
      const value = from[field];
      if (value !== undefined) to[name] = value;
    };
  if (type === "list" && definition.items?.type === "map") {
    const element = mapCopy(definition.items, `${where}.${name}[]`);
    return (from, to) => {
      const value = from[field];
      if (value !== undefined) to[name] = (value as Item[]).map(element);
    };
  }
  if (type === "list" && definition.items && plainTypes.has(definition.items.type as string)) {
    fieldCopy(name, definition.items, where, false); // refuses fixings on the element, as above
    return (from, to) => {
      const value = from[field];
      if (value !== undefined) to[name] = [...(value as unknown[])];
    };
  }
  // A map at the root reads as absent when empty, a set is converted: neither is in the board's models.
  throw new Error(`${where}.${name}: a ${String(type)}${root ? "" : " inside a list"} is not read here; read it with ElectroDB`);
}

function mapCopy(definition: AttributeDefinition, where: string): (value: Item) => Item {
  const copies = Object.entries(definition.properties ?? {}).map(([name, property]) => {
    if (property.hidden) throw new Error(`${where}.${name}: a hidden property is not read here`);
    return fieldCopy(name, property, where, false);
  });
  return (value) => {
    const copy: Item = {};
    for (const copyField of copies) copyField(value, copy);
    return copy;
  };
}

/**
 * A reader for items of `schema`: the item as ElectroDB's `go()` would return it, or undefined when
 * it is not this model's (another entity's, or another version's), as ElectroDB leaves it out.
 */
export function itemReader<T>(schema: ReadableModel): (item: Item) => T | undefined {
  const { entity, version } = schema.model;
  const copies = Object.entries(schema.attributes)
    .filter(([, definition]) => !definition.hidden)
    .map(([name, definition]) => fieldCopy(name, definition, entity, true));
  return (item) => {
    if (item[entityField] !== entity || item[versionField] !== version) return undefined;
    const read: Item = {};
    for (const copy of copies) copy(item, read);
    return read as T;
  };
}

/** Every item of `items` that `reader` reads, in order (what ElectroDB's `data` would be). */
export function readItems<T>(items: readonly Item[] | undefined, reader: (item: Item) => T | undefined): T[] {
  const read: T[] = [];
  for (const item of items ?? []) {
    const one = reader(item);
    if (one !== undefined) read.push(one);
  }
  return read;
}
