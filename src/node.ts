// Node entry point (`npm start`, `livery dev`): the embedded database (or DATABASE_URL), the demo seeded on first
// start, in-memory caches, and the same Hono app the Worker runs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { platformTenant } from './db/queries/tenants.ts';
import { seedDemo, type SeedResult } from './cli/commands/seed-demo.ts';
import { createApp } from './http/app.ts';
import { themeFastPath } from './http/node-fast-path.ts';
import type { Services } from './http/context.ts';
import { RateLimiter, type RateLimit } from './http/rate-limit.ts';
import { CookieSessions } from './auth/session-authenticator.ts';
import { hostForRequestUrl } from './tenancy/host.ts';
import { HostResolver } from './tenancy/resolve.ts';
import { LocalVerifier, type DomainVerifier } from './tenancy/verify.ts';
import type { Platform } from './themes/platform.ts';
import { loadNodePlatform } from './themes/platform-node.ts';
import { ThemeService } from './themes/service.ts';
import type { DemoManifest } from './tokens-data.ts';

export interface NodeServerOptions {
  env?: Record<string, string | undefined>;
  /** An already-open database (tests); otherwise DATABASE_URL or the embedded one. */
  db?: Database;
  port?: number;
  hostname?: string;
  seed?: boolean;
  verifier?: DomainVerifier;
  /** Reuse of chain versions without asking the database (ms); see ThemeService. */
  versionTtlMs?: number;
  /** [issue 5] Per-client limit on /auth/* (default 30 a minute); tests that sign in many times raise it. */
  authRateLimit?: RateLimit;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  seeded: SeedResult | null;
  /** The demo the database holds (for the welcome text). */
  seededDemo: DemoManifest;
  server: Server;
  close(): Promise<void>;
}

export function createNodeServices(
  db: Database, config: Config, platform: Platform, options: { verifier?: DomainVerifier; versionTtlMs?: number; authRateLimit?: RateLimit } = {},
): Services {
  return {
    db,
    config,
    platform,
    hosts: new HostResolver({ platformHost: config.platformHost, partnerRoot: config.partnerRoot, ttl: config.hostCacheTtl }),
    themes: new ThemeService({ db, platform, versionTtlMs: options.versionTtlMs ?? 2000 }),
    verifier: options.verifier ?? new LocalVerifier({ trustReservedNames: true }),
    limiter: new RateLimiter(),
    now: () => new Date(),
    defer: (work) => void work.catch((error: unknown) => console.error('deferred work failed', error)),
    clientAddress: (c) => (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown',
    // [issue 5] cookie sessions: /auth routes and sessions as API principals
    sessions: new CookieSessions(options.authRateLimit ? { rateLimit: options.authRateLimit } : {}),
  };
}

export async function startNodeServer(options: NodeServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const config = loadConfig(env);
  const platform = await loadNodePlatform(config.tokensDir);
  const db = options.db ?? (await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL, migrate: true } : {}));

  let seeded: SeedResult | null = null;
  if (options.seed ?? true) {
    const hasPlatform = await db.asSystem((tx) => platformTenant(tx));
    if (!hasPlatform) seeded = await db.asSystem(async (tx) => seedDemo(tx, await demoFor(config), config));
  }

  const services = createNodeServices(db, config, platform, options);
  const app = createApp(() => services);
  const listener = getRequestListener(app.fetch);
  // The adapter builds the request URL from Host and refuses (400, no body) one it cannot parse, e.g. a Unicode
  // name: give it a parseable one, so the app answers every host itself (its tenant, or 404 unknown_host).
  const fast = themeFastPath(services);
  const server = createServer((incoming, outgoing) => {
    if (fast(incoming, outgoing)) return;
    incoming.headers.host = hostForRequestUrl(incoming.headers.host);
    return listener(incoming, outgoing);
  });
  const port = options.port ?? Number(env.PORT ?? 8787);
  const hostname = options.hostname ?? env.HOST ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${hostname}:${actualPort}`;
  return {
    url,
    port: actualPort,
    services,
    seeded,
    seededDemo: await demoFor(config),
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      if (!options.db) await db.close();
    },
  };
}

/**
 * The demo to seed: the tokens directory's own (`demo/`), the bundled one, or — for an operator's directory without
 * a demo — the platform tenant alone (the bundled demo's layers are written for the bundled base).
 */
async function demoFor(config: Config): Promise<DemoManifest> {
  if (config.tokensDir) {
    const { readTokensDir } = await import('./tokens-dir.ts');
    return readTokensDir(config.tokensDir).demo ?? { platform: { slug: 'livery', name: 'Livery' }, partners: [] };
  }
  return (await import('./tokens.ts')).demo;
}

export function printWelcome(running: RunningServer, log: (line: string) => void): void {
  const { config } = running.services;
  const demo = running.seededDemo;
  log(`Livery is listening on ${running.url} (database: ${running.services.db.kind})`);
  log('');
  log('Demo hosts (send them as the Host header):');
  log(`  platform  ${config.platformHost}`);
  for (const partner of demo.partners) {
    log(`  partner   ${partner.slug}.${config.partnerRoot}`);
    for (const customer of partner.customers) log(`  customer  ${customer.slug}.${partner.slug}.${config.partnerRoot}`);
  }
  log('');
  const [partner] = demo.partners;
  const customer = partner?.customers[0];
  const host = partner && customer ? `${customer.slug}.${partner.slug}.${config.partnerRoot}` : config.platformHost;
  log(`Try:  curl -H 'Host: ${host}' ${running.url}/theme.css`);
  log(`      open http://${host}:${running.port}/preview   (*.localhost resolves to this machine in browsers)`);
  if (running.seeded && Object.keys(running.seeded.keys).length > 0) {
    log('');
    log('Admin API keys (shown once; `npm run livery -- seed-demo --rotate-keys` prints new ones):');
    for (const [slug, key] of Object.entries(running.seeded.keys)) log(`  ${slug.padEnd(14)} ${key}`);
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const running = await startNodeServer();
  printWelcome(running, (line) => console.log(line));
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
