import { imageRefusalReasons } from "../entities/image-refusals.js";

/** Every limit the API enforces, in one place (the README's "Limits" table mirrors this). */
export const limits = {
  titleLength: { min: 1, max: 200 },
  postBodyLength: { min: 1, max: 20_000 },
  commentBodyLength: { min: 1, max: 2_000 },
  authorLength: { min: 1, max: 40 },
  boardSlug: /^[a-z0-9-]{1,32}$/,
  pageSize: { min: 1, max: 100, default: 20 },
  cursorLength: { max: 512 },
  requestBodyBytes: 64 * 1024,
  /** Calls in one tRPC batch (reads only; the typed client's batches stay within it). */
  batchSize: 10,
  /** Images: the types and size an upload may have, how many a post or comment shows, their descriptions. */
  image: {
    types: ["image/jpeg", "image/png", "image/webp", "image/gif"],
    uploadBytes: { min: 1, max: 10 * 1024 * 1024 },
    perPost: 4,
    perComment: 1,
    altLength: { min: 1, max: 300 },
    /** Why the image function refuses a file (the reason's words are the board's to choose, in each language). */
    refusalReasons: imageRefusalReasons,
  },
  /** A secret the client generates per create (the typed client uses a random UUID). */
  idempotencyKey: {
    pattern: /^[A-Za-z0-9_-]{22,255}$/,
    description: "Idempotency-Key must be 22–255 letters, digits, '-' or '_': a random value the client generates for each create.",
  },
} as const;
