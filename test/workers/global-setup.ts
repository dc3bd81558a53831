// globalSetup of the Worker suite (vitest.workers.config.ts). Runs in Node, before workerd starts: prepares a real
// PostgreSQL database for the Worker's Hyperdrive binding and seeds the demo into it. The binding's connection string
// is the service's least-privilege login (livery_app + livery_auth), as in production; the setup itself is the owner.
// - DATABASE_URL set (CI's PostgreSQL phase): a fresh database on that server, dropped in teardown;
// - else PostgreSQL binaries found: a throwaway cluster (test/support/pg-cluster.ts), stopped in teardown;
// - else: the suite is skipped with the reason printed, unless LIVERY_TEST_REQUIRE_POSTGRES=1, which fails the run.
// A run that does not select PostgreSQL (LIVERY_TEST_DATABASES=pglite) skips the suite too: it is a PostgreSQL suite
// (CI runs it in its PostgreSQL pass, as the database-free suites run only in the PGlite pass).
// What the tests need (the URL for the binding, the demo tenants and their admin keys) goes through `provide`.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { seedDemo, type SeededTenant } from '../../src/ops/seed-demo.ts';
import { openDatabase } from '../../src/db/database.ts';
import { demo } from '../../src/tokens.ts';
import { databaseUrl, selectedDatabases, withAdmin } from '../support/database-setup.ts';
import {
  ensureServiceLogin,
  findPostgresBinaries,
  freePort,
  startCluster,
  stopOrphanClusters,
  type Cluster,
} from '../support/pg-cluster.ts';
import { WORKER_HOSTS, type WorkerSuiteContext } from './context.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const unreachableHyperdriveUrl = `postgres://livery:unused@127.0.0.1:${await freePort()}/livery_unreachable`;
  let cluster: Cluster | undefined;
  const skip = (reason: string) => {
    process.stderr.write(`\n[livery workers] ${reason}\n\n`);
    project.provide('liveryWorker', {
      skipReason: reason,
      hyperdriveUrl: null,
      ownerUrl: null,
      unreachableHyperdriveUrl,
      tenants: [],
      keys: {},
    });
    return async () => {};
  };
  if (!selectedDatabases().includes('postgres')) {
    return skip('Worker tests skipped: LIVERY_TEST_DATABASES does not select postgres (they run on PostgreSQL)');
  }
  let adminUrl = process.env.DATABASE_URL || null;
  if (!adminUrl) {
    if (!findPostgresBinaries()) {
      const reason =
        'Worker tests skipped: no PostgreSQL binaries found (apt-get install -y postgresql, or set DATABASE_URL)';
      if (process.env.LIVERY_TEST_REQUIRE_POSTGRES === '1') {
        throw new Error(`${reason} — and LIVERY_TEST_REQUIRE_POSTGRES=1 requires them`);
      }
      return skip(reason);
    }
    stopOrphanClusters();
    const owned = await startCluster({ owner: process.pid });
    cluster = owned;
    // Teardown does not run when the run is cut short; stopping is synchronous, so an exit hook can do it.
    process.once('exit', () => {
      try {
        owned.stop();
      } catch {
        /* already stopped */
      }
    });
    adminUrl = owned.url;
  }

  const started = Date.now();
  const name = `livery_worker_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.unsafe(`create database ${name}`));
  const url = databaseUrl(adminUrl, name);
  // Migrated and seeded as the superuser (the operator's owner connection), with the hosts the Worker is configured
  // with stored in the database; the Worker itself connects through Hyperdrive as the service's least-privilege login.
  const db = await openDatabase({ url, poolSize: 1, migrate: true, hosts: WORKER_HOSTS });
  let seeded: { tenants: SeededTenant[]; keys: Record<string, string> };
  try {
    seeded = await db.asSystem((tx) => seedDemo(tx, demo, WORKER_HOSTS));
  } finally {
    await db.close();
  }
  const workerUrl = databaseUrl(await ensureServiceLogin(adminUrl), name);
  process.stderr.write(
    `[livery workers] database ${name} migrated and seeded in ${Date.now() - started} ms; the Worker logs in as ${new URL(workerUrl).username}\n`,
  );

  const context: WorkerSuiteContext = {
    skipReason: null,
    hyperdriveUrl: hyperdriveUrl(workerUrl),
    ownerUrl: hyperdriveUrl(url),
    unreachableHyperdriveUrl,
    tenants: seeded.tenants,
    keys: seeded.keys,
  };
  project.provide('liveryWorker', context);

  return async () => {
    if (cluster) {
      cluster.stop();
    } else {
      await withAdmin(adminUrl, (admin) => admin.unsafe(`drop database if exists ${name} with (force)`)).catch(
        () => {},
      );
    }
  };
}

/**
 * Miniflare refuses a Hyperdrive connection string without a password. The throwaway cluster trusts local
 * connections (initdb --auth=trust), so a placeholder is sent and ignored; a DATABASE_URL with a password keeps it.
 */
function hyperdriveUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = 'trust-auth-ignores-this';
  return parsed.toString();
}
