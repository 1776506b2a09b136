import { createHash } from "node:crypto";
import { tableDefinition } from "../../entities/table.js";
import type { TransactionEntities } from "../../entities/service.js";
import type { BoardDeps } from "./deps.js";
import { BoardError, rawStoreErrors, storeBusy } from "./errors.js";
import { limits } from "../limits.js";
import { deriveEditToken } from "./tokens.js";

const retentionSeconds = 24 * 60 * 60;
const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/** A create made with an Idempotency-Key: where its outcome is kept and the edit token it hands out. */
export interface IdempotentCreate {
  keyHash: string;
  operation: string;
  requestHash: string;
}

export function createIdempotency(deps: BoardDeps) {
  const { entities } = deps.service;
  const ttl = tableDefinition.ttlAttribute;

  return {
    /** Undefined without a key; BAD_REQUEST for a malformed one. */
    prepare(key: string | undefined, operation: string, input: unknown): IdempotentCreate | undefined {
      if (key === undefined) return undefined;
      if (!limits.idempotencyKey.pattern.test(key)) {
        const message = limits.idempotencyKey.description;
        throw new BoardError("BAD_REQUEST", message, [{ path: "Idempotency-Key", message }]);
      }
      return { keyHash: sha256(key), operation, requestHash: sha256(`${operation}\n${JSON.stringify(input)}`) };
    },

    /**
     * The edit token of the item this create made, derived so a replay can hand it out again
     * without storing it. Bound to the item's id as well as the key: a key reused after its
     * record expired makes a new item, and can never yield the token of an older one.
     */
    editTokenFor(create: IdempotentCreate, itemId: string): string {
      return deriveEditToken(deps.signingSecret, `${create.operation}\n${create.keyHash}\n${itemId}`);
    },

    /** The transaction item that records the outcome; it fails if the key is already (and still) taken. */
    record(entities: TransactionEntities, create: IdempotentCreate, result: unknown) {
      const nowSeconds = Math.floor(deps.now().getTime() / 1000);
      return entities.idempotency
        .put({
          keyHash: create.keyHash,
          operation: create.operation,
          requestHash: create.requestHash,
          result: JSON.stringify(result),
          [ttl]: nowSeconds + retentionSeconds,
        })
        .where((attributes, { notExists, lt }) => `${notExists(attributes[ttl])} OR ${lt(attributes[ttl], nowSeconds)}`)
        .commit();
    },

    /** The first outcome for this key; CONFLICT if the key came with a different request. */
    async replay<T>(create: IdempotentCreate): Promise<T> {
      const first = await this.find<T>(create);
      if (!first) throw storeBusy();
      return first.result;
    },

    /** The first outcome for this key if it is (still) recorded; CONFLICT if the key came with a different request. */
    async find<T>(create: IdempotentCreate): Promise<{ result: T } | undefined> {
      const { data } = await entities.idempotency.get({ keyHash: create.keyHash }).go({ ...rawStoreErrors, consistent: true });
      // DynamoDB's TTL deletes expired items late: an expired record counts as gone, as record() treats it.
      const expiresAt = (data as Record<string, unknown> | null)?.[ttl] as number | undefined;
      if (!data || (expiresAt !== undefined && expiresAt < Math.floor(deps.now().getTime() / 1000))) return undefined;
      if (data.requestHash !== create.requestHash || data.operation !== create.operation) {
        throw new BoardError("CONFLICT", "This Idempotency-Key was already used for a different request.");
      }
      return { result: JSON.parse(data.result) as T };
    },

    /**
     * Runs a create's checks (e.g. that its images are unused). When they refuse a retried create —
     * its first attempt already used the images — the first outcome is what the retry gets.
     */
    async checkOrReplay<C, T>(create: IdempotentCreate | undefined, check: () => Promise<C>): Promise<{ checked: C } | { first: T }> {
      try {
        return { checked: await check() };
      } catch (error) {
        const first = create && error instanceof BoardError && error.kind === "BAD_REQUEST" ? await this.find<T>(create) : undefined;
        if (first) return { first: first.result };
        throw error;
      }
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
