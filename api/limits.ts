import { imageRefusalReasons } from "../entities/image-refusals.js";

/** Every limit the API enforces, in one place (the README's "Limits" table mirrors this). */
export const limits = {
  titleLength: { min: 1, max: 200 },
  postBodyLength: { min: 1, max: 20_000 },
  commentBodyLength: { min: 1, max: 2_000 },
  authorLength: { min: 1, max: 40 },
  boardSlug: /^[a-z0-9-]{1,32}$/,
  /** A board as the moderator names it (자유게시판) and says what it is for. */
  boardName: { min: 1, max: 40 },
  boardDescription: { min: 0, max: 200 },
  /**
   * A board's numbered pages (boards.page): each is a range of this many post numbers, read by one
   * bounded Query whatever the page; the last page a board can have is its last number's.
   */
  boardPage: { size: 20, max: 500_000_000 },
  /**
   * 베스트: a post enters its board's best list with `upvotes` 추천 within `days` of being written,
   * unless the board's moderator set another rule (within `rule`'s bounds).
   */
  best: { upvotes: 10, days: 7, rule: { upvotes: { min: 1, max: 100_000 }, days: { min: 1, max: 365 } } },
  /** Notices (공지) a board may have pinned at once: they head every page. */
  noticesPerBoard: 10,
  /**
   * 비밀번호: an optional password on a post or comment, for editing or deleting it from any device.
   * Guessing is bounded per item: `perClient` attempts by one client and `perItem` by everyone in
   * each `windowSeconds`; the window then ends, so no one can keep an author out for longer.
   */
  password: { length: { min: 4, max: 64 }, attempts: { perClient: 5, perItem: 30, windowSeconds: 3600 } },
  /**
   * Names only the moderator may post under: these always, and up to `moderatorMax` the moderator
   * adds. A name matches one when equal after NFKC, lowercasing and dropping all but letters.
   */
  reservedNames: {
    always: ["운영자", "관리자", "운영진", "admin", "administrator", "moderator"],
    moderatorMax: 50,
    message: "This name is reserved for the board's moderators.",
  },
  /**
   * 신고: one report per reader per item, with a reason and, for "other", up to `textLength.max`
   * characters. An item with `hideThreshold` reports since the moderator last decided on it is
   * hidden pending review (the default; the stack's `report_hide_threshold` sets it).
   */
  reports: { textLength: { min: 0, max: 300 }, hideThreshold: 5, queuePageSize: { min: 1, max: 50, default: 20 } },
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
  /** Searching a board (posts.search) and what the index holds per post. */
  search: {
    queryLength: { min: 1, max: 100 },
    /** Distinct tokens a query may have (each word, each pair of Hangul or Han characters). */
    queryTokens: { max: 12 },
    pageSize: { min: 1, max: 50, default: 20 },
    /**
     * Index entries per post: its title and author always, its body's first tokens up to this total.
     * A 1,000-character Korean post holds about 540 (bench/fixtures/korean-post.txt): 600 writes at
     * most, ≈ $0.00038 a post at on-demand prices; an edit writes only the entries that changed.
     */
    tokensPerPost: 600,
    /** How many of a query's tokens a search probes (one Query each) to find the most selective. */
    probedTokens: 3,
    /** Index entries one page reads from the chosen token (its posts are then read and checked). */
    candidatesPerPage: 40,
    /** Characters of context a result's snippet shows around its match. */
    snippetLength: 120,
  },
  /** A secret the client generates per create (the typed client uses a random UUID). */
  idempotencyKey: {
    pattern: /^[A-Za-z0-9_-]{22,255}$/,
    description: "Idempotency-Key must be 22–255 letters, digits, '-' or '_': a random value the client generates for each create.",
  },
} as const;
