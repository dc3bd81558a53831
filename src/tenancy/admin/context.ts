// What tenancy administration needs from its caller, and who is acting. Every query runs as the acting tenant, so
// Row-Level Security decides what an id may reach; the services add only the rules RLS cannot express (tier of the
// caller, "descendant, not self"), the audit rows, and forgetting what caches knew.
import type { Database } from '../../db/core.ts';
import type { Tier } from '../../db/schema.ts';
import type { HostResolver } from '../resolve.ts';
import type { DomainVerifier } from '../verify.ts';

export interface AdminDeps {
  db: Database;
  /** The platform's own names: no custom domain may sit under them. */
  config: { platformHost: string; partnerRoot: string };
  hosts: Pick<HostResolver, 'forget'>;
  /** The theme read cache: a tenant's status change is part of what it serves. */
  themes: { invalidate(tenantId: string): void };
  verifier: DomainVerifier;
  now: () => Date;
}

/** The tenant a request acts as, and who acts (written to the audit log). */
export interface Acting {
  tenantId: string;
  tier: Tier;
  actor: string;
}
