// What every request handler can reach: the services (built once by an entry point, or per request in the
// Worker where the database client is per request) and what earlier middleware established.
import type { Context } from 'hono';
import type { Principal } from '../auth/principal.ts';
import type { SessionAuthenticator } from '../auth/session-authenticator.ts';
import type { Config } from '../config.ts';
import type { Database, ResolvedHost } from '../db/core.ts';
import type { DomainVerifier } from '../tenancy/verify.ts';
import type { Platform } from '../themes/platform.ts';
import type { Directory } from '../themes/directory.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RequestLogger } from './request-logger.ts';

export type { Principal } from '../auth/principal.ts';

export interface Services {
  db: Database;
  config: Config;
  platform: Platform;
  /** Host → tenant → current theme, through memory, the data center's store and the database (src/themes/directory.ts). */
  directory: Directory;
  verifier: DomainVerifier;
  limiter: RateLimiter;
  now: () => Date;
  /** Hook for work that may finish after the response (Worker: ctx.waitUntil). */
  defer: (work: Promise<unknown>) => void;
  /**
   * The client's address, for rate limits and (hashed) logs (Worker: CF-Connecting-IP; Node: the trusted proxy's
   * header when configured, else the socket's peer; src/http/client-address.ts). 'unknown' when there is none.
   */
  clientAddress: (c: AppContext) => string;
  /** Where the one line per request goes (src/http/request-log.ts). */
  logger: RequestLogger;
  /** Told after a write committed a tenant's new layer (the composition root points it at the directory). */
  published: (tenantId: string) => Promise<void>;
  /** Cookie sessions (the auth module); without it only API keys authenticate. */
  sessions?: SessionAuthenticator;
}

/** The tenant a request is for, resolved from its Host header. */
export interface RequestTenant extends ResolvedHost {
  host: string;
}

export interface AppEnv {
  Variables: {
    services: Services;
    tenant: RequestTenant;
    principal: Principal | undefined;
    /** Set first thing for every request (src/http/request-log.ts); also in every error body. */
    requestId: string;
  };
}

export type AppContext = Context<AppEnv>;
