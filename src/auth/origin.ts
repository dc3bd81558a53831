// Which scheme a tenant host is served on, and a request's own origin. Hosts under `localhost` are plain http in
// development; every other host is behind TLS (terminated in front of the app, so the app cannot see it).

export function isDevelopmentHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

export function schemeFor(host: string): 'http' | 'https' {
  return isDevelopmentHost(host) ? 'http' : 'https';
}

const DEFAULT_PORT = { http: '80', https: '443' } as const;

/** The port a raw Host header names, '' when none or the scheme's default. */
function explicitPort(hostHeader: string | undefined, scheme: 'http' | 'https'): string {
  const port = /:(\d{1,5})$/.exec(hostHeader ?? '')?.[1] ?? '';
  return port === DEFAULT_PORT[scheme] ? '' : port;
}

/**
 * The request's own origin: `http(s)://<normalised host>[:port]`, the port taken from the Host header. This is
 * what a browser sends as `Origin` for a same-origin request, and where OAuth callbacks must come back to.
 */
export function ownOrigin(tenantHost: string, hostHeader: string | undefined): string {
  const scheme = schemeFor(tenantHost);
  const port = explicitPort(hostHeader, scheme);
  return `${scheme}://${tenantHost}${port ? `:${port}` : ''}`;
}

/** Longest return value accepted (before and after normalisation); anything longer falls back to `/`. */
const MAX_RETURN_PATH = 2000;

/**
 * Where to send the browser after sign-in: `value` resolved by the WHATWG URL parser against the request's own
 * `origin` (as a browser would resolve a `Location`), accepted only when the result is on that very origin, and
 * returned as the parsed URL's `pathname + search + hash`. The result always starts with exactly one `/` and holds
 * no backslash, so it can only ever name a path on this origin. What would leave it — dot segments that collapse
 * into `//host` (`/..//x`, `/%2e%2e//x`), backslashes the parser reads as slashes (`/\x`), other schemes and hosts —
 * falls back to `/`, as does any control character (tabs and newlines included: the parser would drop them silently).
 */
export function safeReturnPath(value: string | undefined, origin: string): string {
  if (!value || value.length > MAX_RETURN_PATH || /[\u0000-\u001f\u007f]/.test(value)) return '/';
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin || base.origin === 'null') return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\') || path.length > MAX_RETURN_PATH)
    return '/';
  return path;
}
