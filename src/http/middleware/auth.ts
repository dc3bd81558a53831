// Who is calling. API keys (`Authorization: Bearer lvk_…`) are looked up under the request's tenant, so RLS
// already hides every other tenant's keys except descendants'; the lookup itself asks for exactly this tenant's.
// Sessions (cookies) plug in through `Services.sessions` (the auth module).
import { createMiddleware } from 'hono/factory';
import { findApiKey, touchApiKey } from '../../db/queries/keys.ts';
import type { Role } from '../../db/schema.ts';
import type { AppContext, AppEnv, Principal } from '../context.ts';
import { ApiError, forbidden, unauthenticated } from '../errors.ts';

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    c.set('principal', await keyPrincipal(c, header));
  } else {
    const sessions = c.get('services').sessions;
    c.set('principal', sessions ? await sessions.principal(c) : undefined);
  }
  await next();
});

async function keyPrincipal(c: AppContext, header: string): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ApiError(401, 'unauthenticated', 'The Authorization header must be "Bearer <api key>".');
  const { db } = c.get('services');
  const tenant = c.get('tenant');
  const row = await db.asTenant(tenant.tenantId, async (tx) => {
    const key = await findApiKey(tx, match[1]!, tenant.tenantId);
    if (!key) return null;
    await touchApiKey(tx, key.id);
    return key;
  });
  if (!row) throw new ApiError(401, 'unauthenticated', 'The API key is not valid for this host (unknown, revoked, or another tenant\'s).');
  return { kind: 'key', tenantId: row.tenantId, role: row.role, actor: `key:${row.prefix}` };
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
