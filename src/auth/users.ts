// User rows (identity data, livery_auth's) and their linked provider accounts.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Tx } from '../db/core.ts';
import { accounts, users, type UserLevel } from '../db/schema.ts';
import type { ExternalIdentity } from './oauth.ts';

export type UserRow = typeof users.$inferSelect;

export async function createUser(tx: Tx, level: UserLevel = 'anonymous'): Promise<UserRow> {
  const [row] = await tx.insert(users).values({ level }).returning();
  return row!;
}

/** The user row, locked until the transaction ends (graduation and merges serialise on it). */
export async function lockUser(tx: Tx, id: string): Promise<UserRow | null> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  return row ?? null;
}

/** Locks several users one at a time in id order, so that two transactions locking the same users never deadlock. */
export async function lockUsers(tx: Tx, ids: readonly string[]): Promise<Map<string, UserRow>> {
  const locked = new Map<string, UserRow>();
  for (const id of [...new Set(ids)].sort()) {
    const row = await lockUser(tx, id);
    if (row) locked.set(id, row);
  }
  return locked;
}

export async function updateUser(
  tx: Tx, id: string, changes: Partial<Pick<UserRow, 'level' | 'email' | 'name' | 'mergedInto'>>, now: Date,
): Promise<void> {
  await tx.update(users).set({ ...changes, updatedAt: now }).where(eq(users.id, id));
}

/** Who owns a provider identity, if anyone. Only (provider, subject) identifies an account — never an email. */
export async function identityOwner(tx: Tx, identity: Pick<ExternalIdentity, 'provider' | 'subject'>): Promise<string | null> {
  const [row] = await tx.select({ userId: accounts.userId }).from(accounts)
    .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerUserId, identity.subject)));
  return row?.userId ?? null;
}

/** Links an identity to a user; false when someone else linked it first (a concurrent sign-in). */
export async function linkIdentity(tx: Tx, userId: string, identity: ExternalIdentity): Promise<boolean> {
  const inserted = await tx.insert(accounts).values({
    provider: identity.provider, providerUserId: identity.subject, userId,
    email: identity.email, emailVerified: identity.emailVerified,
  }).onConflictDoNothing().returning({ userId: accounts.userId });
  return inserted.length > 0;
}

/** Keeps what the provider last said about the identity's email (it may have been verified since). */
export async function refreshIdentity(tx: Tx, identity: ExternalIdentity): Promise<void> {
  await tx.update(accounts).set({ email: identity.email, emailVerified: identity.emailVerified })
    .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerUserId, identity.subject)));
}

/** The addresses the user's providers vouch for (verified), lower-cased. */
export async function verifiedEmails(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.select({ email: accounts.email }).from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.emailVerified, true), isNotNull(accounts.email)));
  return [...new Set(rows.map((r) => r.email!.toLowerCase()))];
}
