// The Hono app, the same in the Worker and in Node. Entry points hand it a function that gives the services for a
// request; everything else (tenant resolution, auth, routes, error mapping) lives here.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { ConflictError, isDatabaseUnavailable } from '../db/errors.ts';
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

type ServicesFor = (c: Context<AppEnv>) => Services;

export function createApp(servicesFor: ServicesFor): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.onError((error, c) => toErrorResponse(c, error));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}.` } }, 404));

  app.use(async (c, next) => {
    c.set('services', servicesFor(c));
    await next();
  });

  app.route('/', healthRoutes());
  app.use(resolveTenant);
  app.route('/', themeRoutes());
  app.route('/', previewRoutes());
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

/** Every failure becomes the contract's JSON error; unexpected ones are logged and answered without detail. */
function toErrorResponse(c: Context, error: unknown): Response {
  if (error instanceof ApiError) {
    return c.json(error.toJSON(), error.status, error.headers);
  }
  if (error instanceof ConflictError) {
    const status = error.code === 'version_conflict' ? 412 : 409;
    return c.json({ error: { code: error.code, message: error.message } }, status);
  }
  if (isDatabaseUnavailable(error)) {
    return c.json({ error: { code: 'database_unavailable', message: 'The database is unavailable; try again shortly.' } }, 503, {
      'retry-after': '5',
    });
  }
  console.error('unexpected error', error);
  return c.json({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } }, 500);
}
