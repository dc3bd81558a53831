// The database goes away mid-run (README "When the database is down"): theme reads keep serving the last good theme, writes answer
// 503 `database_unavailable`, /healthz 503; once it is back, reads and writes work, another process sees the writes,
// and no version is partial.
//
// PGlite: the server runs on a Database whose PGlite instance (a data dir on disk) is closed and reopened.
// PostgreSQL: a dedicated throwaway cluster, killed with `pg_ctl stop -m immediate` while writes are in flight.
// (postgres.js 3.4.9 can crash when a server drops a connection mid-query: test/stress/postgres-driver.stress.test.ts.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../../src/db/database.ts';
import { startNodeServer, type RunningServer } from '../../src/node-server.ts';
import { describeEachDatabase, type TestDatabaseName } from '../support/databases.ts';
import { pgliteDumpFile } from '../support/database-setup.ts';
import { httpRequest, type HttpResponse } from '../support/http.ts';
import { findPostgresBinaries, startCluster } from '../support/pg-cluster.ts';
import { startTestServer, TEST_ENV, type TestServer } from '../support/server.ts';

/** A database that can be taken down and brought back under a running server. */
interface Outage {
  db: Database;
  /** Take the database away; resolves once it is gone (calls then fail). */
  stop(): Promise<void>;
  /** From now until `start`, calls wait instead of failing (an unreachable server), where the harness can do that. */
  hang(): void;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * PGlite on a data dir on disk, behind a Database whose instance can be closed (the fault) and reopened. Closed, a call
 * fails at once ("PGlite is closed"); `hang()` then makes calls wait until the database is back, as connection
 * attempts to an unreachable server do: a read path that still asked the database would stall.
 */
async function pgliteOutage(): Promise<Outage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'livery-faults-'));
  const dump = new Blob([readFileSync(inject('liveryDatabases')?.pgliteDump ?? (await pgliteDumpFile()))]);
  let current = await openDatabase({ dataDir, loadDataDir: dump, migrate: false });
  let hanging = false;
  let restarted = Promise.withResolvers<void>();
  const reachable = async () => {
    if (hanging) await restarted.promise;
  };
  const db: Database = {
    kind: 'pglite',
    asTenant: async (tenantId, work) => {
      await reachable();
      return current.asTenant(tenantId, work);
    },
    asAuth: async (work) => {
      await reachable();
      return current.asAuth(work);
    },
    asSystem: async (work) => {
      await reachable();
      return current.asSystem(work);
    },
    resolveHost: async (host) => {
      await reachable();
      return current.resolveHost(host);
    },
    edgeLookup: async (host, request) => {
      await reachable();
      return current.edgeLookup(host, request);
    },
    rawTransaction: async (work) => {
      await reachable();
      return current.rawTransaction(work);
    },
    close: () => current.close(),
  };
  return {
    db,
    stop: () => current.close(),
    hang() {
      hanging = true;
    },
    async start() {
      current = await openDatabase({ dataDir, migrate: false });
      hanging = false;
      restarted.resolve();
      restarted = Promise.withResolvers<void>();
    },
    async dispose() {
      await current.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL cluster of this file's own, stopped the hard way (`-m immediate`: no shutdown, as a crash). */
async function postgresOutage(): Promise<Outage> {
  const cluster = await startCluster();
  const db = await openDatabase({ url: cluster.url, poolSize: 4, migrate: true });
  const bin = findPostgresBinaries()!;
  const port = new URL(cluster.url).port;
  // As in test/support/pg-cluster.ts: PostgreSQL refuses to run as root.
  const pgCtl = (...args: string[]) => {
    const [command, commandArgs] =
      process.getuid?.() === 0
        ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args]]
        : [join(bin, 'pg_ctl'), args];
    execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
  };
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${cluster.dataDir}`,
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c synchronous_commit=off',
    '-c max_connections=200',
  ].join(' ');
  return {
    db,
    stop: async () => pgCtl('-D', cluster.dataDir, '-m', 'immediate', '-w', 'stop'),
    // A stopped server refuses connections; postgres.js then waits out a growing back-off before each new attempt.
    hang: () => {},
    start: async () =>
      pgCtl(
        '-D',
        cluster.dataDir,
        '-l',
        join(cluster.dataDir, 'server.log'),
        '-o',
        settings,
        '-w',
        '-t',
        '60',
        'start',
      ),
    async dispose() {
      await db.close().catch(() => {});
      cluster.stop();
    },
  };
}

const outageFor = (name: TestDatabaseName) => (name === 'pglite' ? pgliteOutage() : postgresOutage());

function expectUnavailable(response: HttpResponse, what: string): void {
  expect(response.status, `${what}: ${response.text}`).toBe(503);
  expect(response.json().error.code, what).toBe('database_unavailable');
}

describeEachDatabase('database faults', (database) => {
  const skip =
    database === 'postgres' && !findPostgresBinaries() ? 'needs PostgreSQL binaries for a cluster of its own' : false;
  describe.skipIf(skip !== false)(
    skip ? `the database stops mid-run — skipped: ${skip}` : 'the database stops mid-run',
    () => outageSuite(database),
  );
});

function outageSuite(database: TestDatabaseName): void {
  let outage: Outage;
  let server: TestServer;
  /** A second process on the same database that caches chain versions (the usual Node setting). */
  let reader: RunningServer;

  beforeAll(async () => {
    outage = await outageFor(database);
    // Every time-to-live at zero: during the outage nothing may lean on a cache being "still fresh".
    server = await startTestServer(database, { db: outage.db, freshnessMs: 0 });
    reader = await startNodeServer({
      db: outage.db,
      env: TEST_ENV,
      port: 0,
      seed: false,
      freshnessMs: 50,
      log: () => {},
    });
  });
  afterAll(async () => {
    await reader?.close();
    await server?.close().catch(() => {});
    await outage?.dispose();
  });

  const get = (host: string, path: string, headers: Record<string, string> = {}) =>
    server.request({ host, path, headers });
  const fromReader = (host: string, path: string) => httpRequest(reader.url, { host, path });
  const waitFor = async (what: string, check: () => Promise<boolean>) => {
    // Generous: after an outage a PostgreSQL driver may wait out its back-off (up to 20 s) before reconnecting.
    for (let attempt = 0; attempt < 1200; attempt++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect.fail(`gave up waiting for ${what}`);
  };

  it('serves the last good theme while the database is down, refuses writes with 503, and recovers without partial versions', async () => {
    const served = ['shop', 'blog', 'acme', 'livery'].map((slug) => server.tenant(slug).host);
    const paths = ['/theme.css', '/theme.json', '/theme.json?format=flat', '/theme.tailwind.css'];
    const good = new Map<string, HttpResponse>();
    for (const host of served) for (const path of paths) good.set(`${host}${path}`, await get(host, path));
    const versioned = /^<([^>]+)>/.exec(good.get(`${served[0]}/theme.css`)!.header('link')!)![1]!;
    for (const host of served) expect((await fromReader(host, '/theme.css')).status).toBe(200);
    expect((await get('livery.localhost', '/healthz')).status).toBe(200);

    // Writes in flight when the database goes (each either commits before it or fails; none may be half done).
    const inFlight = ['store', 'docs', 'globex'].map((slug, i) =>
      server.api(
        slug,
        'PUT',
        '/api/v1/tokens/overrides',
        slug === 'globex'
          ? { primitive: { radius: { md: { $value: `${5 + i}px` } } } }
          : { semantic: { light: { text: { link: { $value: '{primitive.color.globex.700}' } } } } },
      ),
    );
    await outage.stop();
    for (const response of await Promise.all(inFlight)) {
      expect([200, 503], response.text).toContain(response.status);
      if (response.status === 503) expect(response.json().error.code).toBe('database_unavailable');
    }

    // A tenant this process never served has no last good theme: 503, not a 500.
    expectUnavailable(await get('docs.globex.livery.localhost', '/theme.css'), 'a cold theme');
    expectUnavailable(await get('livery.localhost', '/healthz'), '/healthz');
    expectUnavailable(
      await server.api('shop', 'PUT', '/api/v1/tokens/overrides', {
        semantic: { light: { interactive: { primary: { $value: '#0b5d8c' } } } },
      }),
      'PUT overrides',
    );
    expectUnavailable(
      await server.api('acme', 'POST', '/api/v1/tenants', { slug: 'during-outage', name: 'During outage' }),
      'POST tenants',
    );
    expectUnavailable(
      await server.api('acme', 'PATCH', `/api/v1/tenants/${server.tenant('shop').id}`, { name: 'Renamed' }),
      'PATCH tenant',
    );
    expectUnavailable(await server.api('acme', 'GET', '/api/v1/tokens/versions'), 'GET versions');
    expectUnavailable(await server.api('acme', 'POST', '/api/v1/tokens/validate', {}), 'validate');

    // From here the database does not even answer: reads must not wait for it.
    outage.hang();

    // Reads: the same bytes, the same validators, 304s, the immutable URL.
    for (const host of served) {
      for (const path of paths) {
        const before = good.get(`${host}${path}`)!;
        const now = await get(host, path);
        expect(now.status, `${host}${path} while the database is down: ${now.text.slice(0, 200)}`).toBe(200);
        expect(now.header('etag')).toBe(before.header('etag'));
        expect(now.text).toBe(before.text);
      }
      const conditional = await get(host, '/theme.css', {
        'if-none-match': good.get(`${host}/theme.css`)!.header('etag')!,
      });
      expect(conditional.status).toBe(304);
      const cached = await fromReader(host, '/theme.css');
      expect(cached.status).toBe(200);
      expect(cached.text).toBe(good.get(`${host}/theme.css`)!.text);
    }
    expect((await get(served[0]!, versioned)).text).toBe(good.get(`${served[0]}/theme.css`)!.text);

    await outage.start();
    await waitFor('/healthz to answer 200', async () => (await get('livery.localhost', '/healthz')).status === 200);

    // Writes work again, and the very next read — here and in the other process — carries them.
    const change = { semantic: { light: { interactive: { primary: { $value: '#0b5d8c' } } } } };
    const write = await server.api('shop', 'PUT', '/api/v1/tokens/overrides', change);
    expect(write.status, write.text).toBe(200);
    const fresh = await get(served[0]!, '/theme.css');
    expect(fresh.status).toBe(200);
    expect(fresh.header('etag')).not.toBe(good.get(`${served[0]}/theme.css`)!.header('etag'));
    expect((await server.api('shop', 'GET', '/api/v1/tokens/overrides')).json().tokens).toEqual(change);
    await waitFor(
      'the other process to serve the new theme',
      async () => (await fromReader(served[0]!, '/theme.css')).text === fresh.text,
    );
    const docsAfter = await get('docs.globex.livery.localhost', '/theme.css');
    expect(docsAfter.status, docsAfter.text).toBe(200);
    const created = await server.api('acme', 'POST', '/api/v1/tenants', { slug: 'after-outage', name: 'After outage' });
    expect(created.status, created.text).toBe(201);

    // No partial versions: per tenant the versions run 1..n without a gap, the head is the newest one, and every
    // version has the audit entry that was written with it.
    for (const slug of ['store', 'docs', 'globex', 'shop']) {
      const listed = (await server.api(slug, 'GET', '/api/v1/tokens/versions')).json() as { version: number }[];
      expect(
        listed.map((v) => v.version),
        slug,
      ).toEqual(Array.from({ length: listed.length }, (_, i) => listed.length - i));
      expect((await server.api(slug, 'GET', '/api/v1/tokens/overrides')).json().version, slug).toBe(listed[0]!.version);
    }
    const problems = await outage.db.asSystem((tx) =>
      rows<{ problem: string }>(
        tx,
        sql`
      select 'gap in ' || tenant_id as problem from token_versions group by tenant_id having count(*) <> max(version)
      union all
      select 'head of ' || h.tenant_id || ' is not its newest version' from token_heads h
        where h.version <> (select max(v.version) from token_versions v where v.tenant_id = h.tenant_id)
      union all
      select 'no audit entry for ' || v.tenant_id || ' v' || v.version from token_versions v
        where not exists (select 1 from audit_log a where a.tenant_id = v.tenant_id and a.to_version = v.version)`,
      ),
    );
    expect(problems.map((p) => p.problem)).toEqual([]);
  }, 120_000);
}
