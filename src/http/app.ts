// The Hono app, the same in the Worker and in Node. Entry points hand it a function that gives the services for a
// request; everything else (tenant resolution, auth, routes, error mapping) lives here.
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConflictError, isDatabaseUnavailable } from '../db/errors.ts';
import { Refusal, type RefusalKind } from '../lib/refusal.ts';
import type { AppEnv, Services } from './context.ts';
import { ApiError } from './errors.ts';
import { resolveTenant } from './middleware/tenant.ts';
import { authenticate } from './middleware/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { themeRoutes } from './routes/theme.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { tenancyRoutes } from './routes/tenancy.ts';
import { previewRoutes } from './routes/preview.ts';
// [issue 5] auth graduation: /auth routes, drafts, invitations, CSRF on cookie writes
import { csrfProtection } from './middleware/csrf.ts';
import { authRoutes } from './routes/auth.ts';
import { draftRoutes } from './routes/drafts.ts';
import { invitationRoutes } from './routes/invitations.ts';
// [issue 10] one log line per request (request id in every error body), rate limits per route class
import { rateLimit } from './rate-limit.ts';
import { requestLog } from './request-log.ts';
import { requestText } from './middleware/request-text.ts';
import { docsRoutes } from './routes/docs.ts'; // [issue 11] OpenAPI document and reference page
import { studioRoutes } from './routes/studio.ts'; // [issue 13] the studio page, its bundle and platform data

type ServicesFor = (c: Context<AppEnv>) => Services;

export function createApp(servicesFor: ServicesFor): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.onError((error, c) => toErrorResponse(c, error));
  app.notFound((c) => errorJson(c, 'not_found', `No route for ${c.req.method} ${c.req.path}.`, 404));

  app.use(async (c, next) => {
    c.set('services', servicesFor(c));
    await next();
  });
  app.use(requestLog); // [issue 10]
  app.use(requestText); // [issue 10] a NUL or lone surrogate in the path or query: 400 before any handler reads it

  app.route('/', healthRoutes());
  app.route('/', docsRoutes()); // [issue 11] the same on every host, no database
  app.use(rateLimit); // [issue 10] before any database work on the request
  app.use(resolveTenant);
  app.route('/', themeRoutes());
  app.route('/', previewRoutes());
  app.route('/', studioRoutes()); // [issue 13]
  app.use('/api/*', csrfProtection); // [issue 5]
  app.use('/auth/*', csrfProtection); // [issue 5]
  app.route('/auth', authRoutes()); // [issue 5]
  app.use('/api/*', authenticate);
  app.route('/api/v1', tokenRoutes());
  app.route('/api/v1', draftRoutes()); // [issue 5]
  app.route('/api/v1', invitationRoutes()); // [issue 5]
  app.route('/api/v1', tenancyRoutes());
  return app;
}

/**
 * The contract's error body, `{"error": {code, message, ...details, requestId}}`: the request id is the one in the
 * `X-Request-Id` header and the request's log line, so a user's report can be matched to the log.
 */
export function errorJson(
  c: Context<AppEnv>,
  code: string,
  message: string,
  status: ContentfulStatusCode,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return c.json({ error: { code, message, ...details, requestId: c.get('requestId') } }, status, headers);
}

const REFUSAL_STATUS: Record<RefusalKind, ContentfulStatusCode> = {
  not_found: 404,
  invalid: 422,
  conflict: 409,
  gone: 410,
};

/** Every failure becomes the contract's JSON error; unexpected ones are logged and answered without detail. */
function toErrorResponse(c: Context<AppEnv>, error: unknown): Response {
  if (error instanceof ApiError) {
    return errorJson(c, error.code, error.message, error.status, error.details, error.headers);
  }
  if (error instanceof Refusal) {
    return errorJson(c, error.code, error.message, REFUSAL_STATUS[error.kind], error.details);
  }
  if (error instanceof ConflictError) {
    const status = error.code === 'version_conflict' ? 412 : 409;
    return errorJson(c, error.code, error.message, status);
  }
  if (isDatabaseUnavailable(error)) {
    return errorJson(
      c,
      'database_unavailable',
      'The database is unavailable; try again shortly.',
      503,
      {},
      { 'retry-after': '5' },
    );
  }
  console.error(`unexpected error (request ${c.get('requestId') ?? 'unknown'})`, error);
  return errorJson(c, 'internal_error', 'Something went wrong on our side.', 500);
}
