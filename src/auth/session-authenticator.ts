// Sessions as API principals (the `Services.sessions` seam consulted by the auth middleware when a request has no
// Authorization header): the session secret presented on this host → the user, and their role in this tenant. Only
// a `full` user has a role, so every role check (requireRole) also requires `full`. Reading the cookie is the HTTP
// edge's (src/http/session-cookie.ts); this sees only the secret.
import type { AuthDeps, HostTenant } from './context.ts';
import { membershipRole } from '../db/queries/memberships.ts';
import type { Principal } from './principal.ts';
import { findSession } from '../db/queries/sessions.ts';
import { inTenantScope } from '../db/tenant-scope.ts';

export interface SessionAuthenticator {
  /** The principal of a session secret on this tenant's host, if it is live (a visitor without membership has role null). */
  principal(deps: Pick<AuthDeps, 'db' | 'now'>, tenant: HostTenant, secret: string): Promise<Principal | undefined>;
}

export class SessionPrincipals implements SessionAuthenticator {
  async principal(
    { db, now }: Pick<AuthDeps, 'db' | 'now'>,
    tenant: HostTenant,
    secret: string,
  ): Promise<Principal | undefined> {
    return db.asAuth(async (tx) => {
      const session = await findSession(tx, { secret, host: tenant.host, now: now() });
      if (!session) return undefined;
      const role =
        session.level === 'full'
          ? await inTenantScope(tx, tenant.tenantId, (scoped) =>
              membershipRole(scoped, tenant.tenantId, session.userId),
            )
          : null;
      return {
        kind: 'session' as const,
        tenantId: tenant.tenantId,
        role,
        actor: `user:${session.userId}`,
        userId: session.userId,
        level: session.level,
      };
    });
  }
}
