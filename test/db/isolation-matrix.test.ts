// The isolation matrix: identities T0, T1-A, T1-B, T2-A1, T2-A2 (sibling), T2-B1 and no context ×
// every tenant table × SELECT / INSERT / UPDATE (incl. moving a row to another tenant) / DELETE, with RETURNING.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { checkChainFunction, checkTable, createFixture, identities, tableSpecs, type Fixture } from './isolation.ts';

describeEachDatabase('tenant isolation matrix', (name) => {
  let db: Database;
  let fixture: Fixture;
  beforeAll(async () => {
    db = await createTestDatabase(name);
    fixture = await createFixture(db);
  });
  afterAll(() => db?.close());

  it.each(tableSpecs.map((spec) => [spec.table, spec] as const))(
    'every identity sees and changes only its own subtree in %s',
    async (_table, spec) => {
      const problems: string[] = [];
      for (const identity of identities) problems.push(...(await checkTable(db, fixture, spec, identity)));
      expect(problems).toEqual([]);
    },
  );

  it("gives each tenant its own chain of published layers and only a customer its partner's policy", async () => {
    expect(await checkChainFunction(db, fixture)).toEqual([]);
  });
});
