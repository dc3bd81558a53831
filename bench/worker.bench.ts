// The Worker's warm serving cost in workerd, side by side in one run (npx node bench/worker.bench.ts):
// - src/worker.ts under `wrangler dev --env dev --local` (offline) on the demo, its Hyperdrive binding's local
//   connection string pointing at a real PostgreSQL as the service login livery_service (when PostgreSQL is
//   installed; BENCH_DATABASE=pglite forces the fallback), or else at an in-memory PGlite served on a PostgreSQL wire
//   socket as `npm run dev:worker` does;
// - against a memory-only Worker (bench/support/memory-worker.ts) answering the same bytes and headers, run by the
//   same `wrangler dev`, so both go through the same wrangler proxy and workerd;
// - warm GET /theme.css on a demo T2 host, then the same with If-None-Match → 304: autocannon loads both Workers at
//   the same moment, BENCH_ROUNDS rounds (default 5) of BENCH_DURATION seconds (default 10); the figure is the
//   throughput ratio (median round) with both sides' p99, and each side's p50/p99/req/s as context. No bar: reported.
// The absolute numbers are wrangler dev's, not Cloudflare's: its proxy Worker and request logging put milliseconds on
// every request, and a console.log line costs far more there than in production — hence a ratio against a Worker
// that takes the same path. The Worker is bundled once (as `wrangler deploy` would), so edits to src/ during a run do
// not reload it. The wrangler processes (and their workerd children) run in their own process groups, killed at the
// end, on an error and on Ctrl-C.
import { execFile, fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { experimental_readRawConfig } from 'wrangler';
import { openDatabase } from '../src/db/database.ts';
import { defaultHosts } from '../src/db/migrate.ts';
import { seedDemo } from '../src/ops/seed-demo.ts';
import { demo } from '../src/tokens.ts';
import { httpRequest, type HttpResponse } from '../test/support/http.ts';
import { ensureServiceLogin, findPostgresBinaries, freePort, startCluster } from '../test/support/pg-cluster.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
// Side-by-side rounds per figure (see sideBySide).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Per Worker. wrangler dev's path saturates well below 50 connections on two cores; at 50 the latencies are mostly
// queueing (seconds, near autocannon's 10 s timeout).
const CONNECTIONS = 10;
const HOSTS = defaultHosts;
const T2_HOST = 'shop.acme.livery.localhost';
const root = fileURLToPath(new URL('..', import.meta.url));
const wranglerBin = resolve(
  dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
  'bin/wrangler.js',
);

let failed = false;
function line(figure: string, value: string, bar: string, pass: boolean): void {
  if (!pass) failed = true;
  process.stdout.write(`${figure}: ${value} (bar: ${bar}) ${pass ? 'PASS' : 'FAIL'}\n`);
}

// With two or more cores and taskset, the load generator (this process) runs on core 0 and the Workers (wrangler and
// workerd) on core 1, so they do not steal each other's time and both Workers are measured under the same conditions.
const PIN =
  availableParallelism() >= 2 &&
  spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }).status === 0;

const work = await mkdtemp(join(tmpdir(), 'livery-worker-bench-'));
// What the run started, stopped newest first at the end, on an error and on Ctrl-C.
const cleanups: (() => unknown)[] = [];
async function cleanUp(): Promise<void> {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`worker.bench: cleanup: ${(error as Error).message}\n`);
    }
  }
}
// Last: the work directory; wrangler's output stays for a look when something failed.
cleanups.push(() =>
  failed
    ? process.stderr.write(`worker.bench: wrangler logs kept in ${work}\n`)
    : rm(work, { recursive: true, force: true }),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}
// Whatever happens, no wrangler or workerd outlives the bench.
const wranglers = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of wranglers) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

// --- the database -----------------------------------------------------------------------------------------
interface BenchDatabase {
  /** The Hyperdrive binding's local connection string. */
  connectionString: string;
  label: string;
}

async function startDatabase(): Promise<BenchDatabase> {
  if (findPostgresBinaries() && process.env.BENCH_DATABASE !== 'pglite') {
    const cluster = await startCluster({ owner: process.pid });
    cleanups.push(() => cluster.stop());
    const db = await openDatabase({ url: cluster.url, poolSize: 1, migrate: true, hosts: HOSTS });
    try {
      await db.asSystem((tx) => seedDemo(tx, demo, HOSTS));
    } finally {
      await db.close();
    }
    // The Worker logs in as the service's least-privilege login, as in production.
    const connectionString = await ensureServiceLogin(cluster.url);
    return { connectionString, label: `postgres as ${new URL(connectionString).username}` };
  }
  const path = fileURLToPath(new URL('./support/pglite-socket.ts', import.meta.url));
  const child = PIN
    ? spawn('taskset', ['-c', '1', process.execPath, ...process.execArgv, path], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
    : fork(path, { stdio: 'inherit' });
  cleanups.push(() => child.connected && child.disconnect());
  const connectionString = await new Promise<string>((resolveReady, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`pglite-socket.ts exited with ${code}`)));
    child.once('message', (m: { ready: string }) => resolveReady(m.ready));
  });
  return { connectionString, label: 'pglite socket' };
}

