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
} as const;
