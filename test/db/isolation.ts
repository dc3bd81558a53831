// The isolation matrix as reusable checks: a fixture tenant tree with one row per tenant in every tenant table,
// and functions that report every way an identity sees or changes something outside its allowed set.
// The tests assert the reports are empty; the mutation tests break a policy and assert they are not.
import { sql, type SQL } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { rows, type Database, type Tx } from '../../src/db/database.ts';
import { sqlState } from '../../src/db/errors.ts';

export type Name = 'T0' | 'A' | 'B' | 'A1' | 'A2' | 'B1';
export const tenantNames: Name[] = ['T0', 'A', 'B', 'A1', 'A2', 'B1'];
// Who may see whom, written out by hand from the contract (T0 all; T1 own + children; T2 own).
export const allowed: Record<Name, Name[]> = {
  T0: ['T0', 'A', 'B', 'A1', 'A2', 'B1'],
  A: ['A', 'A1', 'A2'],
  B: ['B', 'B1'],
  A1: ['A1'],
  A2: ['A2'],
  B1: ['B1'],
};
const parents: Record<Name, Name | null> = { T0: null, A: 'T0', B: 'T0', A1: 'A', A2: 'A', B1: 'B' };
const tiers: Record<Name, number> = { T0: 0, A: 1, B: 1, A1: 2, A2: 2, B1: 2 };

export interface Fixture {
  ids: Record<Name, string>;
  nameOf: Map<string, Name>;
  /** Users created for the fixture (memberships, drafts need real users). */
  users: string[];
}

const unique = () => randomBytes(6).toString('hex');

