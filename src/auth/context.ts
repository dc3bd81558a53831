// What the auth module needs from its caller: the database, the OAuth configuration, a clock, and the tenant host
// the request is for (resolved from its Host header before any of this runs).
import type { Config } from '../config.ts';
import type { Database } from '../db/core.ts';
import type { Tier } from '../db/schema.ts';

export interface AuthDeps {
  db: Database;
  config: Pick<Config, 'oauth'>;
  now: () => Date;
}

export interface HostTenant {
  tenantId: string;
  tier: Tier;
  /** The normalised host name: sessions and OAuth flows are valid on this host only. */
  host: string;
}
