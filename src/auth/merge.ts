// Merging a visitor into the account that owns the identity they just signed in with. Everything keyed by the
// visitor's user moves to the account, in the caller's transaction: nothing is dropped except exact duplicates,
// nothing is copied twice. The caller holds both user rows locked. A visitor's tenant rows (drafts, inquiries,
// memberships, invitations) span tenants, which livery_auth cannot read: the visitor is first recorded as merged
// into the account (an identity change, livery_auth's), and then livery_merge_user_data() moves the rows of a user so
// recorded (migrations/0009), naming clashing drafts "Brand (2)", … as it goes.
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../db/core.ts';
import { updateUser, type UserRow } from './users.ts';
import { revokeUserSessions } from './sessions.ts';

export interface MergeSummary {
  /** Drafts now owned by the account under their own name. */
  draftsMoved: number;
  /** Drafts whose name the account already used for other content: kept under a new name. */
  draftsRenamed: Array<{ tenantId: string; from: string; to: string }>;
  /** Drafts identical (name and content) to one the account already had. */
  duplicateDrafts: number;
  inquiriesMoved: number;
}

export async function mergeUser(tx: Tx, source: UserRow, target: UserRow, now: Date): Promise<MergeSummary> {
  const from = source.id;
  const to = target.id;
  await updateUser(tx, from, { mergedInto: to }, now);
  const [moved] = await rows<{ summary: MergeSummary | string }>(tx,
    sql`select livery_merge_user_data(${from}::uuid, ${to}::uuid) as summary`);
  const summary = typeof moved!.summary === 'string' ? JSON.parse(moved!.summary) as MergeSummary : moved!.summary;
  // Identities follow the user too (a visitor normally has none: it is anonymous or preview).
  await tx.execute(sql`update accounts set user_id = ${to} where user_id = ${from}`);
  await updateUser(tx, to, { email: target.email ?? source.email, name: target.name ?? source.name }, now);
  await revokeUserSessions(tx, from, now);
  return summary;
}