// --- the Workers under wrangler dev ---------------------------------------------------------------------------
interface RunningWorker {
  name: string;
  url: string;
  log: string;
}

/** `wrangler dev` on free ports, its own state directory and process group; resolves once `ready(url)` is true. */
async function startWrangler(
  name: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; ready: (url: string) => Promise<boolean> },
): Promise<RunningWorker> {
  const port = await freePort();
  const log = join(work, `${name}.log`);
  const output = openSync(log, 'w');
  const wranglerArgs = [
    wranglerBin,
    'dev',
    ...args,
    '--local',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(await freePort()),
    '--persist-to',
    join(work, `${name}-state`),
    '--show-interactive-dev-session=false',
  ];
  const [command, commandArgs] = PIN
    ? ['taskset', ['-c', '1', process.execPath, ...wranglerArgs]]
    : [process.execPath, wranglerArgs];
  const child = spawn(command, commandArgs, {
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', output, output],
    env: {
      ...process.env,
      // Offline: no usage metrics, no download of the `request.cf` sample (miniflare has a built-in one).
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_LOG_PATH: work,
      ...options.env,
    },
  });
  wranglers.add(child);
  cleanups.push(() => stopWrangler(child));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`wrangler dev (${name}) exited (${signal ?? code})`))),
  );
  exited.catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  try {
    while (!(await Promise.race([options.ready(url).catch(() => false), exited]))) {
      if (Date.now() > deadline) throw new Error(`wrangler dev (${name}) did not answer ${url} within 120 s`);
      await Promise.race([new Promise((r) => setTimeout(r, 500)), exited]);
    }
  } catch (error) {
    const tail = (await readFile(log, 'utf8')).split('\n').slice(-30).join('\n');
    throw new Error(`${(error as Error).message}\n--- ${log} (tail) ---\n${tail}`);
  }
  return { name, url, log };
}

/**
 * src/worker.ts bundled once, as `wrangler deploy` would upload it: `wrangler dev` reloads the Worker whenever a file
 * it bundled changes, and a run must measure one version of the code from start to end.
 */
async function bundleLivery(): Promise<string> {
  const outdir = join(work, 'livery-bundle');
  await promisify(execFile)(
    process.execPath,
    [wranglerBin, 'deploy', '--dry-run', '--env', 'dev', '--outdir', outdir],
    {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: work },
    },
  );
  return join(outdir, 'worker.js');
}

async function stopWrangler(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // workerd may outlive wrangler's node process by a moment; the group goes with it.
  killGroup(child, 'SIGKILL');
  wranglers.delete(child);
}

function get(url: string, host: string, headers: Record<string, string> = {}) {
  return httpRequest(url, { host, path: '/theme.css', headers });
}

