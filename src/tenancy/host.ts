// Host-name normalisation: the first step of tenant resolution.
// The IDN → punycode step uses the WHATWG URL parser (UTS #46 processing, the same `ada` implementation in Node and
// workerd) instead of a hand-written punycode routine.

const MAX_HOST_LENGTH = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const DOTTED_IPV4 = /^\d+(\.\d+){3}$/;
// Anything that is not part of a host[:port] — userinfo, paths, queries, fragments, whitespace, IPv6 brackets.
const FORBIDDEN = /[\s@/\\?#[\]%]/;

export type HostResult = { ok: true; host: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A Host header is bytes, which Node and workerd hand over as Latin-1 characters. A client that writes a Unicode
 * name (`curl -H 'Host: bücher.example'`) sends its UTF-8 bytes: read those as UTF-8 when they are valid UTF-8.
 */
function decodeHeaderBytes(raw: string): string {
  if (!/[\x80-\xff]/.test(raw) || /[^\x00-\xff]/.test(raw)) return raw;
  try {
    return utf8.decode(Uint8Array.from(raw, (ch) => ch.charCodeAt(0)));
  } catch {
    return raw;
  }
}

/**
 * Normalise a Host header value: lower case, no port, no trailing dot, IDN as punycode.
 * IP literals and malformed names are refused (a tenant is only ever reached by a name).
 */
export function normalizeHost(raw: string | null | undefined): HostResult {
  if (!raw) return { ok: false, reason: 'missing Host header' };
  if (raw.length > MAX_HOST_LENGTH + 7) return { ok: false, reason: 'host name is too long' };
  if (FORBIDDEN.test(raw)) return { ok: false, reason: 'host contains characters a host name cannot have' };

  const text = decodeHeaderBytes(raw);
  let name = text;
  const colon = text.lastIndexOf(':');
  if (colon !== -1) {
    const port = text.slice(colon + 1);
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return { ok: false, reason: 'host has an invalid port' };
    name = text.slice(0, colon);
  }
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (!name || name.includes(':')) return { ok: false, reason: 'host name is malformed' };

  let ascii: string;
  try {
    ascii = new URL(`http://${name}/`).hostname;
  } catch {
    return { ok: false, reason: 'host name is malformed' };
  }
  if (ascii.endsWith('.')) ascii = ascii.slice(0, -1);
  // The URL parser turns numeric forms (0x7f.1, 2130706433) into dotted IPv4: refuse every IP literal.
  if (DOTTED_IPV4.test(ascii) || /^\d+$/.test(name) || ascii.startsWith('[')) {
    return { ok: false, reason: 'IP literals are not tenant hosts' };
  }
  if (ascii.length > MAX_HOST_LENGTH) return { ok: false, reason: 'host name is too long' };
  if (!ascii.split('.').every((label) => LABEL.test(label))) return { ok: false, reason: 'host name is malformed' };
  return { ok: true, host: ascii };
}

/**
 * The Host to build a request URL from on Node (@hono/node-server answers 400 with no body to a Host it cannot put
 * in a URL, such as a Unicode name). Tenant resolution still reads the raw header; this only keeps the adapter from
 * refusing a request the app must answer — with the tenant, or with 404 `unknown_host`.
 */
export function hostForRequestUrl(raw: string | undefined): string {
  if (raw && /^[a-z0-9.-]+(?::\d{1,4})?$/.test(raw)) return raw; // the common case, which the adapter takes as it is
  const normal = normalizeHost(raw);
  if (!normal.ok) return 'unknown-host.invalid';
  const port = /:(\d{1,5})$/.exec(raw!)?.[1];
  return port ? `${normal.host}:${port}` : normal.host;
}

/** Normalise a configured host (platform host, partner root) — a configuration error is thrown, not returned. */
export function normalizeConfiguredHost(raw: string, what: string): string {
  const result = normalizeHost(raw);
  if (!result.ok) throw new Error(`${what} "${raw}" is not a valid host name: ${result.reason}`);
  return result.host;
}

/**
 * The platform host and partner root when the environment sets either (LIVERY_PLATFORM_HOST, LIVERY_PARTNER_ROOT;
 * the other takes its default), normalised; undefined when neither is set. What `livery migrate` and the Node server
 * store in the database (livery_settings) — only hosts set on purpose ever replace stored ones.
 */
export function explicitHostSettings(
  env: Record<string, string | undefined>,
): { platformHost: string; partnerRoot: string } | undefined {
  if (!env.LIVERY_PLATFORM_HOST && !env.LIVERY_PARTNER_ROOT) return undefined;
  return {
    platformHost: normalizeConfiguredHost(env.LIVERY_PLATFORM_HOST || 'livery.localhost', 'LIVERY_PLATFORM_HOST'),
    partnerRoot: normalizeConfiguredHost(env.LIVERY_PARTNER_ROOT || 'livery.localhost', 'LIVERY_PARTNER_ROOT'),
  };
}
