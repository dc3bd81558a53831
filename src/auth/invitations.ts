// Invitations: a tenant admin invites an email with a role; the invitee signs in on this tenant's host with a
// provider that verifies that email and completes their account (POST /auth/complete, ./graduation.ts) to get the
// role. Only this tenant's own invitations are listed or deleted; each change is audited on the tenant.
import type { Database } from '../db/core.ts';
import { appendAudit } from '../db/queries/audit.ts';
import {
  createInvitation,
  deleteInvitation,
  getInvitation,
  listInvitations,
  type InvitationRow,
} from '../db/queries/invitations.ts';
import type { Role } from '../db/schema.ts';
import { notFound, Refusal } from '../lib/refusal.ts';
import { isUuid } from '../lib/uuid.ts';
import type { Principal } from './principal.ts';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function invitationStatus(row: InvitationRow, now: Date): 'pending' | 'accepted' | 'expired' {
  if (row.acceptedAt) return 'accepted';
  return row.expiresAt > now ? 'pending' : 'expired';
}

/** Invites `email` with `role`; a pending invitation for the same email in the tenant is replaced. */
export async function invite(
  deps: { db: Database; now: () => Date },
  by: Pick<Principal, 'tenantId' | 'actor' | 'userId'>,
  input: { email: string; role: Role },
): Promise<InvitationRow> {
  const { tenantId, actor } = by;
  return deps.db.asTenant(tenantId, async (tx) => {
    const created = await createInvitation(tx, {
      tenantId,
      email: normaliseEmail(input.email),
      role: input.role,
      createdBy: by.userId ?? null,
      now: deps.now(),
    });
    await appendAudit(tx, {
      tenantId,
      actor,
      action: 'invitation.create',
      detail: { id: created.id, email: created.email, role: created.role },
    });
    return created;
  });
}

export async function tenantInvitations(db: Database, tenantId: string): Promise<InvitationRow[]> {
  return db.asTenant(tenantId, (tx) => listInvitations(tx, tenantId));
}

/** Deletes a pending or expired invitation; an accepted one is kept as a record. */
export async function withdrawInvitation(
  db: Database,
  by: Pick<Principal, 'tenantId' | 'actor'>,
  id: string,
): Promise<void> {
  if (!isUuid(id)) throw notFound('The invitation');
  const { tenantId, actor } = by;
  await db.asTenant(tenantId, async (tx) => {
    const row = await getInvitation(tx, tenantId, id);
    if (!row) throw notFound('The invitation');
    if (row.acceptedAt)
      throw new Refusal(
        'conflict',
        'invitation_accepted',
        'This invitation was already accepted; it is kept as a record.',
      );
    await deleteInvitation(tx, tenantId, id);
    await appendAudit(tx, { tenantId, actor, action: 'invitation.delete', detail: { id, email: row.email } });
  });
}
