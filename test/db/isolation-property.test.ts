// Property: over random tenant trees and rows, what each identity sees equals exactly its allowed set —
// computed here from the generated tree itself (a parent walk), never from the database's closure table.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rows, type Database } from '../../src/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';

const treeArbitrary = fc.array(
  fc.record({
    rows: fc.nat({ max: 2 }),
    customers: fc.array(fc.record({ rows: fc.nat({ max: 2 }) }), { maxLength: 3 }),
  }),
  { minLength: 1, maxLength: 3 },
);

describeEachDatabase('isolation over random tenant trees', (name) => {
  let db: Database;
  // The model of everything in the database: tenant → parent, and the owner of every row in each table.
  const parentOf = new Map<string, string | null>();
  const owners: Record<'audit_log' | 'theme_artifacts', string[]> = { audit_log: [], theme_artifacts: [] };
  let platform: string;
  let counter = 0;

  beforeAll(async () => {
    db = await createTestDatabase(name);
    platform = await db.asSystem(async (tx) => {
      const [row] = await rows<{ id: string }>(
        tx,
        sql`insert into tenants (tier, slug, name) values (0, 'platform', 'P') returning id`,
      );
      return row!.id;
    });
    parentOf.set(platform, null);
  });
  afterAll(() => db?.close());

  const inSubtree = (tenant: string, root: string): boolean => {
    for (let at: string | null | undefined = tenant; at; at = parentOf.get(at)) if (at === root) return true;
    return false;
  };
  const sorted = (values: string[]) => [...values].sort();

  it('shows every identity exactly the rows of its own subtree', async () => {
    await fc.assert(
      fc.asyncProperty(treeArbitrary, async (tree) => {
        const created: string[] = [];
        await db.asSystem(async (tx) => {
          const add = async (tier: number, parent: string, rowCount: number) => {
            const [row] = await rows<{ id: string }>(
              tx,
              sql`insert into tenants (tier, parent_id, slug, name)
            values (${tier}, ${parent}, ${`t${++counter}`}, 'generated') returning id`,
            );
            const id = row!.id;
            parentOf.set(id, parent);
            created.push(id);
            for (let i = 0; i < rowCount; i++) {
              await tx.execute(sql`insert into audit_log (tenant_id, actor, action) values (${id}, 'p', 'generated')`);
              owners.audit_log.push(id);
              await tx.execute(
                sql`insert into theme_artifacts (tenant_id, chain_key, css) values (${id}, ${`k${++counter}`}, '')`,
              );
              owners.theme_artifacts.push(id);
            }
            return id;
          };
          for (const partner of tree) {
            const partnerId = await add(1, platform, partner.rows);
            for (const customer of partner.customers) await add(2, partnerId, customer.rows);
          }
        });

        for (const identity of [platform, ...created, null]) {
          const seen = await db.asTenant(identity, async (tx) => ({
            tenants: (await rows<{ id: string }>(tx, sql`select id from tenants`)).map((r) => r.id),
            audit_log: (await rows<{ tenant_id: string }>(tx, sql`select tenant_id from audit_log`)).map(
              (r) => r.tenant_id,
            ),
            theme_artifacts: (await rows<{ tenant_id: string }>(tx, sql`select tenant_id from theme_artifacts`)).map(
              (r) => r.tenant_id,
            ),
          }));
          const visible = (tenant: string) => identity !== null && inSubtree(tenant, identity);
          expect(sorted(seen.tenants)).toEqual(sorted([...parentOf.keys()].filter(visible)));
          expect(sorted(seen.audit_log)).toEqual(sorted(owners.audit_log.filter(visible)));
          expect(sorted(seen.theme_artifacts)).toEqual(sorted(owners.theme_artifacts.filter(visible)));
        }
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
