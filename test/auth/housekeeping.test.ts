// Housekeeping (src/ops/gc.ts): exactly what nothing can use again is deleted — sessions that ended over an hour
// ago, expired or consumed OAuth flows, anonymous users with no live session and no data, unverified domain claims
// past their expiry — in bounded batches, without owner rights;
// nothing with data, nothing still reachable. Also `livery gc` as an operator runs it, and a catalog check that
// every foreign key to users is one the collector knows (a new one would make it delete users that own rows).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rows, serviceDatabase, type Database } from '../../src/db/database.ts';
import { createTenant } from '../../src/db/queries/tenants.ts';
import { collectGarbage, SESSION_GRACE_MS, USER_REFERENCES } from '../../src/ops/gc.ts';
import {
  createTestDatabase,
  describeEachDatabase,
  describeOnDatabase,
  type TestDatabase,
} from '../support/databases.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Every user, session and flow the collector may look at, in one set of rows; what must survive is named `keep…`. */
async function seed(db: Database, now: Date) {
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
  return db.asSystem(async (tx) => {
    const q = <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => rows<T>(tx, query);
    const tenant = await createTenant(tx, {
      tier: 0,
      parentId: null,
      slug: `gc-${Math.random().toString(36).slice(2, 8)}`,
      name: 'GC',
    });
    const user = async (level = 'anonymous', mergedInto: string | null = null) =>
      (
        await q<{ id: string }>(
          sql`insert into users (level, merged_into) values (${level}, ${mergedInto}) returning id`,
        )
      )[0]!.id;
    let sessions = 0;
    const session = async (userId: string, expiresAt: string, revokedAt: string | null = null) => {
      const idHash = `s${++sessions}-${userId}`;
      await q(sql`insert into sessions (id_hash, user_id, host, level, expires_at, revoked_at)
                  values (${idHash}, ${userId}, 'gc.example', 'anonymous', ${expiresAt}::timestamptz, ${revokedAt}::timestamptz)`);
      return idHash;
    };

    const u = {
      goneExpired: await user(), // session expired two days ago
      goneRevoked: await user(), // logged out two hours ago
      goneNoSession: await user(), // no session at all
      keepLive: await user(), // session still valid
      keepGrace: await user(), // session ended ten minutes ago: within the grace period
      keepDraft: await user(),
      keepInquiry: await user(),
      keepMembership: await user(),
      keepAccount: await user(),
      keepInvited: await user(),
      keepAccepted: await user(),
      keepMergeTarget: await user(), // someone was merged into it
      keepPreview: await user('preview'), // not anonymous
      keepFull: await user('full'),
    };
    const keepMerged = await user('anonymous', u.keepMergeTarget); // a merge record

    const s = {
      goneExpired: await session(u.goneExpired, at(-2 * DAY)),
      goneRevoked: await session(u.goneRevoked, at(20 * DAY), at(-2 * HOUR)),
      keepLive: await session(u.keepLive, at(20 * DAY)),
      keepLiveOldRevoked: await session(u.keepLive, at(20 * DAY), at(-3 * DAY)), // an old rotated one: goes, its user stays
      keepGrace: await session(u.keepGrace, at(-10 * 60 * 1000)),
      keepDraftSession: await session(u.keepDraft, at(-2 * DAY)),
      keepFullSession: await session(u.keepFull, at(-2 * DAY)),
      keepPreviewSession: await session(u.keepPreview, at(-2 * DAY)),
    };
    for (const id of [u.keepInquiry, u.keepMembership, u.keepAccount, u.keepInvited, u.keepAccepted, keepMerged])
      await session(id, at(-3 * DAY));

    await q(
      sql`insert into drafts (tenant_id, user_id, name, content) values (${tenant.id}, ${u.keepDraft}, 'Mine', '{}'::jsonb)`,
    );
    await q(
      sql`insert into inquiries (tenant_id, user_id, email) values (${tenant.id}, ${u.keepInquiry}, 'x@example.test')`,
    );
    await q(
      sql`insert into memberships (tenant_id, user_id, role) values (${tenant.id}, ${u.keepMembership}, 'viewer')`,
    );
    await q(
      sql`insert into accounts (provider, provider_user_id, user_id) values ('github', ${`gc-${u.keepAccount}`}, ${u.keepAccount})`,
    );
    await q(sql`insert into invitations (tenant_id, email, role, created_by, expires_at)
                values (${tenant.id}, 'y@example.test', 'viewer', ${u.keepInvited}, ${at(DAY)}::timestamptz)`);
    await q(sql`insert into invitations (tenant_id, email, role, accepted_by, accepted_at, expires_at)
                values (${tenant.id}, 'z@example.test', 'viewer', ${u.keepAccepted}, ${at(-DAY)}::timestamptz, ${at(DAY)}::timestamptz)`);

    // Domain claims: the insert trigger gives every claim 7 days (0010); the owner moves one into the past.
    const claim = async (domain: string, verified: boolean) => {
      await q(sql`insert into domain_mappings (domain, tenant_id, verification_token, verified_at)
                  values (${domain}, ${tenant.id}, 't', ${verified ? at(-DAY) : null}::timestamptz)`);
      return domain;
    };
    const suffix = tenant.id.slice(0, 8);
    const d = {
      goneExpired: await claim(`expired-${suffix}.example`, false),
      keepLive: await claim(`live-${suffix}.example`, false),
      keepVerified: await claim(`verified-${suffix}.example`, true),
    };
    await q(sql`update domain_mappings set expires_at = ${at(-HOUR)}::timestamptz where domain = ${d.goneExpired}`);

    const flow = async (name: string, expiresAt: string, consumedAt: string | null) => {
      await q(sql`insert into oauth_states (state_hash, provider, code_verifier, host, session_id_hash, redirect_uri, expires_at, consumed_at)
                  values (${name}, 'github', 'v', 'gc.example', 'x', 'http://gc.example/cb', ${expiresAt}::timestamptz, ${consumedAt}::timestamptz)`);
      return name;
    };
    const f = {
      goneExpired: await flow(`expired-${tenant.id}`, at(-60 * 1000), null),
      goneConsumed: await flow(`consumed-${tenant.id}`, at(9 * 60 * 1000), at(-30 * 1000)),
      keepPending: await flow(`pending-${tenant.id}`, at(9 * 60 * 1000), null),
    };
    return { users: { ...u, keepMerged }, sessions: s, flows: f, domains: d };
  });
}

