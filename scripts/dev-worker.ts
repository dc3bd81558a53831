// npm run dev:worker — the Worker (src/worker.ts) in workerd through `wrangler dev`, on a database this script starts
// itself: an embedded PGlite, migrated and seeded with the demo, served on a local PostgreSQL wire socket
// (@electric-sql/pglite-socket) that is the Hyperdrive binding's local connection string. The Worker reaches it exactly
// as in production: postgres.js over a socket from the Hyperdrive binding. No system PostgreSQL, no Cloudflare login.
//
//   npm run dev:worker [-- --port 8788] [--data-dir .livery/worker-pgdata]
//
// The data directory is this script's own (PGlite is one process's database: `npm start` keeps .livery/pgdata).
// Ctrl-C stops wrangler, then the socket server, then the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { seedDemo, type SeedResult } from '../src/ops/seed-demo.ts';
import { wrapPglite, type Database } from '../src/db/database.ts';
import { defaultHosts, migrate } from '../src/db/migrate.ts';
import { lockDataDir } from '../src/db/pglite.ts';
import { platformTenant } from '../src/db/queries/tenants.ts';
import { demo } from '../src/tokens.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage =
  'usage: npm run dev:worker [-- --port <port>] [--data-dir <dir>]   (defaults: 8788, .livery/worker-pgdata)';
// The demo's hosts: the ones migrate stores and the Worker is given (`--var`, the same as wrangler.jsonc's env.dev).
const hosts = defaultHosts;
// How many connections the socket server accepts at once. Each Worker request opens its own postgres.js client
// (up to 5 connections, src/worker.ts), and pglite-socket refuses connections beyond its limit (default 1).
const maxConnections = 100;

interface Options {
  port: number;
  dataDir: string;
}

function parseOptions(argv: string[]): Options | { exit: number } {
  let values: { port?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`dev-worker: ${(error as Error).message}\n${usage}\n`);
    return { exit: 2 };
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return { exit: 0 };
  }
  const port = Number(values.port ?? 8788);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`dev-worker: --port must be a port number (1-65535), got "${values.port}"\n${usage}\n`);
    return { exit: 2 };
  }
  return { port, dataDir: values['data-dir'] ?? '.livery/worker-pgdata' };
}