// Set by the HTTP layer per connection or per response, not part of what Livery chose to send.
const transportHeaders = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);
function replayable(response: HttpResponse): Record<string, string> {
  return Object.fromEntries(
    Object.entries(response.headers)
      .filter(([name, value]) => !transportHeaders.has(name) && value !== undefined)
      .map(([name, value]) => [name, String(value)] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

// --- load -------------------------------------------------------------------------------------------------
async function load(url: string, headers: Record<string, string>, duration = DURATION) {
  const result = await autocannon({ url: `${url}/theme.css`, connections: CONNECTIONS, duration, headers });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    notModified: result['3xx'],
    total: result.requests.total,
    errors: result.errors + result.timeouts,
  };
}
type Load = Awaited<ReturnType<typeof load>>;

/**
 * Both Workers under load at the same moment, ROUNDS times: whatever else the machine does slows both alike, so each
 * round's ratio is the Workers' relative cost. The reported round is the lower median of the ratios.
 */
async function sideBySide(livery: RunningWorker, memory: RunningWorker, headers: Record<string, string>) {
  const rounds: { livery: Load; memory: Load }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [l, m] = await Promise.all([load(livery.url, headers), load(memory.url, headers)]);
    rounds.push({ livery: l, memory: m });
  }
  const ratios = rounds.map((r) => r.livery.rps / r.memory.rps);
  rounds.sort((a, b) => a.livery.rps / a.memory.rps - b.livery.rps / b.memory.rps);
  return { ...rounds[Math.floor((rounds.length - 1) / 2)]!, ratios };
}

function report(
  figure: string,
  round: { livery: Load; memory: Load; ratios: number[] },
  expected: 'ok' | 'notModified',
  tag: string,
) {
  const { livery: l, memory: m } = round;
  // Every response of both sides has the expected status, or the ratio compares different work.
  const clean = [l, m].every((side) => side.errors === 0 && side.total > 0 && side[expected] === side.total);
  line(
    `${figure} vs memory Worker [${tag}]`,
    `${(l.rps / m.rps).toFixed(2)}× throughput, p99 ${l.p99} ms vs ${m.p99} ms (side by side, median of ${ROUNDS} rounds, ${CONNECTIONS} connections, ${DURATION} s each)`,
    'report',
    clean,
  );
  for (const [side, s] of [
    ['Livery Worker', l],
    ['memory Worker', m],
  ] as const) {
    const unexpected = s.total - s[expected];
    process.stdout.write(
      `  ${side}: ${Math.round(s.rps)} req/s, p50 ${s.p50} ms, p99 ${s.p99} ms` +
        `${unexpected || s.errors ? ` (${unexpected} unexpected statuses, ${s.errors} errors)` : ''}\n`,
    );
  }
  process.stdout.write(`  throughput ratio per round, in order: ${round.ratios.map((r) => r.toFixed(2)).join(' ')}\n`);
}

// --- the run ----------------------------------------------------------------------------------------------
try {
  const [database, bundle] = await Promise.all([startDatabase(), bundleLivery()]);
  const t2 = { host: T2_HOST };
  const livery = await startWrangler(
    'livery',
    [
      bundle,
      '--no-bundle',
      '--config',
      join(root, 'wrangler.jsonc'),
      '--env',
      'dev',
      '--var',
      `LIVERY_PLATFORM_HOST:${HOSTS.platformHost}`,
      '--var',
      `LIVERY_PARTNER_ROOT:${HOSTS.partnerRoot}`,
    ],
    {
      cwd: root,
      env: { CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: database.connectionString },
      ready: async (url) => (await fetch(`${url}/healthz`)).status === 200,
    },
  );

  // What Livery serves the T2 host, and proof that wrangler passed that Host through: the platform host's theme
  // has another ETag, and the T2 ETag revalidates to a 304.
  const full = await get(livery.url, T2_HOST);
  const etag = full.header('etag');
  if (full.status !== 200 || !etag) throw new Error(`Livery Worker: GET /theme.css for ${T2_HOST} → ${full.status}`);
  const platform = await get(livery.url, HOSTS.platformHost);
  if (platform.status !== 200 || platform.header('etag') === etag) {
    throw new Error(`Livery Worker: ${T2_HOST} and ${HOSTS.platformHost} got the same theme: the Host was not passed`);
  }
  const revalidated = await get(livery.url, T2_HOST, { 'if-none-match': etag });
  if (revalidated.status !== 304) throw new Error(`Livery Worker: If-None-Match → ${revalidated.status}, not 304`);

  // The memory Worker: its own wrangler config (same compatibility date and flags as Livery's), the theme in vars.
  const { rawConfig } = experimental_readRawConfig({ config: join(root, 'wrangler.jsonc') });
  const memoryDir = join(work, 'memory-worker');
  await mkdir(memoryDir);
  await writeFile(
    join(memoryDir, 'wrangler.json'),
    JSON.stringify({
      name: 'livery-bench-memory',
      main: fileURLToPath(new URL('./support/memory-worker.ts', import.meta.url)),
      compatibility_date: rawConfig.compatibility_date,
      compatibility_flags: rawConfig.compatibility_flags,
      vars: {
        THEME_BODY: full.text,
        THEME_ETAG: etag,
        THEME_HEADERS: replayable(full),
        NOT_MODIFIED_HEADERS: replayable(revalidated),
      },
    }),
  );
  const memory = await startWrangler('memory', ['--config', join(memoryDir, 'wrangler.json')], {
    cwd: memoryDir,
    ready: async (url) => (await fetch(`${url}/theme.css`)).status === 200,
  });

  const mirrored = await get(memory.url, T2_HOST);
  const [liveryBytes, memoryBytes] = [Buffer.from(full.text), Buffer.from(mirrored.text)];
  const sameBytes = mirrored.status === 200 && liveryBytes.equals(memoryBytes);
  const sameHeaders = JSON.stringify(replayable(mirrored)) === JSON.stringify(replayable(full));
  line(
    `theme.css for ${T2_HOST}, Livery Worker vs memory Worker`,
    `${sameBytes ? 'equal' : 'DIFFERENT'} bytes (${liveryBytes.length} vs ${memoryBytes.length}), ` +
      `${sameHeaders ? 'same' : 'DIFFERENT'} headers, ETag ${etag}; database: ${database.label}`,
    'equal',
    sameBytes && sameHeaders,
  );

  const tag = `${database.label}, wrangler dev`;
  // Warm both: the Livery Worker's isolate, its caches and the database's connections.
  await Promise.all([load(livery.url, t2, 5), load(memory.url, t2, 5)]);
  report('warm Worker theme.css', await sideBySide(livery, memory, t2), 'ok', tag);
  report(
    'warm Worker theme.css If-None-Match (304)',
    await sideBySide(livery, memory, { ...t2, 'if-none-match': etag }),
    'notModified',
    tag,
  );
} catch (error) {
  failed = true;
  process.stderr.write(`worker.bench: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await cleanUp();
}
process.exitCode = failed ? 1 : 0;
