import { isIP } from "node:net";

/** The longest textual IP address (an IPv6 address with an embedded IPv4 one). */
const maxAddressLength = 45;

export interface ClientAddressSources {
  /** CloudFront's `CloudFront-Viewer-Address` (`ip:port`); only pass it when the request provably came through CloudFront. */
  viewerAddress?: string | undefined;
  /** The `X-Forwarded-For` header as received. */
  forwardedFor?: string | undefined;
  /** The address API Gateway saw the connection come from. */
  sourceIp?: string | undefined;
  /** Proxies between clients and API Gateway that each append one X-Forwarded-For entry (CloudFront: 1). */
  trustedProxyHops: number;
}

/**
 * A valid address as the key a client is counted under: IPv4 as is, IPv6 by its /64 (one
 * subscriber's whole network, which a client can rotate through freely). Anything else: undefined.
 */
export function addressKey(candidate: string | undefined): string | undefined {
  const address = candidate?.trim();
  if (!address || address.length > maxAddressLength) return undefined;
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return undefined;
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return mapped;
  return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
}

/** The eight groups of a valid IPv6 address, `::` expanded, leading zeros dropped. */
function ipv6Groups(address: string): string[] {
  const [head = "", tail] = address.toLowerCase().split("::");
  const groups = (part: string) => (part ? part.split(":") : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  // An embedded IPv4 tail counts as two groups; its high bits are beyond the /64 anyway.
  return [...left, ...Array(Math.max(0, missing)).fill("0"), ...right].map((group) => (group.includes(".") ? group : parseInt(group, 16).toString(16)));
}

/** `198.51.100.10:46532`, `[2001:db8::1]:443` or `2001:db8::1:443` → the address part. */
function withoutPort(viewerAddress: string): string {
  const value = viewerAddress.trim();
  const bracketed = value.match(/^\[([^\]]+)\]:\d+$/);
  if (bracketed) return bracketed[1]!;
  return value.replace(/:\d{1,5}$/, "");
}

/**
 * Who a request counts against, for the write limit. Behind CloudFront (proven by the origin
 * header) its viewer address; otherwise the X-Forwarded-For entry just before the trusted proxies
 * (API Gateway appends the address it saw, each trusted proxy one more). Every candidate must be
 * a real address; anything else falls back to the connection's address.
 */
export function clientKeyOf({ viewerAddress, forwardedFor, sourceIp, trustedProxyHops }: ClientAddressSources): string {
  const viewer = viewerAddress ? addressKey(withoutPort(viewerAddress)) : undefined;
  if (viewer) return viewer;
  const chain = (forwardedFor ?? "").split(",");
  const forwarded = chain.length - 1 - trustedProxyHops >= 0 ? addressKey(chain[chain.length - 1 - trustedProxyHops]) : undefined;
  return forwarded ?? addressKey(sourceIp) ?? "unknown";
}
