import { createHash, timingSafeEqual } from "node:crypto";

/** The header CloudFront adds to every request it forwards to the API (infra/site.ts). */
export const originVerifyHeader = "x-origin-verify";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Whether a request carries one of the accepted origin secrets. Comparing digests in constant
 * time keeps the check from leaking a secret's length or prefix through timing.
 */
export function createOriginCheck(secrets: string[]): (presented: string | undefined) => boolean {
  const accepted = secrets.map(digest);
  return (presented) => {
    if (presented === undefined) return false;
    const candidate = digest(presented);
    // Every secret is compared, so timing says nothing about which one matched.
    return accepted.reduce((matched, secret) => timingSafeEqual(secret, candidate) || matched, false);
  };
}
