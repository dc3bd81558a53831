// Merging a visitor into the account that owns the identity they just signed in with. Everything keyed by the
// visitor's user moves to the account, in the caller's transaction: nothing is dropped except exact duplicates,
// nothing is copied twice. The caller holds both user rows locked. A visitor's tenant rows (drafts, inquiries,
// memberships, invitations) span tenants, which livery_auth cannot read: the visitor is first recorded as merged
// into the account (an identity change, livery_auth's), and then livery_merge_user_data() moves the rows of a user so
// recorded (migrations/0009), naming clashing drafts "Brand (2)", … as it goes.
import { moveUserData, updateUser, type MergedUserData, type UserRow } from '../db/queries/users.ts';
import type { Tx } from '../db/core.ts';

export type MergeSummary = MergedUserData;

export async function mergeUser(tx: Tx, source: UserRow, target: UserRow, now: Date): Promise<MergeSummary> {
  await updateUser(tx, source.id, { mergedInto: target.id }, now);
  const summary = await moveUserData(tx, source.id, target.id, now);
  await updateUser(tx, target.id, { email: target.email ?? source.email, name: target.name ?? source.name }, now);
  return summary;
}