/** The embedded database, migrated, with the demo seeded on first use; locked against a second process. */
async function openDevDatabase(dataDir: string): Promise<{ client: PGlite; db: Database; seeded: SeedResult | null }> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dirname(resolve(dataDir)), { recursive: true });
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir });
  } catch (error) {
    release();
    throw error;
  }
  const db = wrapPglite(client, release);
  try {
    await migrate(db, { hosts });
    const hasPlatform = await db.asSystem((tx) => platformTenant(tx));
    const seeded = hasPlatform ? null : await db.asSystem((tx) => seedDemo(tx, demo, hosts));
    return { client, db, seeded };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

function startWrangler(port: number, connectionString: string, dataDir: string): ChildProcess {
  // The package's own bin (its exports map hides it): resolved from package.json, run on this Node.
  const wrangler = resolve(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin/wrangler.js');
  return spawn(
    process.execPath,
    [
      wrangler,
      'dev',
      '--env',
      'dev',
      '--local',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      // The Worker's caches.default (host records, heads, themes) lives beside the database it describes: a cache
      // kept from another database would name that database's tenant ids.
      '--persist-to',
      `${resolve(dataDir)}-wrangler`,
      '--var',
      `LIVERY_PLATFORM_HOST:${hosts.platformHost}`,
      '--var',
      `LIVERY_PARTNER_ROOT:${hosts.partnerRoot}`,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        // Offline: no usage metrics, no download of the `request.cf` sample (miniflare has a built-in one).
        WRANGLER_SEND_METRICS: 'false',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        // wrangler reads the binding's local connection string from CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<binding>.
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: connectionString,
      },
    },
  );
}

/** Resolves once the Worker answers /healthz with 200 (it reached the database); rejects if wrangler exits first. */
async function waitUntilReady(url: string, wrangler: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const exited = new Promise<never>((_, reject) =>
    wrangler.once('exit', (code, signal) =>
      reject(new Error(`wrangler dev exited (${signal ?? `code ${code}`}) before the Worker answered`)),
    ),
  );
  exited.catch(() => {});
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answered = await Promise.race([
      fetch(`${url}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      ),
      exited,
    ]);
    if (answered) return;
    await Promise.race([new Promise((r) => setTimeout(r, 500)), exited]);
  }
  throw new Error(`the Worker did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

function printWelcome(
  url: string,
  port: number,
  seeded: SeedResult | null,
  dataDir: string,
  databaseUrl: string,
): void {
  const log = (line = '') => process.stdout.write(`${line}\n`);
  const customer = demo.partners[0]?.customers[0]
    ? `${demo.partners[0].customers[0].slug}.${demo.partners[0].slug}.${hosts.partnerRoot}`
    : hosts.platformHost;
  const partner = demo.partners[0] ? `${demo.partners[0].slug}.${hosts.partnerRoot}` : hosts.platformHost;
  log();
  log(`Livery Worker (workerd, wrangler dev) is ready on ${url}`);
  log(`Database: PGlite in ${dataDir}, served at ${databaseUrl} (the Hyperdrive binding's local connection string;`);
  log('          psql or `npm run livery -- <command> --database-url <it>` reach it while this runs)');
  log();
  log('Demo hosts (send them as the Host header):');
  log(`  platform  ${hosts.platformHost}`);
  for (const p of demo.partners) {
    log(`  partner   ${p.slug}.${hosts.partnerRoot}`);
    for (const c of p.customers) log(`  customer  ${c.slug}.${p.slug}.${hosts.partnerRoot}`);
  }
  log();
  log(`Try:  curl -H 'Host: ${customer}' ${url}/theme.css`);
  log(`      curl -H 'Host: ${partner}' -H "Authorization: Bearer $KEY" ${url}/api/v1/tokens/overrides`);
  log(`      open http://${customer}:${port}/preview   (*.localhost resolves to this machine in browsers)`);
  log();
  if (seeded) {
    log(
      'Admin API keys (shown once; delete the data directory and its -wrangler sibling to start over with new ones):',
    );
    for (const [slug, key] of Object.entries(seeded.keys)) log(`  ${slug.padEnd(14)} ${key}`);
  } else {
    log('The demo was seeded on an earlier run, which printed its admin keys. Fresh ones:');
    log(`  npm run livery -- seed-demo --rotate-keys --database-url '${databaseUrl}'`);
    log(`(or stop, delete ${dataDir} and start again for a new database)`);
  }
  log();
  log('Ctrl-C stops the Worker and the database.');
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if ('exit' in options) return options.exit;

  let stopping = false;
  let wrangler: ChildProcess | undefined;
  const stopRequested = new Promise<void>((resolveStop) => {
    const stop = () => {
      stopping = true;
      // Ctrl-C in a terminal reaches wrangler too (same process group); a kill of this process alone must as well.
      if (wrangler && wrangler.exitCode === null && wrangler.signalCode === null) wrangler.kill('SIGINT');
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

  const { client, db, seeded } = await openDevDatabase(options.dataDir);
  const socket = new PGLiteSocketServer({ db: client, host: '127.0.0.1', port: 0, maxConnections });
  try {
    await socket.start();
    // PGlite has one login (a superuser) and no password check; miniflare insists on a password in the string.
    const connectionString = `postgres://postgres:postgres@${socket.getServerConn()}/postgres?sslmode=disable`;
    if (stopping) return 0;
    wrangler = startWrangler(options.port, connectionString, options.dataDir);
    const exited = new Promise<number>((resolveExit) => wrangler!.once('exit', (code) => resolveExit(code ?? 0)));
    const url = `http://127.0.0.1:${options.port}`;
    try {
      await Promise.race([waitUntilReady(url, wrangler), stopRequested]);
      if (!stopping) printWelcome(url, options.port, seeded, options.dataDir, connectionString);
    } catch (error) {
      process.stderr.write(`dev-worker: ${(error as Error).message}\n`);
      if (wrangler.exitCode === null && wrangler.signalCode === null) wrangler.kill('SIGINT');
      await exited;
      return 1;
    }
    const code = await exited;
    return stopping ? 0 : code;
  } finally {
    await socket.stop();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dev-worker: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
