// Rate limits per route class and client: fixed windows in memory (bounded). Each class has its own bucket, so
// reading the session never uses up sign-in attempts, and validating never uses up writes. Keys are the client's
// address (src/http/client-address.ts; IPv6 by /64). On Workers each isolate counts on its own, which still caps a
// single client hammering one location; a global limit would need a Durable Object or Cloudflare's rate-limiting
// binding (see README).
import { createMiddleware } from 'hono/factory';
import type { RateLimitClass } from '../config.ts';
import { rateLimitKey } from './client-address.ts';
import type { AppEnv } from './context.ts';

export type { RateLimit, RateLimitClass, RateLimits } from '../config.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The class of a request (its method and the path the router matches), or null when it is not limited. */
export function rateLimitClass(method: string, path: string): RateLimitClass | null {
  if (path.startsWith('/auth/')) {
    if (path.startsWith('/auth/oauth/')) return 'signIn';
    if (SAFE_METHODS.has(method)) return null;
    return path === '/auth/anonymous' ? 'anonymous' : 'account';
  }
  if (path.startsWith('/api/') && !SAFE_METHODS.has(method)) {
    return path === '/api/v1/tokens/validate' ? 'validate' : 'write';
  }
  return null;
}

/** Counts the request against its class's limit for the client's address, before any other work on it. */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const cls = rateLimitClass(c.req.method, c.req.path);
  if (cls !== null) {
    const { config, limiter, clientAddress } = c.get('services');
    const rule = config.rateLimits[cls];
    if (rule) limiter.hit(cls, rateLimitKey(clientAddress(c)), rule);
  }
  await next();
});
