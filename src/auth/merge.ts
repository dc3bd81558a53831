// Merging a visitor into the account that owns the identity they just signed in with. Everything keyed by the
// visitor's user moves to the account, in the caller's transaction (as the owner: a visitor's rows span tenants):
// nothing is dropped except exact duplicates, nothing is copied twice. The caller holds both user rows locked.
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

const MAX_DRAFT_NAME = 100;

/** `Brand` → `Brand (2)`, `Brand (3)`, … the first name not in `taken`, within the 100-character limit. */
export function freeDraftName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${name.slice(0, MAX_DRAFT_NAME - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export async function mergeUser(tx: Tx, source: UserRow, target: UserRow, now: Date): Promise<MergeSummary> {
  const from = source.id;
  const to = target.id;

  // Drafts whose (tenant, name) the account does not use move as they are.
  const moved = await rows<{ name: string }>(tx, sql`
    update drafts set user_id = ${to}
     where user_id = ${from}
       and not exists (select 1 from drafts t where t.user_id = ${to} and t.tenant_id = drafts.tenant_id and t.name = drafts.name)
    returning name`);

  // The rest clash by name: identical content is the same draft (drop the visitor's copy), different content is
  // kept under a free name.
  const clashes = await rows<{ tenant_id: string; name: string; same: boolean }>(tx, sql`
    select s.tenant_id, s.name, (s.content = t.content) as same
      from drafts s join drafts t on t.tenant_id = s.tenant_id and t.name = s.name and t.user_id = ${to}
     where s.user_id = ${from}
     order by s.tenant_id, s.name`);
  const summary: MergeSummary = { draftsMoved: moved.length, draftsRenamed: [], duplicateDrafts: 0, inquiriesMoved: 0 };
  for (const clash of clashes) {
    if (clash.same) {
      await tx.execute(sql`delete from drafts where user_id = ${from} and tenant_id = ${clash.tenant_id} and name = ${clash.name}`);
      summary.duplicateDrafts += 1;
      continue;
    }
    const taken = new Set((await rows<{ name: string }>(tx, sql`
      select name from drafts where user_id = ${to} and tenant_id = ${clash.tenant_id}`)).map((r) => r.name));
    const renamed = freeDraftName(clash.name, taken);
    await tx.execute(sql`update drafts set user_id = ${to}, name = ${renamed}
      where user_id = ${from} and tenant_id = ${clash.tenant_id} and name = ${clash.name}`);
    summary.draftsRenamed.push({ tenantId: clash.tenant_id, from: clash.name, to: renamed });
  }

  summary.inquiriesMoved = (await rows(tx, sql`update inquiries set user_id = ${to} where user_id = ${from} returning id`)).length;

  // A visitor has no memberships, identities or invitations of their own; moved anyway so that the rule
  // "everything keyed by the user moves" holds without exceptions. The account's own membership wins a clash.
  await tx.execute(sql`
    update memberships set user_id = ${to}
     where user_id = ${from}
       and not exists (select 1 from memberships m where m.user_id = ${to} and m.tenant_id = memberships.tenant_id)`);
  await tx.execute(sql`delete from memberships where user_id = ${from}`);
  await tx.execute(sql`update accounts set user_id = ${to} where user_id = ${from}`);
  await tx.execute(sql`update invitations set accepted_by = ${to} where accepted_by = ${from}`);
  await tx.execute(sql`update invitations set created_by = ${to} where created_by = ${from}`);

  await updateUser(tx, to, { email: target.email ?? source.email, name: target.name ?? source.name }, now);
  await updateUser(tx, from, { mergedInto: to }, now);
  await revokeUserSessions(tx, from, now);
  return summary;
}
