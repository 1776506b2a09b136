import { randomBytes } from "node:crypto";
import { monotonicFactory } from "ulid";
import type { BoardService } from "../../entities/service.js";
import type { PreparedReads } from "../../entities/reads.js";
import type { CursorCodec } from "./cursor.js";
import type { Ownership } from "./tokens.js";

/** What every board operation needs: the store, the cursor codec, ownership rules and a clock. */
export interface BoardDeps {
  /**
   * The store. Its entities are built on first use (entities/service.ts): read
   * `service.entities.<name>` where an operation runs, not when its factory does, or every cold
   * start builds them all again (tests/electrodb-models.test.ts holds this).
   */
  service: BoardService;
  /** The hot reads, their parameters written once by ElectroDB (entities/reads.ts). */
  reads: PreparedReads;
  cursors: CursorCodec;
  ownership: Ownership;
  /** Keys the HMACs of cursors and of derived edit tokens. */
  signingSecret: string;
  now: () => Date;
  newId: () => string;
}

/**
 * ULIDs with their random part from Node's CSPRNG, given rather than detected: ulid's detection
 * reads `globalThis.crypto`, which loads all of WebCrypto on a cold start (≈ 7 M instructions).
 */
const randomFraction = () => randomBytes(1)[0]! / 256;

export function defaultIdFactory(): () => string {
  const next = monotonicFactory(randomFraction);
  return () => next();
}

/** Who is asking: the bearer token from the request, if any. */
export interface Actor {
  token: string | undefined;
}

export interface CreateOptions {
  /** Makes the create safe to repeat: the same key and request give the first result again. */
  idempotencyKey?: string | undefined;
  /** Who asks: the moderator token posts as the moderator (and may use the reserved names). */
  actor?: Actor | undefined;
  /** The writer as the write limit counts them, for the poster tag. */
  clientKey?: string | undefined;
}
