/**
 * The security headers every answer of the site carries: CloudFront's response headers policy
 * sets them when deployed (infra/site.ts), `npm start`'s file server locally, and the smoke test
 * checks them on a deployed stack.
 */
/** The site's content security policy; `uploadOrigins` are where the browser may send images (the media bucket when deployed). */
export const contentSecurityPolicy = (uploadOrigins: string[] = []) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // blob: for the previews of images being uploaded.
    "img-src 'self' data: blob:",
    ["connect-src 'self'", ...uploadOrigins].join(" "),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");

export const siteSecurity = {
  contentSecurityPolicy: contentSecurityPolicy(),
  hstsMaxAgeSeconds: 63072000,
  frameOptions: "DENY",
  referrerPolicy: "strict-origin-when-cross-origin",
} as const;

/** The same policy as HTTP headers (lower-case names), as browsers receive them. */
export const siteSecurityHeaders: Record<string, string> = {
  "content-security-policy": siteSecurity.contentSecurityPolicy,
  "strict-transport-security": `max-age=${siteSecurity.hstsMaxAgeSeconds}; includeSubDomains; preload`,
  "x-content-type-options": "nosniff",
  "x-frame-options": siteSecurity.frameOptions,
  "referrer-policy": siteSecurity.referrerPolicy,
};
