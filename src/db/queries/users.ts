// User rows (identity data, livery_auth's) and their linked provider accounts.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { rows, type Tx } from '../core.ts';
import { accounts, users, type UserLevel } from '../schema.ts';
import { revokeUserSessions } from './sessions.ts';

export type UserRow = typeof users.$inferSelect;

/** What a sign-in provider says about an identity (src/auth/oauth.ts's ExternalIdentity is one). */
export interface LinkedIdentity {
  provider: string;
  /** The provider's stable user id. */
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

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
  tx: Tx,
  id: string,
  changes: Partial<Pick<UserRow, 'level' | 'email' | 'name' | 'mergedInto'>>,
  now: Date,
): Promise<void> {
  await tx
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id));
}

/** Who owns a provider identity, if anyone. Only (provider, subject) identifies an account — never an email. */
export async function identityOwner(
  tx: Tx,
  identity: Pick<LinkedIdentity, 'provider' | 'subject'>,
): Promise<string | null> {
  const [row] = await tx
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerUserId, identity.subject)));
  return row?.userId ?? null;
}

/** Links an identity to a user; false when someone else linked it first (a concurrent sign-in). */
export async function linkIdentity(tx: Tx, userId: string, identity: LinkedIdentity): Promise<boolean> {
  const inserted = await tx
    .insert(accounts)
    .values({
      provider: identity.provider,
      providerUserId: identity.subject,
      userId,
      email: identity.email,
      emailVerified: identity.emailVerified,
    })
    .onConflictDoNothing()
    .returning({ userId: accounts.userId });
  return inserted.length > 0;
}

/** Keeps what the provider last said about the identity's email (it may have been verified since). */
export async function refreshIdentity(tx: Tx, identity: LinkedIdentity): Promise<void> {
  await tx
    .update(accounts)
    .set({ email: identity.email, emailVerified: identity.emailVerified })
    .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerUserId, identity.subject)));
}

/** The addresses the user's providers vouch for (verified), lower-cased. */
export async function verifiedEmails(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx
    .select({ email: accounts.email })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.emailVerified, true), isNotNull(accounts.email)));
  return [...new Set(rows.map((r) => r.email!.toLowerCase()))];
}

/** What livery_merge_user_data moved (migrations/0009). */
export interface MergedUserData {
  /** Drafts now owned by the account under their own name. */
  draftsMoved: number;
  /** Drafts whose name the account already used for other content: kept under a new name. */
  draftsRenamed: Array<{ tenantId: string; from: string; to: string }>;
  /** Drafts identical (name and content) to one the account already had. */
  duplicateDrafts: number;
  inquiriesMoved: number;
}

/**
 * Moves everything of user `from` to user `to`: its tenant rows (drafts, inquiries, memberships, invitations: through
 * livery_merge_user_data, which only moves the rows of a user recorded as merged into `to`), its identities, and ends
 * its sessions. The caller holds both user rows locked and has recorded the merge (updateUser mergedInto).
 */
export async function moveUserData(tx: Tx, from: string, to: string, now: Date): Promise<MergedUserData> {
  const [moved] = await rows<{ summary: MergedUserData | string }>(
    tx,
    sql`select livery_merge_user_data(${from}::uuid, ${to}::uuid) as summary`,
  );
  const summary = typeof moved!.summary === 'string' ? (JSON.parse(moved!.summary) as MergedUserData) : moved!.summary;
  // Identities follow the user too (a visitor normally has none: it is anonymous or preview).
  await tx.execute(sql`update accounts set user_id = ${to} where user_id = ${from}`);
  await revokeUserSessions(tx, from, now);
  return summary;
}
