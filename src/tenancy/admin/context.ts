// What tenancy administration needs from its caller, and who is acting. Every query runs as the acting tenant, so
// Row-Level Security decides what an id may reach; the services add only the rules RLS cannot express (tier of the
// caller, "descendant, not self"), the audit rows, and forgetting what caches knew.
import type { Database } from '../../db/core.ts';
import type { Tier } from '../../db/schema.ts';
import type { DomainVerifier } from '../verify.ts';

export interface AdminDeps {
  db: Database;
  /** The platform's own names: no custom domain may sit under them. */
  config: { platformHost: string; partnerRoot: string };
  /** What the edge knows of hosts and tenants: told after a commit changed what a host or a tenant's chain serves. */
  directory: {
    tenantChanged(tenantId: string): Promise<void>;
    hostChanged(host: string): Promise<void>;
  };
  verifier: DomainVerifier;
  now: () => Date;
}

/** The tenant a request acts as, and who acts (written to the audit log). */
export interface Acting {
  tenantId: string;
  tier: Tier;
  actor: string;
}
