// The PostgreSQL server dies while transactions are in flight, several times over: every transaction must settle (as
// database_unavailable or done), nothing may escape as an uncaught exception, and once the server is back every pooled
// connection works again.
//
// postgres.js 3.4.9 (the latest release) fails this: when a server drops a connection, a write it had buffered runs
// from a setImmediate against the dropped socket — an uncaught TypeError — and leaves that connection unable to send
// ever again, so the next transaction on it never settles (porsager/postgres#1154, #1208; fixes #1168, #1176, #1209
// are not released). The Node server then crashes, or hangs requests after a database restart. Livery patches the
// driver at install time (patches/postgres+3.4.9.patch, applied by patch-package in `postinstall`): `nextWrite`
// guards against a null socket (rejecting with CONNECTION_CLOSED), and `closed()` / `terminate()` reset `chunk` and
// `nextWriteTimer`. This test fails if the patch is not applied.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { isDatabaseUnavailable } from '../../src/db/errors.ts';
import { describeOnDatabase } from '../support/databases.ts';
import { findPostgresBinaries, startCluster, type Cluster } from '../support/pg-cluster.ts';

const ROUNDS = 3;
const IN_FLIGHT = 12;

describeOnDatabase('postgres', 'the PostgreSQL driver when the server dies mid-transaction', () => {
  let cluster: Cluster;
  let db: Database;
  const escaped: unknown[] = [];
  const onUncaught = (error: unknown) => escaped.push(error);

  const pgCtl = (...args: string[]) => {
    const binary = join(findPostgresBinaries()!, 'pg_ctl');
    const [command, commandArgs] =
      process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
    execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
  };

  beforeAll(async () => {
    cluster = await startCluster();
    db = await openDatabase({ url: cluster.url, poolSize: 4, migrate: true });
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await db?.close().catch(() => {});
    cluster?.stop();
  });

  /** Settles with what happened, or "hung" if the driver never answers. */
  const outcome = (work: Promise<unknown>) =>
    Promise.race([
      work.then(
        () => 'done',
        (error) => (isDatabaseUnavailable(error) ? 'unavailable' : `failed: ${String(error)}`),
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 30_000)),
    ]);
  const transaction = () =>
    db.asTenant(null, async (tx) => {
      for (let statement = 0; statement < 40; statement++)
        await tx.execute(sql`select ${statement}::int, pg_sleep(0.005)`);
    });

  it('settles every transaction, lets nothing escape, and recovers every connection', async () => {
    const port = new URL(cluster.url).port;
    const settings = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${cluster.dataDir}`,
      '-c fsync=off',
    ].join(' ');
    for (let round = 0; round < ROUNDS; round++) {
      const inFlight = Array.from({ length: IN_FLIGHT }, () => outcome(transaction()));
      await new Promise((resolve) => setTimeout(resolve, 100));
      pgCtl('-D', cluster.dataDir, '-m', 'immediate', '-w', 'stop');
      const during = await Promise.all([...inFlight, outcome(transaction())]);
      expect(
        during.filter((o) => o !== 'done' && o !== 'unavailable'),
        `round ${round}`,
      ).toEqual([]);

      pgCtl('-D', cluster.dataDir, '-l', join(cluster.dataDir, 'server.log'), '-o', settings, '-w', 'start');
      // The first use of each stale connection may report it closed; after that, every connection must work.
      await Promise.all(Array.from({ length: 8 }, () => outcome(transaction())));
      const after = await Promise.all(Array.from({ length: 8 }, () => outcome(transaction())));
      expect(after, `round ${round}, after the restart`).toEqual(Array(8).fill('done'));
    }
    expect(escaped.map(String)).toEqual([]);
  }, 300_000);
});
