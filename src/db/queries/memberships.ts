// Memberships: a user's role in one tenant (tenant data, under RLS — run these in the tenant's scope).
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../core.ts';
import { memberships, type Role } from '../schema.ts';

export async function membershipRole(tx: Tx, tenantId: string, userId: string): Promise<Role | null> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

/** Creates the membership or sets its role. */
export async function grantMembership(tx: Tx, input: { tenantId: string; userId: string; role: Role }): Promise<void> {
  await tx
    .insert(memberships)
    .values(input)
    .onConflictDoUpdate({ target: [memberships.tenantId, memberships.userId], set: { role: input.role } });
}
