// Who is calling: an API key (`Authorization: Bearer lvk_…`, src/auth/api-keys.ts) or, without that header, the
// session cookie through `Services.sessions` (the auth module). The role checks every route uses are here too.
import { createMiddleware } from 'hono/factory';
import { keyPrincipal } from '../../auth/api-keys.ts';
import type { Role } from '../../db/schema.ts';
import type { AppContext, AppEnv, Principal } from '../context.ts';
import { ApiError, forbidden, unauthenticated } from '../errors.ts';
import { readSessionCookie } from '../session-cookie.ts';

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  c.set('principal', header !== undefined ? await bearerPrincipal(c, header) : await sessionPrincipal(c));
  await next();
});

async function bearerPrincipal(c: AppContext, header: string): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ApiError(401, 'unauthenticated', 'The Authorization header must be "Bearer <api key>".');
  const principal = await keyPrincipal(c.get('services').db, c.get('tenant').tenantId, match[1]!);
  if (!principal)
    throw new ApiError(
      401,
      'unauthenticated',
      "The API key is not valid for this host (unknown, revoked, or another tenant's).",
    );
  return principal;
}

async function sessionPrincipal(c: AppContext): Promise<Principal | undefined> {
  const services = c.get('services');
  const tenant = c.get('tenant');
  const secret = services.sessions && readSessionCookie(c, tenant.host);
  return secret ? services.sessions!.principal(services, tenant, secret) : undefined;
}

/** The caller, who must be authenticated as a member (any role) of the request's tenant. */
export function requireMember(c: AppContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw unauthenticated();
  if (!principal.role) throw forbidden('This needs a membership in this tenant.');
  return principal;
}

/** The caller, who must hold one of `roles` in the request's tenant. */
export function requireRole(c: AppContext, roles: readonly Role[]): Principal {
  const principal = requireMember(c);
  if (!roles.includes(principal.role!)) {
    throw forbidden(`This needs the ${roles.join(' or ')} role; you have ${principal.role}.`);
  }
  return principal;
}

/** Refuse unless the request's tenant is of one of these tiers. */
export function requireTier(c: AppContext, tiers: readonly (0 | 1 | 2)[], what: string): void {
  if (!tiers.includes(c.get('tenant').tier)) {
    const names = tiers.map((t) => ['the platform', 'partners', 'customers'][t]).join(' and ');
    throw forbidden(`Only ${names} can ${what}.`);
  }
}
