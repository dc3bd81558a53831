// The Node server (`npm start`, `livery dev`): the embedded database (or DATABASE_URL), the demo seeded on first
// start, in-memory caches, the services from the composition root (./services.ts), the same Hono app the Worker
// runs, and the warm /theme.css path in front of it (./http/node-fast-path.ts).
import { writeSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { loadConfig, type Config, type RateLimits } from './config.ts';
import { serviceDatabase, type Database } from './db/database.ts';
import { checkHostSettings, openNodeDatabases } from './db/node-databases.ts';
import { platformTenant } from './db/queries/tenants.ts';
import { createApp } from './http/app.ts';
import { addressFromHeader, clientAddressOf } from './http/client-address.ts';
import type { AppContext, Services } from './http/context.ts';
import { themeFastPath } from './http/node-fast-path.ts';
import { seedDemo, type SeedResult } from './ops/seed-demo.ts';
import { createMemory, createServices, deferInProcess } from './services.ts';
import { explicitHostSettings, hostForRequestUrl } from './tenancy/host.ts';
import { LocalVerifier, type DomainVerifier } from './tenancy/verify.ts';
import { loadNodePlatform } from './themes/platform-node.ts';
import type { DemoManifest } from './tokens-data.ts';

export interface NodeServerOptions {
  env?: Record<string, string | undefined>;
  /** An already-open database (tests); otherwise DATABASE_URL or the embedded one. */
  db?: Database;
  port?: number;
  hostname?: string;
  seed?: boolean;
  verifier?: DomainVerifier;
  /** The edge's freshness window in ms (default: the theme's max-age); see src/themes/directory.ts. */
  freshnessMs?: number;
  /** [issue 10] Rate limits per route class, over the configuration's (LIVERY_RATE_LIMIT_*); null turns one off. */
  rateLimits?: Partial<RateLimits>;
  /** Where the one JSON line per request goes; default: stdout (batched per event-loop turn). */
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

/**
 * The client's address on Node: what the trusted proxy recorded in LIVERY_CLIENT_IP_HEADER (LIVERY_TRUSTED_PROXIES
 * from the right), else the socket's peer. IPv4-mapped IPv6 peers (`::ffff:1.2.3.4`) read as IPv4.
 */
export function nodeClientAddress(config: Pick<Config, 'clientIp'>): (incoming: IncomingMessage | undefined) => string {
  const { header } = config.clientIp;
  // A keep-alive connection carries many requests from one peer: its address is worked out once.
  const peers = new WeakMap<object, string>();
  return (incoming) => {
    if (!incoming) return 'unknown';
    const raw = header ? incoming.headers[header] : undefined;
    const fromProxy = header ? addressFromHeader(Array.isArray(raw) ? raw.join(',') : raw, config.clientIp) : null;
    if (fromProxy) return fromProxy;
    const socket = incoming.socket;
    if (!socket) return 'unknown';
    let peer = peers.get(socket);
    if (peer === undefined) {
      peer = clientAddressOf(config.clientIp, undefined, socket.remoteAddress);
      peers.set(socket, peer);
    }
    return peer;
  };
}

/** The client's address of a request the Hono app handles on Node: the same rule, the peer from Hono's getConnInfo. */
function appClientAddress(config: Pick<Config, 'clientIp'>): (c: AppContext) => string {
  const { header } = config.clientIp;
  return (c) => {
    const headerValue = header ? c.req.header(header) : undefined;
    const peer = (c.env as { incoming?: unknown } | undefined)?.incoming ? getConnInfo(c).remote.address : undefined;
    return clientAddressOf(config.clientIp, headerValue, peer);
  };
}

let stdoutWriter: ((line: string) => void) | undefined;

/**
 * Lines to stdout, written once per event-loop turn (one write for everything a busy turn logged, rather than a
 * synchronous write per request); what is still pending when the process exits is written then.
 */
export function stdoutLines(): (line: string) => void {
  if (stdoutWriter) return stdoutWriter;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const chunk = `${pending.join('\n')}\n`;
    pending = [];
    return chunk;
  };
  process.once('exit', () => {
    const chunk = flush();
    if (chunk) writeSync(1, chunk);
  });
  stdoutWriter = (line) => {
    if (pending.length === 0) {
      setImmediate(() => {
        const chunk = flush();
        if (chunk) process.stdout.write(chunk);
      });
    }
    pending.push(line);
  };
  return stdoutWriter;
}

export async function startNodeServer(options: NodeServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const loaded = loadConfig(env);
  const config: Config = options.rateLimits
    ? { ...loaded, rateLimits: { ...loaded.rateLimits, ...options.rateLimits } }
    : loaded;
  const platform = await loadNodePlatform(config.tokensDir);
  // [issue 10] The service runs on DATABASE_URL's login (least privilege); migrations, host settings and the demo seed
  // on the owner connection (src/db/node-databases.ts). A caller's `db` (tests) is both.
  const opened = options.db
    ? { service: options.db, owner: options.db, notices: [] }
    : await openNodeDatabases({
        databaseUrl: env.DATABASE_URL,
        migrationUrl: env.LIVERY_MIGRATION_URL,
        hosts: explicitHostSettings(env),
      });
  const db = opened.service;

  let seeded: SeedResult | null = null;
  try {
    const owner = opened.owner;
    if ((options.seed ?? true) && owner) {
      const hasPlatform = await owner.asSystem((tx) => platformTenant(tx));
      if (!hasPlatform) seeded = await owner.asSystem(async (tx) => seedDemo(tx, await demoFor(config), config));
    }
    await checkHostSettings(db, config);
  } catch (error) {
    if (!options.db) await db.close().catch(() => {});
    throw error;
  } finally {
    if (opened.owner && opened.owner !== db) await opened.owner.close();
  }
  for (const notice of opened.notices) console.warn(notice);

  // Request handling never gets owner rights, whichever login this is (serviceDatabase refuses asSystem).
  const services = createServices(config, serviceDatabase(db), {
    memory: createMemory(config, {
      platform,
      ...(options.freshnessMs !== undefined ? { freshnessMs: options.freshnessMs } : {}),
    }),
    platform,
    verifier: options.verifier ?? new LocalVerifier({ trustReservedNames: true }),
    defer: deferInProcess,
    clientAddress: appClientAddress(config),
    writeLog: options.log ?? stdoutLines(),
  });
  const app = createApp(() => services);
  const listener = getRequestListener(app.fetch);
  // The adapter builds the request URL from Host and refuses (400, no body) one it cannot parse, e.g. a Unicode
  // name: give it a parseable one, so the app answers every host itself (its tenant, or 404 unknown_host).
  const fast = themeFastPath(services, nodeClientAddress(config));
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
