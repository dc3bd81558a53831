// One JSON line per request: request id, tenant (once resolved), route pattern, method, status, duration and the
// client's address as a keyed SHA-256 — never the raw address, never a header value, a query, a cookie, a key or a
// body. The request id is sent back as `X-Request-Id` and is in every error body (`error.requestId`); an inbound
// `X-Request-Id` is kept when it is a short safe token (a proxy's or a client's correlation id), else replaced.
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { AppContext, AppEnv } from './context.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** The inbound id when it is a safe short token (letters, digits, `_ . : -`, at most 64), else a fresh random one. */
export function requestIdFor(inbound: string | undefined): string {
  return inbound !== undefined && SAFE_REQUEST_ID.test(inbound) ? inbound : crypto.randomUUID();
}

export interface RequestLogLine {
  requestId: string;
  tenantId: string | null;
  /** The route pattern that matched (`/api/v1/tokens/drafts/:name`), never the path itself; null when none did. */
  route: string | null;
  method: string;
  status: number;
  durationMs: number;
  /** Hex SHA-256 of the client's address (an HMAC keyed with LIVERY_SECRET when it is set). */
  client: string;
}

/** The JSON line (no trailing newline). Field order is fixed: time first, then the entry's. */
export function formatRequestLog(line: RequestLogLine, time = new Date()): string {
  return JSON.stringify({ time: time.toISOString(), msg: 'request', ...line });
}

/** Milliseconds since `start` (a performance.now() reading), to the hundredth. */
export function elapsedMs(start: number): number {
  return Math.round((performance.now() - start) * 100) / 100;
}

/** The pattern of the route that handles the request (the last matched handler that is not middleware). */
function routePattern(c: AppContext): string | null {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i]!;
    if (route.method !== 'ALL') return route.path;
  }
  return null;
}

/**
 * First middleware of the app: assigns the request id (for error bodies and the response header), then logs the
 * request once it has an answer — errors included, since the app's onError has turned them into responses by then.
 */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const start = performance.now();
  const requestId = requestIdFor(c.req.header(REQUEST_ID_HEADER));
  c.set('requestId', requestId);
  await next();
  c.header(REQUEST_ID_HEADER, requestId);
  const { logger, clientAddress } = c.get('services');
  logger.write(
    formatRequestLog({
      requestId,
      tenantId: c.get('tenant')?.tenantId ?? null,
      route: routePattern(c),
      method: c.req.method,
      status: c.res.status,
      durationMs: elapsedMs(start),
      client: logger.hasher.hash(clientAddress(c)),
    }),
  );
});
