// CSRF defence for cookie-authenticated writes (issue 5): a state-changing request that carries a session cookie
// must come from this very origin — `Origin` equal to the request's own origin, or `Sec-Fetch-Site: same-origin`
// (which pages cannot forge). SameSite=Lax already keeps the cookie off cross-site POSTs in current browsers; this
// does not rely on it. Requests authenticated by an API key in `Authorization` carry no ambient credential and are
// exempt on /api; the /auth routes only ever use the cookie, so they are always checked.
import { createMiddleware } from 'hono/factory';
import { ownOrigin } from '../../auth/origin.ts';
import { carriesSessionCookie } from '../session-cookie.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method) && ridesOnCookie(c) && !fromOwnOrigin(c)) {
    throw new ApiError(
      403,
      'csrf',
      'This write uses your session cookie, so it must come from this site (a same-origin Origin header).',
    );
  }
  await next();
});

function ridesOnCookie(c: AppContext): boolean {
  if (!carriesSessionCookie(c)) return false;
  return c.req.path.startsWith('/auth/') || c.req.header('authorization') === undefined;
}

function fromOwnOrigin(c: AppContext): boolean {
  if (c.req.header('sec-fetch-site') === 'same-origin') return true;
  const origin = c.req.header('origin');
  return origin !== undefined && origin.toLowerCase() === ownOrigin(c.get('tenant').host, c.req.header('host'));
}
