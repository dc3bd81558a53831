// The session cookie, through Hono's cookie helpers. Host-only (no Domain: a cookie set on one tenant host is never
// sent to a sibling), HttpOnly, SameSite=Lax, Path=/; Secure with the `__Host-` prefix everywhere except hosts under
// `localhost`, which browsers treat as a secure context over plain http but which are not served over TLS here.
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isDevelopmentHost } from '../auth/origin.ts';
import { isWellFormedSecret } from '../lib/secrets.ts';

const NAME = 'livery_session';
const HOST_PREFIXED = `__Host-${NAME}`;

export function sessionCookieName(host: string): string {
  return isDevelopmentHost(host) ? NAME : HOST_PREFIXED;
}

/** The session secret the browser sent on this host, if it is well formed (anything else is not worth a lookup). */
export function readSessionCookie(c: Context, host: string): string | undefined {
  const value = getCookie(c, sessionCookieName(host));
  return isWellFormedSecret(value) ? value : undefined;
}

/** Whether the request carries a session cookie at all (for CSRF: any such request may be riding a session). */
export function carriesSessionCookie(c: Context): boolean {
  const cookies = getCookie(c);
  return NAME in cookies || HOST_PREFIXED in cookies;
}

export function writeSessionCookie(c: Context, host: string, secret: string, expiresAt: Date, now: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  const common = { httpOnly: true, sameSite: 'Lax', path: '/', maxAge, expires: expiresAt } as const;
  if (isDevelopmentHost(host)) setCookie(c, NAME, secret, { ...common, secure: false });
  else setCookie(c, NAME, secret, { ...common, secure: true, prefix: 'host' });
}

/** An empty cookie that expired at the epoch (Max-Age=0), replacing the session cookie. */
export function clearSessionCookie(c: Context, host: string): void {
  const epoch = new Date(0);
  writeSessionCookie(c, host, '', epoch, epoch);
}
