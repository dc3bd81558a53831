// API keys as principals: a key is looked up under the request's tenant, so RLS already hides every other tenant's
// keys except descendants'; the lookup itself asks for exactly this tenant's, and notes when the key was last used.
import type { Database } from '../db/core.ts';
import { findApiKey, touchApiKey } from '../db/queries/keys.ts';
import type { Principal } from './principal.ts';

/** The principal of `key` on this tenant, or null for an unknown, revoked or another tenant's key. */
export async function keyPrincipal(db: Database, tenantId: string, key: string): Promise<Principal | null> {
  const row = await db.asTenant(tenantId, async (tx) => {
    const found = await findApiKey(tx, key, tenantId);
    if (found) await touchApiKey(tx, found.id);
    return found;
  });
  return row && { kind: 'key', tenantId: row.tenantId, role: row.role, actor: `key:${row.prefix}` };
}
