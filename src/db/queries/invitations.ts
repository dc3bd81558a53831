// Invitations (src/auth/invitations.ts says what they are for). Tenant data, under RLS — run these as the tenant
// (db.asTenant or inTenantScope). Emails arrive lower-cased.
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../core.ts';
import { invitations, type Role } from '../schema.ts';

export type InvitationRow = typeof invitations.$inferSelect;

export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** Invites `email` with `role`; a pending invitation for the same email in the tenant is replaced. */
export async function createInvitation(
  tx: Tx,
  input: { tenantId: string; email: string; role: Role; createdBy: string | null; now: Date },
): Promise<InvitationRow> {
  const email = input.email;
  await tx
    .delete(invitations)
    .where(
      and(
        eq(invitations.tenantId, input.tenantId),
        sql`lower(${invitations.email}) = ${email}`,
        isNull(invitations.acceptedAt),
      ),
    );
  const [row] = await tx
    .insert(invitations)
    .values({
      tenantId: input.tenantId,
      email,
      role: input.role,
      createdBy: input.createdBy,
      expiresAt: new Date(input.now.getTime() + INVITATION_TTL_MS),
    })
    .returning();
  return row!;
}

/** This tenant's own invitations (RLS would also show a partner its customers'; those are theirs to manage). */
export async function listInvitations(tx: Tx, tenantId: string): Promise<InvitationRow[]> {
  return tx.select().from(invitations).where(eq(invitations.tenantId, tenantId)).orderBy(desc(invitations.createdAt));
}

export async function getInvitation(tx: Tx, tenantId: string, id: string): Promise<InvitationRow | null> {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, id)));
  return row ?? null;
}

export async function deleteInvitation(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  const deleted = await tx
    .delete(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, id)))
    .returning({ id: invitations.id });
  return deleted.length > 0;
}

/** The newest live invitation in this tenant for one of `emails` (already lower-cased), locked for acceptance. */
export async function pendingInvitationFor(
  tx: Tx,
  tenantId: string,
  emails: readonly string[],
  now: Date,
): Promise<InvitationRow | null> {
  if (emails.length === 0) return null;
  const [row] = await tx
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tenantId, tenantId),
        inArray(sql`lower(${invitations.email})`, [...emails]),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.createdAt))
    .limit(1)
    .for('update');
  return row ?? null;
}

export async function markInvitationAccepted(tx: Tx, id: string, userId: string, now: Date): Promise<void> {
  await tx.update(invitations).set({ acceptedAt: now, acceptedBy: userId }).where(eq(invitations.id, id));
}