describeEachDatabase('housekeeping', (database) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(database);
  });
  afterAll(() => db?.close());

  const ids = async (table: 'users' | 'sessions' | 'oauth_states' | 'domain_mappings', column: string) =>
    new Set(
      (
        await db.asSystem((tx) =>
          rows<{ id: string }>(tx, sql`select ${sql.identifier(column)}::text as id from ${sql.identifier(table)}`),
        )
      ).map((r) => r.id),
    );

  it('deletes exactly the ended sessions, finished flows and abandoned anonymous users — in batches — and nothing with data', async () => {
    const now = new Date();
    const seeded = await seed(db, now);
    const before = {
      users: await ids('users', 'id'),
      sessions: await ids('sessions', 'id_hash'),
      flows: await ids('oauth_states', 'state_hash'),
      domains: await ids('domain_mappings', 'domain'),
    };

    // Batches of 2: several batches per kind, and the anonymous-user cursor moves through several windows. Through
    // the service's view of the database (no owner work allowed), as the Worker's cron runs it.
    const result = await collectGarbage(serviceDatabase(db), now, { batchSize: 2 });

    const goneUsers = [seeded.users.goneExpired, seeded.users.goneRevoked, seeded.users.goneNoSession];
    const goneSessions = [
      seeded.sessions.goneExpired,
      seeded.sessions.goneRevoked,
      seeded.sessions.keepLiveOldRevoked,
      seeded.sessions.keepDraftSession,
      seeded.sessions.keepFullSession,
      seeded.sessions.keepPreviewSession,
    ];
    const goneFlows = [seeded.flows.goneExpired, seeded.flows.goneConsumed];

    const after = {
      users: await ids('users', 'id'),
      sessions: await ids('sessions', 'id_hash'),
      flows: await ids('oauth_states', 'state_hash'),
      domains: await ids('domain_mappings', 'domain'),
    };
    expect([...before.domains].filter((id) => !after.domains.has(id))).toEqual([seeded.domains.goneExpired]);
    expect([...before.users].filter((id) => !after.users.has(id)).sort()).toEqual([...goneUsers].sort());
    // Sessions: the named ones, plus the ended sessions of users kept for their data (their sessions ended days ago).
    const removedSessions = [...before.sessions].filter((id) => !after.sessions.has(id));
    expect(removedSessions).toEqual(expect.arrayContaining(goneSessions));
    for (const id of [seeded.sessions.keepLive, seeded.sessions.keepGrace])
      expect(after.sessions.has(id), id).toBe(true);
    expect([...after.sessions].every((id) => !goneSessions.includes(id))).toBe(true);
    expect([...before.flows].filter((id) => !after.flows.has(id)).sort()).toEqual([...goneFlows].sort());
    expect(after.flows.has(seeded.flows.keepPending)).toBe(true);
    for (const [name, id] of Object.entries(seeded.users)) {
      if (name.startsWith('keep')) expect(after.users.has(id), name).toBe(true);
    }
    expect(result).toEqual({
      sessions: removedSessions.length,
      oauthFlows: 2,
      anonymousUsers: 3,
      domainClaims: 1,
      complete: true,
    });
    // Every session left either is live or ended within the grace period.
    const [ended] = await db.asSystem((tx) =>
      rows<{ n: number }>(
        tx,
        sql`
      select count(*)::int as n from sessions
       where coalesce(least(expires_at, revoked_at), expires_at) <= ${new Date(now.getTime() - SESSION_GRACE_MS).toISOString()}::timestamptz`,
      ),
    );
    expect(ended!.n).toBe(0);

    // A second run finds nothing.
    expect(await collectGarbage(db, now)).toEqual({
      sessions: 0,
      oauthFlows: 0,
      anonymousUsers: 0,
      domainClaims: 0,
      complete: true,
    });
  });

  it('stops after maxBatches and says so; the next run carries on', async () => {
    const now = new Date();
    const stale = new Date(now.getTime() - 3 * DAY).toISOString();
    await db.asSystem(async (tx) => {
      for (let i = 0; i < 5; i++) {
        const [row] = await rows<{ id: string }>(tx, sql`insert into users (level) values ('anonymous') returning id`);
        await tx.execute(sql`insert into sessions (id_hash, user_id, host, level, expires_at)
                             values (${`batch-${i}-${row!.id}`}, ${row!.id}, 'gc.example', 'anonymous', ${stale}::timestamptz)`);
      }
    });
    // One batch of each kind: two sessions, then a window of two users (each user's ended session goes with it).
    const first = await collectGarbage(db, now, { batchSize: 2, maxBatches: 1 });
    expect(first.complete).toBe(false);
    expect(first.sessions).toBeGreaterThanOrEqual(2);
    expect(first.anonymousUsers).toBeLessThanOrEqual(2);
    const rest = await collectGarbage(db, now, { batchSize: 2 });
    expect(rest.complete).toBe(true);
    expect([first.sessions + rest.sessions, first.anonymousUsers + rest.anonymousUsers]).toEqual([5, 5]);
  });

  it('knows every foreign key to users: a table it does not know about would lose rows to it', async () => {
    const references = await db.asSystem((tx) =>
      rows<{ table: string; column: string }>(
        tx,
        sql`
      select c.conrelid::regclass::text as table, a.attname as column
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
       where c.contype = 'f' and c.confrelid = 'users'::regclass order by 1, 2`,
      ),
    );
    const known = USER_REFERENCES.flatMap(({ table, columns }) => columns.map((column) => ({ table, column })));
    expect(references.map((r) => `${r.table}.${r.column}`).sort()).toEqual(
      known.map((r) => `${r.table}.${r.column}`).sort(),
    );
  });
});

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function livery(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describeOnDatabase('postgres', 'livery gc', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(() => db?.close());

  it('prints the counts, as one JSON document with --json', async () => {
    await seed(db, new Date());
    const json = await livery(['gc', '--json', '--database-url', db.url!]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      oauthFlows: 2,
      anonymousUsers: 3,
      domainClaims: 1,
      complete: true,
    });
    const human = await livery(['gc', '--database-url', db.url!]);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe(
      'deleted 0 ended session(s), 0 finished OAuth flow(s), 0 abandoned anonymous user(s), 0 expired domain claim(s)\n',
    );
    const usage = await livery(['gc', 'now', '--json']);
    expect([usage.code, JSON.parse(usage.stdout).error.code]).toEqual([2, 'usage']);
  });
});
