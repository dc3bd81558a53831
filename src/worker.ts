// Cloudflare Worker entry point: one Worker for every tenant. Postgres through the Hyperdrive binding (a postgres.js
// client per request, as Hyperdrive expects; it connects only when a request reaches the database), per-isolate memory
// for hosts and compiled themes, and the data center's Cache API behind it (src/themes/directory.ts): a warm theme
// request asks neither the database nor the cache.
import postgres from 'postgres';
import { getConnInfo } from 'hono/cloudflare-workers';
import { loadConfig, type Config } from './config.ts';
import { serviceDatabase } from './db/core.ts';
import { lazyDatabase } from './db/lazy.ts';
import { wrapPostgres } from './db/postgres.ts';
import { createApp } from './http/app.ts';
import { normaliseAddress } from './http/client-address.ts';
import type { Services } from './http/context.ts';
import { collectGarbage } from './ops/gc.ts';
import { createMemory, createServices, type Memory } from './services.ts';
import { DnsTxtVerifier } from './tenancy/verify.ts';
import { CacheApiEdgeStore } from './themes/edge-store.ts';
import { loadPlatform } from './themes/platform.ts';

// The few Workers runtime types used here (kept local rather than pulling @cloudflare/workers-types into a
// tsconfig shared with Node's DOM types).
type ExecutionContext = import('hono').ExecutionContext;
declare const caches: CacheStorage & { default: Cache };

export interface Env {
  HYPERDRIVE: { connectionString: string };
  [name: string]: unknown;
}

/** What one isolate keeps across requests: its configuration, caches and counters, and the DNS verifier. */
interface IsolateState {
  config: Config;
  memory: Memory;
  verifier: DnsTxtVerifier;
}

let isolate: IsolateState | undefined;

function isolateState(env: Env): IsolateState {
  if (!isolate) {
    const vars = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
    const config = loadConfig(vars);
    isolate = {
      config,
      // An isolate has 128 MB: a thousand hosts and 16 MB of compiled themes, the rest stays in caches.default.
      memory: createMemory(config, {
        platform: loadPlatform(),
        store: new CacheApiEdgeStore(caches.default),
        maxHosts: 1000,
        maxThemeBytes: 16 * 1024 * 1024,
      }),
      verifier: new DnsTxtVerifier(),
    };
  }
  return isolate;
}

const app = createApp((c) => (c.env as { services: Services }).services);

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const state = isolateState(env);
    // A client per request: Hyperdrive pools the real connections. fetch_types off saves a round trip; so does
    // prepare off: a client that lives for one request never reuses a prepared statement, and a named one costs a
    // describe round trip before each first execution (a cold lookup is then one round trip, not two).
    const db = lazyDatabase('postgres', () =>
      wrapPostgres(
        postgres(env.HYPERDRIVE.connectionString, { max: 5, fetch_types: false, prepare: false, onnotice: () => {} }),
      ),
    );
    // Deferred work (a background refresh, an artifact store) may use this request's client: it is closed only once
    // all of it has settled, including work that deferred more work.
    const pending: Promise<unknown>[] = [];
    const defer = (work: Promise<unknown>) => {
      const settled = work.catch((error: unknown) => console.error('deferred work failed', error));
      pending.push(settled);
      ctx.waitUntil(settled);
    };
    const services = createServices(state.config, db, {
      memory: state.memory,
      platform: loadPlatform(),
      verifier: state.verifier,
      defer,
      // Cloudflare's CF-Connecting-IP, through Hono's connection info for Workers.
      clientAddress: (c) => normaliseAddress(getConnInfo(c).remote.address) ?? 'unknown',
      writeLog: (line) => console.log(line),
    });
    try {
      return await app.fetch(withHostHeader(request), { ...env, services }, ctx);
    } finally {
      ctx.waitUntil(closeWhenSettled(pending, db));
    }
  },

  /**
   * The daily cron trigger (wrangler.jsonc `triggers.crons`): ended sessions, finished OAuth flows, abandoned
   * anonymous users and expired domain claims are deleted in bounded batches (src/ops/gc.ts), with the service's own
   * rights (no owner work); the counts are logged as one JSON line.
   */
  async scheduled(controller: { scheduledTime: number; cron: string }, env: Env, ctx: ExecutionContext): Promise<void> {
    const db = serviceDatabase(
      wrapPostgres(postgres(env.HYPERDRIVE.connectionString, { max: 1, fetch_types: false, onnotice: () => {} })),
    );
    try {
      const started = Date.now();
      const result = await collectGarbage(db, new Date(controller.scheduledTime));
      console.log(
        JSON.stringify({
          time: new Date().toISOString(),
          msg: 'gc',
          cron: controller.cron,
          ...result,
          durationMs: Date.now() - started,
        }),
      );
    } finally {
      ctx.waitUntil(db.close());
    }
  },
};

async function closeWhenSettled(pending: Promise<unknown>[], db: { close(): Promise<void> }): Promise<void> {
  while (pending.length > 0) await Promise.all(pending.splice(0));
  await db.close();
}

/**
 * Cloudflare builds `request.url` from the Host header, so they agree on requests from the internet; a request through
 * a service binding (or `exports.default.fetch` in tests) carries no Host header, and then its URL names the tenant.
 */
function withHostHeader(request: Request): Request {
  if (request.headers.has('host')) return request;
  const headers = new Headers(request.headers);
  headers.set('host', new URL(request.url).host);
  return new Request(request, { headers });
}