/** How to make, touch and move a row of each tenant table. `owner` is the column naming the row's tenant. */
export interface TableSpec {
  table: string;
  owner: 'tenant_id' | 'id' | 'ancestor_id';
  /** The column whose values SELECT must show exactly the allowed set of (default: owner). */
  seen?: 'tenant_id';
  /** A new row for `tenantId`; `n` makes it unique. */
  row(tenantId: string, fixture: Fixture, n: number): SQL;
  /** A harmless assignment for UPDATE, or null when livery_app may not update the table at all. */
  touch: string | null;
  /** false when livery_app may not INSERT at all (domain claims go through livery_claim_domain()). */
  canInsert?: false;
  canDelete: boolean;
  /** Tables with one row per tenant: a permitted INSERT may hit the primary key (23505) rather than succeed. */
  onePerTenant?: boolean;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export const tableSpecs: TableSpec[] = [
  {
    table: 'tenants',
    owner: 'id',
    touch: 'name = name',
    canDelete: false,
    // Literal values, not a SELECT of the parent: the insert must be judged by the policy, not by visibility.
    row: (parent, f, n) =>
      sql`(tier, parent_id, slug, name) values (${tiers[f.nameOf.get(parent)!] + 1}, ${parent}, ${`m${n}-${unique()}`}, 'made')`,
  },
  // Its rows are (ancestor, descendant) pairs: an identity sees the pairs it is the ancestor of, i.e. its subtree.
  {
    table: 'tenant_ancestry',
    owner: 'ancestor_id',
    seen: 'tenant_id',
    touch: null,
    canDelete: false,
    row: (tenantId) => sql`(ancestor_id, tenant_id, depth) values (${tenantId}, ${tenantId}, 0)`,
  },
  // Claims and verification go through livery_claim_domain() / livery_verify_domain() (test/db/domain-claims.test.ts):
  // livery_app may only read and withdraw.
  {
    table: 'domain_mappings',
    owner: 'tenant_id',
    touch: null,
    canDelete: true,
    canInsert: false,
    row: (tenantId, _f, n) =>
      sql`(domain, tenant_id, verification_token) values (${`d${n}-${unique()}.example.com`}, ${tenantId}, 'tok')`,
  },
  {
    table: 'token_versions',
    owner: 'tenant_id',
    touch: null,
    canDelete: false,
    row: (tenantId, _f, n) =>
      sql`(tenant_id, version, content, author, content_hash) values (${tenantId}, ${1000 + n}, ${json({})}, 'm', 'h')`,
  },
  {
    table: 'token_heads',
    owner: 'tenant_id',
    touch: 'updated_at = updated_at',
    canDelete: false,
    onePerTenant: true,
    row: (tenantId) => sql`(tenant_id, version) values (${tenantId}, 1)`,
  },
  {
    table: 'tenant_policies',
    owner: 'tenant_id',
    touch: 'updated_by = updated_by',
    canDelete: false,
    onePerTenant: true,
    row: (tenantId) => sql`(tenant_id, policy) values (${tenantId}, ${json({})})`,
  },
  {
    table: 'theme_artifacts',
    owner: 'tenant_id',
    touch: null,
    canDelete: false,
    row: (tenantId, _f, n) => sql`(tenant_id, chain_key, css) values (${tenantId}, ${`k${n}-${unique()}`}, '')`,
  },
  {
    table: 'audit_log',
    owner: 'tenant_id',
    touch: null,
    canDelete: false,
    row: (tenantId) => sql`(tenant_id, actor, action) values (${tenantId}, 'm', 'made')`,
  },
  {
    table: 'memberships',
    owner: 'tenant_id',
    touch: 'role = role',
    canDelete: true,
    row: (tenantId, f, n) =>
      sql`(tenant_id, user_id, role) values (${tenantId}, ${f.users[1 + (n % (f.users.length - 1))]}, 'viewer')`,
  },
  {
    table: 'invitations',
    owner: 'tenant_id',
    touch: 'accepted_at = accepted_at',
    canDelete: true,
    row: (tenantId) =>
      sql`(tenant_id, email, role, token_hash, expires_at) values (${tenantId}, 'x@example.com', 'viewer', ${unique()}, now() + interval '1 day')`,
  },
  {
    table: 'api_keys',
    owner: 'tenant_id',
    touch: 'label = label',
    canDelete: false,
    row: (tenantId) => sql`(tenant_id, role, prefix, secret_hash) values (${tenantId}, 'admin', ${unique()}, 'h')`,
  },
  {
    table: 'inquiries',
    owner: 'tenant_id',
    touch: null,
    canDelete: false,
    row: (tenantId) => sql`(tenant_id, email) values (${tenantId}, 'x@example.com')`,
  },
  {
    table: 'drafts',
    owner: 'tenant_id',
    touch: 'content = content',
    canDelete: true,
    row: (tenantId, f, n) =>
      sql`(tenant_id, user_id, name, content) values (${tenantId}, ${f.users[0]}, ${`draft-${n}-${unique()}`}, ${json({})})`,
  },
];

/** Builds the tree T0 → {A → {A1, A2}, B → {B1}} and one row per tenant in every tenant table (as the owner). */
export async function createFixture(db: Database): Promise<Fixture> {
  return db.asSystem(async (tx) => {
    const ids = {} as Record<Name, string>;
    for (const name of tenantNames) {
      const parent = parents[name];
      const [row] = await rows<{ id: string }>(
        tx,
        sql`insert into tenants (tier, parent_id, slug, name)
        values (${tiers[name]}, ${parent ? ids[parent] : null}, ${name.toLowerCase()}, ${name}) returning id`,
      );
      ids[name] = row!.id;
    }
    const users: string[] = [];
    for (let i = 0; i < 40; i++) {
      const [user] = await rows<{ id: string }>(tx, sql`insert into users (level) values ('full') returning id`);
      users.push(user!.id);
    }
    const fixture: Fixture = { ids, nameOf: new Map(tenantNames.map((n) => [ids[n], n])), users };
    for (const name of tenantNames) {
      await tx.execute(sql`insert into token_versions (tenant_id, version, content, author, content_hash)
        values (${ids[name]}, 1, ${json({ owner: name })}, 'fixture', ${`hash-${name}`})`);
    }
    for (const spec of tableSpecs) {
      if (spec.table === 'tenants' || spec.table === 'tenant_ancestry' || spec.table === 'token_versions') continue;
      for (const name of tenantNames) {
        await tx.execute(sql`insert into ${sql.identifier(spec.table)} ${spec.row(ids[name], fixture, 0)}`);
      }
    }
    return fixture;
  });
}

class Rollback extends Error {
  readonly result: Record<string, unknown>[];
  constructor(result: Record<string, unknown>[]) {
    super('rollback');
    this.result = result;
  }
}

export type Outcome = { rows: Record<string, unknown>[] } | { error: string };

// The number of rows a statement without RETURNING affected (PGlite: affectedRows, postgres.js: count).
async function affectedRows(tx: Tx, statement: SQL): Promise<Record<string, unknown>[]> {
  const result = (await tx.execute(statement)) as unknown as { affectedRows?: number; count?: number };
  return Array.from({ length: Number(result.affectedRows ?? result.count ?? 0) }, () => ({}));
}

/**
 * Runs one statement as `identity` (a tenant id, or null for no context) and always rolls back. `count` mode is
 * for statements without RETURNING (which RLS judges differently): the outcome then has one empty row per row affected.
 */
export async function attempt(
  db: Database,
  identity: string | null,
  statement: (tx: Tx) => SQL,
  mode: 'rows' | 'count' = 'rows',
): Promise<Outcome> {
  try {
    await db.asTenant(identity, async (tx) => {
      throw new Rollback(mode === 'rows' ? await rows(tx, statement(tx)) : await affectedRows(tx, statement(tx)));
    });
    throw new Error('unreachable');
  } catch (error) {
    if (error instanceof Rollback) return { rows: error.result };
    return { error: sqlState(error) ?? String(error) };
  }
}

export type Identity = Name | 'none';
export const identities: Identity[] = [...tenantNames, 'none'];
const allowedFor = (identity: Identity): Name[] => (identity === 'none' ? [] : allowed[identity]);
const idOf = (fixture: Fixture, identity: Identity) => (identity === 'none' ? null : fixture.ids[identity]);

function names(fixture: Fixture, values: unknown[]): string {
  return values
    .map((v) => fixture.nameOf.get(String(v)) ?? `other:${String(v).slice(0, 8)}`)
    .sort()
    .join(',');
}

export type Operation = 'select' | 'insert' | 'update' | 'delete' | 'move';

/** Every discrepancy between what `identity` can do to `spec`'s table and what the contract allows. */
export async function checkTable(
  db: Database,
  fixture: Fixture,
  spec: TableSpec,
  identity: Identity,
  operations: Operation[] = ['select', 'insert', 'update', 'delete', 'move'],
): Promise<string[]> {
  const problems: string[] = [];
  const who = `${identity} on ${spec.table}`;
  const table = sql.identifier(spec.table);
  const owner = sql.identifier(spec.owner);
  const me = idOf(fixture, identity);
  const permitted = allowedFor(identity);
  let n = 1;

  if (operations.includes('select')) {
    const seen = await attempt(
      db,
      me,
      () => sql`select ${sql.identifier(spec.seen ?? spec.owner)} as owner from ${table}`,
    );
    const expected = [...permitted].sort().join(',');
    if ('error' in seen) problems.push(`${who}: SELECT failed with ${seen.error}`);
    else if (
      names(
        fixture,
        seen.rows.map((r) => r.owner),
      ) !== expected
    ) {
      problems.push(
        `${who}: SELECT saw [${names(
          fixture,
          seen.rows.map((r) => r.owner),
        )}], allowed [${expected}]`,
      );
    }
  }

  for (const target of tenantNames) {
    const targetId = fixture.ids[target];
    const inScope = permitted.includes(target);

    if (operations.includes('insert')) {
      // Twice: with RETURNING (where the read policy also applies) and without (where only WITH CHECK does).
      const insertable =
        inScope &&
        spec.canInsert !== false &&
        spec.table !== 'tenant_ancestry' &&
        !(spec.table === 'tenants' && tiers[target] === 2);
      for (const returning of [true, false]) {
        const statement = sql`insert into ${table} ${spec.row(targetId, fixture, n++)}`;
        const result = returning
          ? await attempt(db, me, () => sql`${statement} returning ${owner} as owner`)
          : await attempt(db, me, () => statement, 'count');
        const form = returning ? 'INSERT … RETURNING' : 'INSERT';
        if (insertable) {
          const passedTheBoundary =
            'rows' in result ? result.rows.length === 1 : spec.onePerTenant && result.error === '23505';
          if (!passedTheBoundary)
            problems.push(
              `${who}: ${form} for ${target} should pass, got ${'error' in result ? result.error : `${result.rows.length} rows`}`,
            );
        } else if ('rows' in result && result.rows.length > 0) {
          problems.push(`${who}: ${form} for ${target} was accepted`);
        }
      }
    }

    if (operations.includes('update')) {
      const result = await attempt(
        db,
        me,
        () => sql`update ${table} set ${sql.raw(spec.touch ?? 'tenant_id = tenant_id')}
        where ${owner} = ${targetId} returning ${owner} as owner`,
      );
      const expectedRows = spec.touch && inScope ? 1 : 0;
      const got = 'rows' in result ? result.rows.length : 0;
      if (got !== expectedRows && !(expectedRows === 0 && 'error' in result && result.error === '42501')) {
        problems.push(
          `${who}: UPDATE of ${target}'s row touched ${'error' in result ? result.error : got}, expected ${expectedRows}`,
        );
      }
    }

    if (operations.includes('delete')) {
      const result = await attempt(
        db,
        me,
        () => sql`delete from ${table} where ${owner} = ${targetId} returning ${owner} as owner`,
      );
      const expectedRows = spec.canDelete && inScope ? 1 : 0;
      const got = 'rows' in result ? result.rows.length : 0;
      if (got !== expectedRows || ('error' in result && expectedRows > 0)) {
        problems.push(
          `${who}: DELETE of ${target}'s row removed ${'error' in result ? result.error : got}, expected ${expectedRows}`,
        );
      }
    }
  }

  if (operations.includes('move') && me !== null) {
    // No row ever changes tenant: not to a tenant in scope, not to one outside it.
    const column = spec.table === 'tenants' ? 'parent_id' : spec.owner;
    for (const destination of tenantNames) {
      if (destination === identity) continue;
      const result = await attempt(
        db,
        me,
        () => sql`update ${table} set ${sql.identifier(column)} = ${fixture.ids[destination]}
        where ${owner} = ${me} returning ${owner} as owner`,
      );
      if ('rows' in result && result.rows.length > 0) problems.push(`${who}: moved its row to ${destination}`);
    }
  }
  return problems;
}

/** The whole matrix: every identity × every table × every operation. */
export async function checkMatrix(db: Database, fixture: Fixture, specs = tableSpecs): Promise<string[]> {
  const problems: string[] = [];
  for (const spec of specs) {
    for (const identity of identities) problems.push(...(await checkTable(db, fixture, spec, identity)));
  }
  return problems;
}

/** What livery_chain_layers() returns to each identity, checked against its chain (root first). */
export async function checkChainFunction(db: Database, fixture: Fixture): Promise<string[]> {
  const problems: string[] = [];
  const chains: Record<Identity, Name[]> = {
    T0: ['T0'],
    A: ['T0', 'A'],
    B: ['T0', 'B'],
    A1: ['T0', 'A', 'A1'],
    A2: ['T0', 'A', 'A2'],
    B1: ['T0', 'B', 'B1'],
    none: [],
  };
  for (const identity of identities) {
    const result = await attempt(
      db,
      idOf(fixture, identity),
      () => sql`select tenant_id, policy from livery_chain_layers()`,
    );
    if ('error' in result) {
      problems.push(`${identity}: livery_chain_layers failed with ${result.error}`);
      continue;
    }
    const got = result.rows.map((r) => fixture.nameOf.get(String(r.tenant_id)) ?? 'other').join('>');
    if (got !== chains[identity].join('>'))
      problems.push(`${identity}: chain ${got || '(empty)'}, expected ${chains[identity].join('>') || '(empty)'}`);
    // Only a T2 gets a policy, and only its partner's.
    const withPolicy = result.rows.filter((r) => r.policy !== null).map((r) => fixture.nameOf.get(String(r.tenant_id)));
    const expectedPolicy = tiers[identity as Name] === 2 ? [parents[identity as Name]] : [];
    if (withPolicy.join() !== expectedPolicy.join())
      problems.push(`${identity}: policy rows [${withPolicy.join()}], expected [${expectedPolicy.join()}]`);
  }
  return problems;
}
