/**
 * How long browsers and CloudFront may keep each file of the built web board: Vite's hashed
 * files under assets/ never change; everything else (index.html) must be revalidated. Used by
 * the stack's upload (infra/site-content.ts) and by `npm start`'s file server alike.
 */
export const cacheControlFor = (key: string): string => (key.startsWith("assets/") ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate");
