// A throwaway PostgreSQL cluster for tests, CI and benchmarks: initdb into a temp dir, pg_ctl on a free port,
// durability off (fsync, full_page_writes, synchronous_commit) because the data is thrown away.
//
//   node test/support/pg-cluster.ts start   → prints the superuser URL on stdout (a second line: `dir <data dir>`)
//   node test/support/pg-cluster.ts stop <data dir>
//   node test/support/pg-cluster.ts service-login <superuser URL>
//                                           → creates the service's least-privilege login (once the database roles
//                                             exist: after a migration), prints its URL for the same database
import { execFileSync } from 'node:child_process';
import postgres from 'postgres';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from '../../src/db/pglite.ts';

export interface Cluster {
  url: string;
  dataDir: string;
  stop(): void;
}

/** The directory holding initdb/pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBinaries(): string | null {
  const candidates: string[] = [];
  // Debian installs them under /usr/lib/postgresql/<major>/bin, outside PATH; prefer the newest.
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const majors = readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((major) => join(debianRoot, major, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(':').filter(Boolean));
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

/** A port nothing listens on (taken from the OS, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

// PostgreSQL refuses to run as root: as root, run its tools as the `postgres` OS user.
function asPostgresUser(binary: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [command, commandArgs] = isRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
}

const clusterPrefix = 'livery-pg-';
const ownerFile = 'livery-owner.pid';

/**
 * Stops clusters left behind by test runs that were killed before their teardown: those whose owner process
 * (recorded at start) is gone. Clusters started without an owner (`pg-cluster.ts start`, used by CI) are left alone.
 */
export function stopOrphanClusters(): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(clusterPrefix)) continue;
    const dataDir = join(tmpdir(), entry);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dataDir, ownerFile), 'utf8'));
    } catch {
      continue;
    }
    if (owner && !isAlive(owner)) {
      try {
        stopCluster(dataDir);
      } catch {
        /* best effort */
      }
    }
  }
}

/** Starts a cluster; `owner` (a pid) marks it as that process's, so a later run can clean it up if the owner dies. */
export async function startCluster(options: { owner?: number } = {}): Promise<Cluster> {
  const bin = findPostgresBinaries();
  if (!bin) throw new Error('no PostgreSQL binaries found (looked in /usr/lib/postgresql/*/bin and PATH)');
  const dataDir = mkdtempSync(join(tmpdir(), clusterPrefix));
  if (process.getuid?.() === 0) chownSync(dataDir, uidOf('postgres'), gidOf('postgres'));
  asPostgresUser(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dataDir}`,
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c synchronous_commit=off',
    '-c max_connections=200',
  ].join(' ');
  asPostgresUser(join(bin, 'pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    join(dataDir, 'server.log'),
    '-o',
    settings,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  if (options.owner) writeFileSync(join(dataDir, ownerFile), String(options.owner));
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dataDir, stop: () => stopCluster(dataDir) };
}

export function stopCluster(dataDir: string): void {
  const bin = findPostgresBinaries();
  try {
    if (bin && existsSync(join(dataDir, 'postmaster.pid'))) {
      asPostgresUser(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The login the service runs as in tests and CI: a member of livery_app and livery_auth, nothing else. */
export const SERVICE_LOGIN = 'livery_service';
const SERVICE_PASSWORD = 'livery-service-test-password';

/**
 * Creates (once per server) the service's least-privilege login — the two lines the README gives operators — and
 * returns `url` with that login's credentials. The NOLOGIN roles it joins are made by migrations/bootstrap.sql, so
 * this runs after a first migration. Idempotent, and safe when several processes do it at once.
 */
export async function ensureServiceLogin(adminUrl: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${SERVICE_LOGIN}') THEN
        BEGIN
          CREATE ROLE ${SERVICE_LOGIN} LOGIN PASSWORD '${SERVICE_PASSWORD}'
            NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
      END IF;
    END $$`);
    await admin.unsafe(`GRANT livery_app, livery_auth TO ${SERVICE_LOGIN}`);
  } finally {
    await admin.end();
  }
  return serviceUrl(adminUrl);
}

/** `url` (any database of the server) with the service login's credentials. */
export function serviceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = SERVICE_LOGIN;
  parsed.password = SERVICE_PASSWORD;
  return parsed.toString();
}

function idOf(flag: '-u' | '-g', user: string): number {
  return Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
}
const uidOf = (user: string) => idOf('-u', user);
const gidOf = (user: string) => idOf('-g', user);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    const cluster = await startCluster();
    process.stdout.write(`${cluster.url}\ndir ${cluster.dataDir}\n`);
  } else if (command === 'stop' && dir) {
    stopCluster(dir);
  } else if (command === 'service-login' && dir) {
    process.stdout.write(`${await ensureServiceLogin(dir)}\n`);
  } else {
    process.stderr.write('usage: pg-cluster.ts start | stop <data dir> | service-login <superuser URL>\n');
    process.exitCode = 2;
  }
}
