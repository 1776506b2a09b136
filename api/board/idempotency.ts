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
  const { idempotency } = deps.service.entities;
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
        .put({ keyHash: create.keyHash, operation: create.operation, requestHash: create.requestHash, result: JSON.stringify(result), [ttl]: nowSeconds + retentionSeconds })
        .where((attributes, { notExists, lt }) => `${notExists(attributes[ttl])} OR ${lt(attributes[ttl], nowSeconds)}`)
        .commit();
    },

    /** The first outcome for this key; CONFLICT if the key came with a different request. */
    async replay<T>(create: IdempotentCreate): Promise<T> {
      const { data } = await idempotency.get({ keyHash: create.keyHash }).go({ ...rawStoreErrors, consistent: true });
      if (!data) throw storeBusy();
      if (data.requestHash !== create.requestHash || data.operation !== create.operation) {
        throw new BoardError("CONFLICT", "This Idempotency-Key was already used for a different request.");
      }
      return JSON.parse(data.result) as T;
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
