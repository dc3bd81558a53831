// The composition root: the services every request handler reaches, built the same way for both entry points.
// An entry supplies only what differs by runtime (./node-server.ts, ./worker.ts): the database client, the memory
// that outlives a request (per process on Node, per isolate on the Worker), the shared theme cache, how work runs
// after the response, where log lines go and how the client's address is read.
import { SessionPrincipals } from './auth/session-authenticator.ts';
import type { Config } from './config.ts';
import type { Database } from './db/core.ts';
import type { AppContext, Services } from './http/context.ts';
import { RateLimiter } from './http/rate-limiter.ts';
import { AddressHasher } from './http/request-logger.ts';
import type { DomainVerifier } from './tenancy/verify.ts';
import { ThemeDirectory } from './themes/directory.ts';
import type { EdgeStore } from './themes/edge-store.ts';
import type { Platform } from './themes/platform.ts';

/** What outlives a request: caches and counters, bounded (one per Node process, one per Worker isolate). */
export interface Memory {
  directory: ThemeDirectory;
  limiter: RateLimiter;
  hasher: AddressHasher;
  sessions: SessionPrincipals;
}

export interface MemoryOptions {
  platform: Platform;
  /** The data center's shared store (the Worker's caches.default); none on Node. */
  store?: EdgeStore;
  /** The edge's freshness window; default the theme's max-age (tests shorten it). */
  freshnessMs?: number;
  maxHosts?: number;
  maxThemeBytes?: number;
}

export function createMemory(config: Config, options: MemoryOptions): Memory {
  return {
    directory: new ThemeDirectory({
      platform: options.platform,
      freshnessMs: options.freshnessMs ?? config.themeCache.maxAge * 1000,
      memoryTtlMs: config.edgeMemoryTtl * 1000,
      ...(options.store ? { store: options.store } : {}),
      ...(options.maxHosts ? { maxHosts: options.maxHosts } : {}),
      ...(options.maxThemeBytes ? { maxThemeBytes: options.maxThemeBytes } : {}),
    }),
    limiter: new RateLimiter(),
    hasher: new AddressHasher(config.logKey),
    sessions: new SessionPrincipals(),
  };
}

/** What an entry point supplies: what differs between Node and the Worker. */
export interface Runtime {
  memory: Memory;
  platform: Platform;
  verifier: DomainVerifier;
  /** Work that may finish after the response (Worker: ctx.waitUntil). */
  defer: (work: Promise<unknown>) => void;
  clientAddress: (c: AppContext) => string;
  writeLog: (line: string) => void;
  now?: () => Date;
}

export function createServices(config: Config, db: Database, runtime: Runtime): Services {
  const { memory, platform } = runtime;
  const directory = memory.directory.bind({ db, defer: runtime.defer });
  return {
    db,
    config,
    platform,
    directory,
    // Publishing stores its artifact itself; the directory only forgets what it knew of the writer's chain.
    published: (tenantId) => directory.tenantChanged(tenantId),
    verifier: runtime.verifier,
    limiter: memory.limiter,
    now: runtime.now ?? (() => new Date()),
    defer: runtime.defer,
    clientAddress: runtime.clientAddress,
    logger: { write: runtime.writeLog, hasher: memory.hasher },
    sessions: memory.sessions,
  };
}

/** Deferred work on Node and in tests: nothing waits for it, and a failure is logged, never thrown. */
export function deferInProcess(work: Promise<unknown>): void {
  void work.catch((error: unknown) => console.error('deferred work failed', error));
}
