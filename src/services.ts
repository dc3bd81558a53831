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
import { HostResolver } from './tenancy/resolve.ts';
import type { DomainVerifier } from './tenancy/verify.ts';
import type { Platform } from './themes/platform.ts';
import { createThemeMemory, ThemeService, type SharedThemeCache, type ThemeMemory } from './themes/service.ts';

/** What outlives a request: caches and counters, bounded (one per Node process, one per Worker isolate). */
export interface Memory {
  hosts: HostResolver;
  limiter: RateLimiter;
  themes: ThemeMemory;
  hasher: AddressHasher;
  sessions: SessionPrincipals;
}

export function createMemory(config: Config, themes: { maxTenants?: number; maxThemeBytes?: number } = {}): Memory {
  return {
    hosts: new HostResolver({ ttl: config.hostCacheTtl }),
    limiter: new RateLimiter(),
    themes: createThemeMemory(themes),
    hasher: new AddressHasher(config.logKey),
    sessions: new SessionPrincipals(),
  };
}

/** What an entry point supplies: what differs between Node and the Worker. */
export interface Runtime {
  memory: Memory;
  platform: Platform;
  verifier: DomainVerifier;
  /** How long a tenant's chain versions are reused without asking the database (0: ask on every request). */
  versionTtlMs: number;
  /** A cache of compiled themes shared beyond this process (the Workers Cache API). */
  shared?: SharedThemeCache;
  /** Work that may finish after the response (Worker: ctx.waitUntil). */
  defer: (work: Promise<unknown>) => void;
  clientAddress: (c: AppContext) => string;
  writeLog: (line: string) => void;
  now?: () => Date;
}

export function createServices(config: Config, db: Database, runtime: Runtime): Services {
  const { memory, platform } = runtime;
  const themes = new ThemeService({
    db,
    platform,
    versionTtlMs: runtime.versionTtlMs,
    memory: memory.themes,
    ...(runtime.shared ? { shared: runtime.shared } : {}),
  });
  return {
    db,
    config,
    platform,
    hosts: memory.hosts,
    themes,
    // Publishing stores its artifact itself; the read cache only forgets what it knew of the writer's chain.
    published: (tenantId) => themes.invalidate(tenantId),
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
