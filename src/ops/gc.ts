// Housekeeping: rows nothing can ever use again, deleted in bounded batches (each batch its own short transaction,
// rows locked with SKIP LOCKED so a batch never waits on a request). One function for `livery gc` (Node) and the
// Worker's daily cron trigger. Web APIs and the Database seam only. It needs no owner rights: the identity tables
// as livery_auth (`asAuth`, the service's own login can), and what it may not read — tenant rows referencing a user,
// domain claims of every tenant — through SECURITY DEFINER functions that answer or delete exactly that
// (livery_user_holds_tenant_data, 0009; livery_collect_expired_domain_claims, 0011).
//
// - sessions that ended (expired, or revoked by logout / rotation / merge) more than SESSION_GRACE_MS ago;
// - OAuth flows that expired or were consumed (a consumed flow is never matched again: deleting it changes nothing);
// - anonymous users nobody can reach (no session that ended less than SESSION_GRACE_MS ago — an anonymous user has
//   no identity, so without a session they are gone for good) and that hold nothing: no drafts, inquiries,
//   memberships, accounts or invitations, not merged into anyone and no one merged into them;
// - unverified domain claims past their expiry (0010: a claim lives 7 days), never a verified mapping.
// The grace period keeps a session's user and row for a while after it ends, so a request that read the session a
// moment before it ended never finds its user deleted under it.
import { sql } from 'drizzle-orm';
import { rows, type Database, type Tx } from '../db/core.ts';

export const SESSION_GRACE_MS = 60 * 60 * 1000;

export interface GcOptions {
  /** Rows per batch (one transaction each). Default 500. */
  batchSize?: number;
  /** Batches per kind of row in one run; what is left waits for the next run. Default 200. */
  maxBatches?: number;
}

export interface GcResult {
  /** Sessions deleted, those of deleted anonymous users included. */
  sessions: number;
  oauthFlows: number;
  anonymousUsers: number;
  domainClaims: number;
  /** False when a kind of row hit maxBatches: there may be more to collect (the next run continues). */
  complete: boolean;
}

/**
 * The tables that reference users(id), each with the columns that do: a user referenced from any of them is kept.
 * The identity tables' are checked here; the tenant tables' by livery_user_holds_tenant_data (0009), which must
 * cover the same list (a catalog test compares it with the database's foreign keys).
 */
export const USER_REFERENCES: ReadonlyArray<{ table: string; columns: readonly string[] }> = [
  { table: 'users', columns: ['merged_into'] },
  { table: 'sessions', columns: ['user_id'] },
  { table: 'accounts', columns: ['user_id'] },
  { table: 'memberships', columns: ['user_id'] },
  { table: 'invitations', columns: ['created_by', 'accepted_by'] },
  { table: 'inquiries', columns: ['user_id'] },
  { table: 'drafts', columns: ['user_id'] },
];

export async function collectGarbage(db: Database, now: Date, options: GcOptions = {}): Promise<GcResult> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 200;
  if (!Number.isInteger(batchSize) || batchSize < 1 || !Number.isInteger(maxBatches) || maxBatches < 1) {
    throw new RangeError('collectGarbage needs a positive whole batchSize and maxBatches');
  }
  const at = now.toISOString();
  const ended = new Date(now.getTime() - SESSION_GRACE_MS).toISOString();
  let complete = true;

  /** Runs `batch` until it reports fewer than batchSize rows (or maxBatches); the total it deleted. */
  const drain = async (batch: (tx: Tx) => Promise<number>): Promise<number> => {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const deleted = await db.asAuth(batch);
      total += deleted;
      if (deleted < batchSize) return total;
    }
    complete = false;
    return total;
  };

  let sessions = await drain(async (tx) =>
    count(
      tx,
      sql`
    with doomed as (
      select id_hash from sessions
       where expires_at <= ${ended}::timestamptz or revoked_at <= ${ended}::timestamptz
       limit ${batchSize} for update skip locked
    ), deleted as (delete from sessions s using doomed d where s.id_hash = d.id_hash returning 1)
    select count(*)::int as n from deleted`,
    ),
  );

  const oauthFlows = await drain(async (tx) =>
    count(
      tx,
      sql`
    with doomed as (
      select state_hash from oauth_states
       where expires_at <= ${at}::timestamptz or consumed_at is not null
       limit ${batchSize} for update skip locked
    ), deleted as (delete from oauth_states o using doomed d where o.state_hash = d.state_hash returning 1)
    select count(*)::int as n from deleted`,
    ),
  );

  // Anonymous users are walked in id order (a cursor), so users that must stay are looked at once per run, not
  // once per batch. A batch is a window of batchSize anonymous users; it deletes those in it that qualify.
  let anonymousUsers = 0;
  let cursor = '00000000-0000-0000-0000-000000000000';
  let batches = 0;
  for (;;) {
    if (batches++ >= maxBatches) {
      complete = false;
      break;
    }
    const window = await db.asAuth(async (tx) => {
      const [scan] = await rows<{ last: string | null; seen: number }>(
        tx,
        sql`
        select max(id::text) as last, count(*)::int as seen from (
          select id from users where level = 'anonymous' and id > ${cursor}::uuid order by id limit ${batchSize}
        ) w`,
      );
      if (!scan?.last) return { last: null, seen: 0, deleted: 0, endedSessions: 0 };
      const doomed = (
        await rows<{ id: string }>(
          tx,
          sql`
        select u.id from users u
         where u.level = 'anonymous' and u.id > ${cursor}::uuid and u.id <= ${scan.last}::uuid
           and u.merged_into is null
           and not exists (select 1 from users m where m.merged_into = u.id)
           and not exists (select 1 from sessions s where s.user_id = u.id
                            and coalesce(least(s.expires_at, s.revoked_at), s.expires_at) > ${ended}::timestamptz)
           and not exists (select 1 from accounts a where a.user_id = u.id)
           and not livery_user_holds_tenant_data(u.id)
         for update of u skip locked`,
        )
      ).map((r) => r.id);
      let endedSessions = 0;
      if (doomed.length > 0) {
        const ids = sql`array[${sql.join(
          doomed.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}]`;
        endedSessions = await count(
          tx,
          sql`
          with deleted as (delete from sessions where user_id = any(${ids}) returning 1) select count(*)::int as n from deleted`,
        );
        await tx.execute(sql`delete from users where id = any(${ids})`);
      }
      return { last: scan.last, seen: scan.seen, deleted: doomed.length, endedSessions };
    });
    anonymousUsers += window.deleted;
    sessions += window.endedSessions;
    if (window.last === null || window.seen < batchSize) break;
    cursor = window.last;
  }

  const domainClaims = await drain(async (tx) =>
    count(
      tx,
      sql`
    select livery_collect_expired_domain_claims(${at}::timestamptz, ${batchSize}) as n`,
    ),
  );

  return { sessions, oauthFlows, anonymousUsers, domainClaims, complete };
}

async function count(tx: Tx, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ n: number | string }>(tx, query);
  return Number(row?.n ?? 0);
}
