// Sessions as API principals (the `Services.sessions` seam consulted by the auth middleware when a request has no
// Authorization header): the session cookie of this host → the user, and their role in this tenant. Only a `full`
// user has a role, so every role check (requireRole) also requires `full`.
import type { AppContext, Principal, SessionAuthenticator } from '../http/context.ts';
import { membershipRole } from './memberships.ts';
import { findSession } from './sessions.ts';
import { readSessionCookie } from './session-cookie.ts';
import { inTenantScope } from './tenant-scope.ts';

export class CookieSessions implements SessionAuthenticator {
  async principal(c: AppContext): Promise<Principal | undefined> {
    const tenant = c.get('tenant');
    const secret = readSessionCookie(c, tenant.host);
    if (secret === undefined) return undefined;
    const { db, now } = c.get('services');
    return db.asAuth(async (tx) => {
      const session = await findSession(tx, { secret, host: tenant.host, now: now() });
      if (!session) return undefined;
      const role = session.level === 'full'
        ? await inTenantScope(tx, tenant.tenantId, (scoped) => membershipRole(scoped, tenant.tenantId, session.userId))
        : null;
      return {
        kind: 'session' as const, tenantId: tenant.tenantId, role, actor: `user:${session.userId}`,
        userId: session.userId, level: session.level,
      };
    });
  }
}
