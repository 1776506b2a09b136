/**
 * How long browsers and CloudFront may keep each file of the built web board: Vite's hashed
 * files under assets/ never change; the API reference's files (api/docs/, unhashed) change only
 * with a Swagger UI upgrade, a day is fine; everything else (index.html) must be revalidated.
 * Used by the stack's upload (infra/site-content.ts) and by `npm start`'s file server alike.
 */
export const cacheControlFor = (key: string): string =>
  key.startsWith("assets/")
    ? "public, max-age=31536000, immutable"
    : key.startsWith("api/docs/")
      ? "public, max-age=86400"
      : "public, max-age=0, must-revalidate";
