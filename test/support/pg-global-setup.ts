// vitest globalSetup: prepares the databases the DB tests run against, once per test run.
// - PostgreSQL: DATABASE_URL (a superuser's) when set, else a throwaway cluster (pg-cluster.ts), stopped in teardown;
//   migrations are applied once into `livery_template` as that superuser, and each test database is a copy of it.
//   The service's least-privilege login (livery_service: livery_app + livery_auth) is created here too: test
//   databases run tenant and auth work through it, operator work through the superuser.
// - PGlite: a migrated data dir dumped to a tarball, cached on disk by migrations + PGlite version, so each test
//   database loads it instead of running initdb.
// Selection: LIVERY_TEST_DATABASES = pglite | postgres | both (default both). Without PostgreSQL binaries the
// postgres tests are skipped with a printed reason, unless LIVERY_TEST_REQUIRE_POSTGRES=1 (CI), which fails the run.
import type { TestProject } from 'vitest/node';
import { findPostgresBinaries, startCluster, stopOrphanClusters, type Cluster } from './pg-cluster.ts';
import { buildPostgresTemplate, dropPostgresTemplate, pgliteDumpFile, selectedDatabases } from './database-setup.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const selection = selectedDatabases();
  let cluster: Cluster | undefined;
  let adminUrl: string | null = null;
  let skipReason: string | null = null;
  let serviceUrl: string | null = null;

  if (selection.includes('postgres')) {
    adminUrl = process.env.DATABASE_URL || null;
    if (!adminUrl) {
      if (findPostgresBinaries()) {
        const started = Date.now();
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
        adminUrl = cluster.url;
        process.stderr.write(
          `[livery tests] PostgreSQL cluster started in ${Date.now() - started} ms (${cluster.dataDir})\n`,
        );
      } else {
        skipReason =
          'PostgreSQL tests skipped: no PostgreSQL binaries found (apt-get install -y postgresql, or set DATABASE_URL)';
        if (process.env.LIVERY_TEST_REQUIRE_POSTGRES === '1') {
          throw new Error(`${skipReason} — and LIVERY_TEST_REQUIRE_POSTGRES=1 requires them`);
        }
        process.stderr.write(`\n[livery tests] ${skipReason}\n\n`);
      }
    }
    if (adminUrl) serviceUrl = await buildPostgresTemplate(adminUrl);
  }

  const pgliteDump = selection.includes('pglite') ? await pgliteDumpFile() : null;

  project.provide('liveryDatabases', {
    selection,
    postgresAdminUrl: adminUrl,
    postgresServiceUrl: serviceUrl,
    postgresSkipReason: skipReason,
    pgliteDump,
  });

  return async () => {
    if (adminUrl && !cluster) await dropPostgresTemplate(adminUrl).catch(() => {});
    cluster?.stop();
  };
}
