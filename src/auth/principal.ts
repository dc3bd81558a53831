// Who is calling, as the services see it: an API key or a session, the tenant it acts in, and its role there.
import type { Role, UserLevel } from '../db/schema.ts';

export interface Principal {
  kind: 'key' | 'session';
  /** The tenant the credential belongs to — always the request's tenant. */
  tenantId: string;
  role: Role | null;
  /** Written to versions and the audit log, e.g. `key:1a2b3c4d5e6f` or `user:<uuid>`. */
  actor: string;
  userId?: string;
  /** Sessions only: the user's graduation level (only `full` ever has a role). */
  level?: UserLevel;
}
