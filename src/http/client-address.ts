// The client's address, for rate limits and (hashed) request logs. Workers: Cloudflare's `CF-Connecting-IP`. Node:
// the socket's peer, or — behind a reverse proxy the operator names with LIVERY_CLIENT_IP_HEADER — the address that
// proxy saw. A proxy chain appends to X-Forwarded-For / Forwarded, so only entries added by trusted proxies can be
// believed: with LIVERY_TRUSTED_PROXIES = n (default 1) the n-th entry from the right is the client, everything left
// of it is whatever the client sent. Web APIs only (Worker and Node).

export interface ClientAddressConfig {
  /** Lower-case header name set by the operator's proxy (`x-forwarded-for`, `x-real-ip`, `forwarded`, …), or none. */
  header?: string;
  /** How many proxies in front of Livery append to that header (1: only the nearest). */
  trustedProxies: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const BRACKETED = /^\[([^\]]+)\](?::\d{1,5})?$/;
const MAPPED_DOTTED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
const MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One address in a canonical form (IPv4 dotted quad; IPv6 as the URL parser serialises it, IPv4-mapped IPv6 as the
 * IPv4 address), or null for anything that is not an IP address. Accepts the forms proxies write: a port after an
 * IPv4 address, brackets (with or without a port) around IPv6, quotes (RFC 7239).
 */
export function normaliseAddress(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let value = raw.trim();
  if (value.length > 64) return null;
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
  const ipv4Port = IPV4_WITH_PORT.exec(value);
  if (ipv4Port) value = ipv4Port[1]!;
  const bracketed = BRACKETED.exec(value);
  if (bracketed) value = bracketed[1]!;
  if (IPV4.test(value)) return value;
  const mapped = MAPPED_DOTTED.exec(value);
  if (mapped) return IPV4.test(mapped[1]!) ? mapped[1]! : null;
  if (!value.includes(':') || !/^[0-9a-fA-F:.]+$/.test(value)) return null;
  let canonical: string;
  try {
    canonical = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const hex = MAPPED_HEX.exec(canonical);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return canonical;
}

/**
 * The client address a trusted proxy recorded in `value` (the header's whole value; repeated headers joined with
 * commas), or null when the header says nothing usable: absent, fewer entries than trusted proxies (the request did
 * not come through all of them), or not an address.
 */
export function addressFromHeader(value: string | undefined, config: ClientAddressConfig): string | null {
  if (!config.header || value === undefined) return null;
  const entries = value.split(',');
  if (config.header === 'forwarded') {
    // RFC 7239: `for=192.0.2.43;proto=https, for="[2001:db8::1]:4711"`; an element without `for` counts as a hop.
    for (let i = 0; i < entries.length; i++) {
      const param = entries[i]!.split(';')
        .map((p) => p.trim())
        .find((p) => p.toLowerCase().startsWith('for='));
      entries[i] = param ? param.slice(4) : '';
    }
  }
  const hops = Math.max(1, config.trustedProxies);
  if (entries.length < hops) return null;
  return normaliseAddress(entries[entries.length - hops]);
}

/**
 * The client's address: what the trusted proxy recorded in the configured header (`headerValue`, that header's whole
 * value), else the connection's peer; 'unknown' when neither is an address.
 */
export function clientAddressOf(
  config: ClientAddressConfig,
  headerValue: string | undefined,
  peer: string | undefined,
): string {
  return addressFromHeader(headerValue, config) ?? normaliseAddress(peer) ?? 'unknown';
}

/**
 * The rate-limit key for an address: IPv4 as it is, IPv6 by its /64 (one subscriber usually holds at least a /64,
 * so counting single IPv6 addresses would let one client take a fresh address per request).
 */
export function rateLimitKey(address: string): string {
  if (!address.includes(':')) return address;
  const groups = expandIPv6(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

function expandIPv6(address: string): string[] | null {
  const [head = '', tail, extra] = address.split('::');
  if (extra !== undefined) return null;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => g.toLowerCase());
}
