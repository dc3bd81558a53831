// The /auth endpoints (docs/http-api.md, "Auth"): the graduation anonymous → preview → oauth → full on any tenant host.
// The work is src/auth's; this maps it to HTTP: the session cookie in and out, refusals to the contract's errors.
// Sign-in starts and callbacks, new anonymous sessions and the other writes are rate-limited per client address, each
// class on its own (src/http/rate-limit.ts, before this runs); reading the session is not. Nothing here is cached.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { AuthDeps } from '../../auth/context.ts';
import { capturePreview, completeAccount, describeSession, endSession, startAnonymous } from '../../auth/graduation.ts';
import { normaliseEmail } from '../../auth/invitations.ts';
import type { AuthFailure, AuthFailureCode } from '../../auth/outcome.ts';
import { allowedProviders } from '../../auth/providers.ts';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../session-cookie.ts';
import type { IssuedSession } from '../../db/queries/sessions.ts';
import { beginSignIn, finishSignIn } from '../../auth/sign-in.ts';
import { readJsonBody } from '../body.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { parseRequest } from '../validate.ts';

const STATUS: Record<AuthFailureCode, ContentfulStatusCode> = {
  unauthenticated: 401,
  forbidden: 403,
  provider_not_allowed: 403,
  invitation_required: 403,
  unknown_provider: 404,
  invalid_state: 400,
  oauth_failed: 400,
  session_superseded: 409,
  oauth_unavailable: 503,
};

function authError(refusal: AuthFailure): ApiError {
  return new ApiError(STATUS[refusal.code], refusal.code, refusal.message, refusal.details ?? {});
}

export const previewBody = z.strictObject({
  email: z.email().max(254).transform(normaliseEmail),
  message: z.string().max(2000).default(''),
});
export const completeBody = z.strictObject({ name: z.string().trim().min(1).max(200).optional() });

function deps(c: AppContext): AuthDeps {
  const { db, config, now } = c.get('services');
  return { db, config, now };
}

function secretOf(c: AppContext): string | undefined {
  return readSessionCookie(c, c.get('tenant').host);
}

function setSession(c: AppContext, issued: IssuedSession | null): void {
  if (issued) writeSessionCookie(c, c.get('tenant').host, issued.secret, issued.expiresAt, c.get('services').now());
}

/** `{name?}` bodies may also be left out entirely. */
async function optionalJsonBody(c: AppContext): Promise<unknown> {
  const length = c.req.header('content-length');
  const empty =
    c.req.header('content-type') === undefined &&
    (length === undefined || length === '0') &&
    !c.req.header('transfer-encoding');
  return empty ? {} : readJsonBody(c);
}

export function authRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.use('*', async (c, next) => {
    if (!c.get('services').sessions) throw new ApiError(404, 'not_found', 'Sign-in is not enabled on this deployment.');
    c.header('cache-control', 'no-store');
    await next();
  });

  routes.post('/anonymous', async (c) => {
    const state = await startAnonymous(deps(c), c.get('tenant'), secretOf(c));
    setSession(c, state.issued);
    return c.json({ level: state.level, userId: state.userId }, state.issued ? 201 : 200);
  });

  routes.post('/preview', async (c) => {
    const body = parseRequest(previewBody, await readJsonBody(c));
    const outcome = await capturePreview(deps(c), c.get('tenant'), secretOf(c), body);
    if (!outcome.ok) throw authError(outcome);
    setSession(c, outcome.issued);
    return c.json({ level: outcome.level, userId: outcome.userId });
  });

  routes.get('/oauth/:provider', async (c) => {
    const outcome = await beginSignIn(deps(c), c.get('tenant'), {
      provider: c.req.param('provider'),
      secret: secretOf(c),
      hostHeader: c.req.header('host'),
      returnPath: c.req.query('return'),
    });
    if (!outcome.ok) throw authError(outcome);
    setSession(c, outcome.issued);
    return c.redirect(outcome.url, 302);
  });

  routes.get('/oauth/:provider/callback', async (c) => {
    const outcome = await finishSignIn(deps(c), c.get('tenant'), {
      provider: c.req.param('provider'),
      secret: secretOf(c),
      query: new URL(c.req.url).searchParams,
    });
    if (!outcome.ok) throw authError(outcome);
    setSession(c, outcome.issued);
    return c.redirect(outcome.returnPath, 302);
  });

  routes.post('/complete', async (c) => {
    const body = parseRequest(completeBody, await optionalJsonBody(c));
    const outcome = await completeAccount(deps(c), c.get('tenant'), secretOf(c), body);
    if (!outcome.ok) throw authError(outcome);
    setSession(c, outcome.issued);
    return c.json({ level: outcome.level, userId: outcome.userId, role: outcome.role });
  });

  routes.get('/session', async (c) => {
    const tenant = c.get('tenant');
    const view = await describeSession(deps(c), tenant, secretOf(c));
    if (!view.ok) throw authError(view);
    const { db, config } = c.get('services');
    const providers = await allowedProviders(db, config, tenant);
    return c.json({
      level: view.level,
      userId: view.userId,
      tenant: view.tenant,
      ...(view.role ? { role: view.role } : {}),
      providers,
    });
  });

  routes.post('/logout', async (c) => {
    await endSession(deps(c), c.get('tenant'), secretOf(c));
    clearSessionCookie(c, c.get('tenant').host);
    return c.body(null, 204);
  });

  return routes;
}
