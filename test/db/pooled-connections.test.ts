// Pooled-connection leak: 10 000 interleaved transactions for random tenants through a pool of 2
// connections. Each sees only its own rows, and no transaction starts with another's tenant context or role —
// including after transactions that failed half-way.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rows, type Database } from '../../src/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';

const transactions = Number(process.env.LIVERY_POOL_TRANSACTIONS ?? 10_000);
const inFlight = 16;

describeEachDatabase('pooled connections', (name) => {
  let db: Database;
  const customers: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(name, { poolSize: 2 });
    await db.asSystem(async (tx) => {
      const [platform] = await rows<{ id: string }>(
        tx,
        sql`insert into tenants (tier, slug, name) values (0, 'p', 'P') returning id`,
      );
      const [partner] = await rows<{ id: string }>(
        tx,
        sql`insert into tenants (tier, parent_id, slug, name) values (1, ${platform!.id}, 'a', 'A') returning id`,
      );
      for (let i = 0; i < 20; i++) {
        const [customer] = await rows<{ id: string }>(
          tx,
          sql`insert into tenants (tier, parent_id, slug, name)
          values (2, ${partner!.id}, ${`c${i}`}, 'C') returning id`,
        );
        customers.push(customer!.id);
        await tx.execute(
          sql`insert into audit_log (tenant_id, actor, action) values (${customer!.id}, 'fixture', 'seed')`,
        );
      }
    });
  });
  afterAll(() => db?.close());

  it(
    `keeps every one of ${transactions} interleaved transactions to its own tenant`,
    async () => {
      const problems: string[] = [];
      let next = 0;
      const work = async (i: number) => {
        const kind = i % 10;
        if (kind === 9) {
          // An identity transaction (livery_auth) on the same pool must find no tenant context or role left behind.
          const [state] = await db.asAuth((tx) =>
            rows<{ ctx: string | null; who: string }>(
              tx,
              sql`select current_setting('app.tenant_id', true) as ctx, current_user as who`,
            ),
          );
          if ((state!.ctx ?? '') !== '' || state!.who !== 'livery_auth')
            problems.push(`#${i} auth tx started with ${JSON.stringify(state)}`);
          return;
        }
        const tenant = customers[Math.floor(Math.random() * customers.length)]!;
        const result = db.asTenant(tenant, async (tx) => {
          const [state] = await rows<{ ctx: string; who: string; owners: string[] | string }>(
            tx,
            sql`
          select current_setting('app.tenant_id', true) as ctx, current_user as who,
                 array(select tenant_id::text from audit_log) as owners`,
          );
          const owners = Array.isArray(state!.owners) ? state!.owners : state!.owners.replace(/[{}]/g, '').split(',');
          if (state!.ctx !== tenant || state!.who !== 'livery_app' || owners.length !== 1 || owners[0] !== tenant) {
            problems.push(`#${i} as ${tenant} saw ${JSON.stringify(state)}`);
          }
          // Some transactions die half-way: by an error in the database, or by the application throwing.
          if (kind === 7) await tx.execute(sql`select 1 / 0`);
          if (kind === 8) throw new Error('abandoned');
        });
        await result.catch((error: unknown) => {
          if (kind !== 7 && kind !== 8) problems.push(`#${i} failed: ${String(error)}`);
        });
      };
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < transactions) await work(next++);
        }),
      );
      expect(problems.slice(0, 20)).toEqual([]);
    },
    Math.max(300_000, transactions * 10),
  );
});
