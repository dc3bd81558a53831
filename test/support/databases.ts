// The shared DB test harness. Use it from any test that needs a database:
//
//   describeEachDatabase('tenant isolation', (name) => {
//     let db: Database;
//     beforeAll(async () => { db = await createTestDatabase(name); });
//     afterAll(() => db.close());
//     it('…', async () => { … });
//   });
//
// Every createTestDatabase call is a fresh, migrated database of its own (PGlite: loaded from a migrated
// dump; PostgreSQL: CREATE DATABASE … TEMPLATE livery_template), so test files never see each other's rows.
// On PostgreSQL it holds two pools, as production does: asTenant, asAuth and resolveHost go through the service's
// least-privilege login (livery_service), asSystem and rawTransaction (fixtures, operator work) through the superuser.
// PGlite has one superuser login for everything.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import {
  databaseUrl,
  pgliteDumpFile,
  selectedDatabases,
  templateName,
  withAdmin,
  type TestDatabaseName,
} from './database-setup.ts';

export type { TestDatabaseName } from './database-setup.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    liveryDatabases: {
      selection: TestDatabaseName[];
      postgresAdminUrl: string | null;
      /** The service's least-privilege login (any database of the server: swap the path). */
      postgresServiceUrl: string | null;
      postgresSkipReason: string | null;
      pgliteDump: string | null;
    };
  }
}

export interface TestDatabaseTarget {
  name: TestDatabaseName;
  /** false when usable; otherwise why the tests for this database are skipped. */
  skip: false | string;
}

function provided() {
  return inject('liveryDatabases') as ReturnType<typeof inject<'liveryDatabases'>> | undefined;
}

/** The databases selected for this run (LIVERY_TEST_DATABASES), each with its skip reason if unavailable. */
export function testDatabases(): TestDatabaseTarget[] {
  const setup = provided();
  const selection = setup?.selection ?? selectedDatabases();
  return selection.map((name) => {
    if (name === 'pglite') return { name, skip: false };
    if (setup?.postgresAdminUrl) return { name, skip: false };
    return {
      name,
      skip: setup?.postgresSkipReason ?? 'PostgreSQL tests skipped: test/support/pg-global-setup.ts did not run',
    };
  });
}

/** `describe` once per selected database; an unavailable one shows up as skipped, with its reason in the title. */
export function describeEachDatabase(title: string, body: (name: TestDatabaseName) => void): void {
  for (const target of testDatabases()) {
    const label = target.skip ? `${title} [${target.name}] — ${target.skip}` : `${title} [${target.name}]`;
    describe.skipIf(target.skip !== false)(label, () => body(target.name));
  }
}

/** `describe` for one database only (tests of server-only behaviour); skipped when it is not selected or unavailable. */
export function describeOnDatabase(name: TestDatabaseName, title: string, body: () => void): void {
  const target = testDatabases().find((t) => t.name === name);
  const skip = !target ? `${name} not selected (LIVERY_TEST_DATABASES)` : target.skip;
  describe.skipIf(skip !== false)(skip ? `${title} [${name}] — ${skip}` : `${title} [${name}]`, body);
}

export interface TestDatabaseOptions {
  /** postgres.js pool size (PGlite is always a single connection). Default 4. */
  poolSize?: number;
}

/**
 * A test database; on PostgreSQL `url` is the superuser's (for operator subprocesses such as the CLI) and `serviceUrl`
 * the service login's.
 */
export type TestDatabase = Database & { url?: string; serviceUrl?: string };

/** A fresh, migrated database of its own. `close()` also drops it (PostgreSQL). */
export async function createTestDatabase(
  name: TestDatabaseName,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  return name === 'pglite' ? createPgliteDatabase() : createPostgresDatabase(options.poolSize ?? 4);
}

let pgliteDump: Blob | undefined;

async function createPgliteDatabase(): Promise<Database> {
  if (!pgliteDump) {
    const file = provided()?.pgliteDump ?? (await pgliteDumpFile());
    pgliteDump = new Blob([readFileSync(file)]);
  }
  return openDatabase({ dataDir: 'memory://', loadDataDir: pgliteDump, migrate: false });
}

async function createPostgresDatabase(poolSize: number): Promise<TestDatabase> {
  const adminUrl = provided()?.postgresAdminUrl;
  if (!adminUrl)
    throw new Error(`no PostgreSQL server for tests: ${testDatabases().find((t) => t.name === 'postgres')?.skip}`);
  const name = `livery_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, async (admin) => {
    // The template must have no open connections while it is copied; retry briefly if one is closing.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database ${name} template ${templateName}`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolveWait) => setTimeout(resolveWait, 100));
      }
    }
  });
  const url = databaseUrl(adminUrl, name);
  const serviceUrl = databaseUrl(provided()!.postgresServiceUrl!, name);
  const owner = await openDatabase({ url, poolSize: 2, migrate: false });
  const service = await openDatabase({ url: serviceUrl, poolSize, migrate: false });
  return {
    kind: 'postgres',
    url,
    serviceUrl,
    asTenant: (tenantId, work) => service.asTenant(tenantId, work),
    asAuth: (work) => service.asAuth(work),
    resolveHost: (host) => service.resolveHost(host),
    edgeLookup: (host, request) => service.edgeLookup(host, request),
    asSystem: (work) => owner.asSystem(work),
    rawTransaction: (work) => owner.rawTransaction(work),
    async close() {
      await service.close();
      await owner.close();
      await withAdmin(adminUrl, (admin) => admin.unsafe(`drop database if exists ${name} with (force)`));
    },
  };
}
