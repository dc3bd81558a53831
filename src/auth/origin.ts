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

/** A same-host, relative return path (`/x?y#z`), or `/` for anything else (absolute, scheme-relative, odd). */
export function safeReturnPath(value: string | undefined): string {
  if (!value || value.length > 2000 || !value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) {
    return '/';
  }
  const base = 'http://return.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
}
