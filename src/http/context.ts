// What every request handler can reach: the services (built once by an entry point, or per request in the
// Worker where the database client is per request) and what earlier middleware established.
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import type { Database, ResolvedHost } from '../db/core.ts';
import type { Role, UserLevel } from '../db/schema.ts';
import type { DomainVerifier } from '../tenancy/verify.ts';
import type { HostResolver } from '../tenancy/resolve.ts';
import type { Platform } from '../themes/platform.ts';
import type { ThemeService } from '../themes/service.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { RequestLogger } from './request-log.ts';

export interface Services {
  db: Database;
  config: Config;
  platform: Platform;
  hosts: HostResolver;
  themes: ThemeService;
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
  /** Cookie sessions (the auth module); without it only API keys authenticate. */
  sessions?: SessionAuthenticator;
}

export interface SessionAuthenticator {
  /** The principal of the request's session cookie, if any (a visitor without membership has role null). */
  principal(c: AppContext): Promise<Principal | undefined>;
}

/** The tenant a request is for, resolved from its Host header. */
export interface RequestTenant extends ResolvedHost {
  host: string;
}

/** Who is calling: an API key (or, with the auth module, a session). */
export interface Principal {
  kind: 'key' | 'session';
  /** The tenant the credential belongs to — always the request's tenant. */
  tenantId: string;
  role: Role | null;
  /** Written to versions and the audit log, e.g. `key:1a2b3c4d5e6f` or `user:<uuid>`. */
  actor: string;
  userId?: string;
  /** [issue 5] Sessions only: the user's graduation level (only `full` ever has a role). */
  level?: UserLevel;
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
