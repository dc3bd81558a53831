// The graduation ladder below and above OAuth: anonymous → preview (an email captured) and oauth → full (a
// membership in the host's tenant). Each step keeps the user id; each level change rotates the session. Identity
// rows change as livery_auth, the host tenant's rows (inquiries, memberships, invitations) under its RLS context, in
// one transaction.
import type { Tx } from '../db/core.ts';
import { recordInquiry } from '../db/queries/inquiries.ts';
import { getTenant } from '../db/queries/tenants.ts';
import { appendAudit } from '../db/queries/audit.ts';
import type { Role, UserLevel } from '../db/schema.ts';
import type { AuthDeps, HostTenant } from './context.ts';
import { markInvitationAccepted, pendingInvitationFor } from '../db/queries/invitations.ts';
import { atLeast, higher } from './levels.ts';
import { grantMembership, membershipRole } from '../db/queries/memberships.ts';
import { failure, noSession, type Outcome } from './outcome.ts';
import {
  findSession,
  issueSession,
  revokeSession,
  rotateSession,
  type ActiveSession,
  type IssuedSession,
} from '../db/queries/sessions.ts';
import { inTenantScope } from '../db/tenant-scope.ts';
import { createUser, lockUser, updateUser, verifiedEmails, type UserRow } from '../db/queries/users.ts';

export interface SessionState {
  userId: string;
  level: UserLevel;
  /** A new session the caller must set as the cookie; null when the browser keeps the one it has. */
  issued: IssuedSession | null;
}

/** The live session a cookie secret names on this host, and its user locked for the rest of the transaction. */
export async function lockSessionUser(
  tx: Tx,
  tenant: HostTenant,
  secret: string | undefined,
  now: Date,
): Promise<{ session: ActiveSession; user: UserRow } | null> {
  if (secret === undefined) return null;
  const session = await findSession(tx, { secret, host: tenant.host, now });
  if (!session) return null;
  const user = await lockUser(tx, session.userId);
  // Merged away between the lookup and the lock (a concurrent sign-in): the session is over.
  if (!user || user.mergedInto !== null) return null;
  return { session, user };
}

/** `POST /auth/anonymous`: the existing session if the browser has one (never a second user), else a new visitor. */
export async function startAnonymous(
  deps: AuthDeps,
  tenant: HostTenant,
  secret: string | undefined,
): Promise<SessionState> {
  const now = deps.now();
  return deps.db.asAuth(async (tx) => {
    const existing = secret === undefined ? null : await findSession(tx, { secret, host: tenant.host, now });
    if (existing) return { userId: existing.userId, level: existing.level, issued: null };
    return newVisitor(tx, tenant, now);
  });
}

/** A new anonymous user with a session on this host. */
export async function newVisitor(
  tx: Tx,
  tenant: HostTenant,
  now: Date,
): Promise<SessionState & { issued: IssuedSession }> {
  const user = await createUser(tx, 'anonymous');
  const issued = await issueSession(tx, { userId: user.id, host: tenant.host, level: 'anonymous', now });
  return { userId: user.id, level: 'anonymous', issued };
}

/**
 * `POST /auth/preview`: the visitor leaves an email (an inquiry in this tenant). Same user; the level rises to
 * preview (never falls). The email is the user's contact address until a provider-verified one exists.
 */
