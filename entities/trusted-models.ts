/**
 * The board's own ElectroDB models and entities, known to be valid: their model objects are
 * static, and a test (tests/electrodb-models.test.ts) runs ElectroDB's full jsonschema check on
 * each of them. The Lambda bundle's copy of ElectroDB is patched (tools/electrodb-trusted-models.ts)
 * to skip that check — about 14 ms of a cold start — for objects registered here; anywhere else
 * (tests, `npm start`) ElectroDB ignores the registry and validates as usual.
 *
 * The registry is a WeakMap under a global symbol, so the patched library and this module find
 * the same one without importing each other.
 */
type Trust = "model" | "entity";
const registryKey = Symbol.for("serverless-board.electrodb.trusted");
const shared = globalThis as Record<symbol, unknown>;
shared[registryKey] ??= new WeakMap<object, Trust>();
const registry = shared[registryKey] as WeakMap<object, Trust>;

/** Marks a static model as valid (checked by the test, not at every cold start). */
export function trustedModel<T extends object>(model: T): T {
  registry.set(model, "model");
  return model;
}

/** Marks an Entity built from a trusted model, so a Service taking it need not test whether it is a model. */
export function trustedEntity<T extends object>(entity: T): T {
  registry.set(entity, "entity");
  return entity;
}

export const trustOf = (value: object): Trust | undefined => registry.get(value);