export async function capturePreview(
  deps: AuthDeps,
  tenant: HostTenant,
  secret: string | undefined,
  input: { email: string; message: string },
): Promise<Outcome<SessionState>> {
  const now = deps.now();
  return deps.db.asAuth(async (tx) => {
    const current = await lockSessionUser(tx, tenant, secret, now);
    if (!current) return noSession();
    const { session, user } = current;
    await inTenantScope(tx, tenant.tenantId, (scoped) =>
      recordInquiry(scoped, {
        tenantId: tenant.tenantId,
        userId: user.id,
        email: input.email,
        message: input.message,
      }),
    );
    const level = higher(user.level, 'preview');
    await updateUser(tx, user.id, { level, ...(atLeast(user.level, 'oauth') ? {} : { email: input.email }) }, now);
    const issued = level === user.level ? null : await rotateSession(tx, session, { userId: user.id, level, now });
    return { ok: true, userId: user.id, level, issued };
  });
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export interface CompletedAccount extends SessionState {
  role: Role;
  /** The invitation this accepted, if any. */
  invitationId: string | null;
}

/**
 * `POST /auth/complete`: a signed-in user (oauth or above) becomes a member of the host's tenant — with the role
 * of a pending invitation for one of the user's provider-verified emails, else as a viewer. The platform tenant
 * admits members by invitation only: a self-service viewer there would see every tenant.
 */
export async function completeAccount(
  deps: AuthDeps,
  tenant: HostTenant,
  secret: string | undefined,
  input: { name?: string | undefined },
): Promise<Outcome<CompletedAccount>> {
  const now = deps.now();
  return deps.db.asAuth(async (tx) => {
    const current = await lockSessionUser(tx, tenant, secret, now);
    if (!current) return noSession();
    const { session, user } = current;
    if (!atLeast(user.level, 'oauth')) {
      return failure('forbidden', 'Sign in with a provider (GET /auth/oauth/:provider) before completing an account.');
    }
    const emails = await verifiedEmails(tx, user.id);
    const actor = `user:${user.id}`;
    const granted = await inTenantScope(tx, tenant.tenantId, async (scoped) => {
      const invitation = await pendingInvitationFor(scoped, tenant.tenantId, emails, now);
      const existing = await membershipRole(scoped, tenant.tenantId, user.id);
      if (invitation) {
        // Accepting an invitation never lowers a role the member already holds.
        const role = existing && ROLE_RANK[existing] > ROLE_RANK[invitation.role] ? existing : invitation.role;
        await grantMembership(scoped, { tenantId: tenant.tenantId, userId: user.id, role });
        await markInvitationAccepted(scoped, invitation.id, user.id, now);
        await appendAudit(scoped, {
          tenantId: tenant.tenantId,
          actor,
          action: 'invitation.accept',
          detail: { invitation: invitation.id, role },
        });
        return { role, invitationId: invitation.id };
      }
      if (existing) return { role: existing, invitationId: null };
      // Platform and partner members see their descendants' management data (tenant lists, audit): those tiers
      // admit members by invitation only. A customer's host grants `viewer` to anyone who completes sign-in.
      if (tenant.tier < 2) return null;
      await grantMembership(scoped, { tenantId: tenant.tenantId, userId: user.id, role: 'viewer' });
      await appendAudit(scoped, {
        tenantId: tenant.tenantId,
        actor,
        action: 'member.join',
        detail: { role: 'viewer' },
      });
      return { role: 'viewer' as const, invitationId: null };
    });
    if (!granted) {
      return failure(
        'invitation_required',
        'This tenant admits members by invitation only; ask one of its admins to invite your verified email.',
      );
    }
    await updateUser(tx, user.id, { level: 'full', ...(input.name ? { name: input.name } : {}) }, now);
    // Always rotate: the session gains a role here even when the level was already full (another tenant).
    const issued = await rotateSession(tx, session, { userId: user.id, level: 'full', now });
    return { ok: true, userId: user.id, level: 'full', issued, ...granted };
  });
}

export interface SessionView {
  level: UserLevel;
  userId: string;
  tenant: { id: string; slug: string; tier: number };
  role: Role | null;
}

/** `GET /auth/session`, minus the providers (the caller adds them). */
export async function describeSession(
  deps: AuthDeps,
  tenant: HostTenant,
  secret: string | undefined,
): Promise<Outcome<SessionView>> {
  const now = deps.now();
  return deps.db.asAuth(async (tx) => {
    const session = secret === undefined ? null : await findSession(tx, { secret, host: tenant.host, now });
    if (!session) return noSession();
    const { role, slug } = await inTenantScope(tx, tenant.tenantId, async (scoped) => {
      const row = await getTenant(scoped, tenant.tenantId);
      return {
        slug: row?.slug ?? '',
        role: session.level === 'full' ? await membershipRole(scoped, tenant.tenantId, session.userId) : null,
      };
    });
    return {
      ok: true,
      level: session.level,
      userId: session.userId,
      tenant: { id: tenant.tenantId, slug, tier: tenant.tier },
      role,
    };
  });
}

/** `POST /auth/logout`: the session ends server-side (the cookie alone proves nothing afterwards). */
export async function endSession(deps: AuthDeps, tenant: HostTenant, secret: string | undefined): Promise<void> {
  if (secret === undefined) return;
  const now = deps.now();
  await deps.db.asAuth(async (tx) => {
    const session = await findSession(tx, { secret, host: tenant.host, now });
    if (session) await revokeSession(tx, session.idHash, now);
  });
}
