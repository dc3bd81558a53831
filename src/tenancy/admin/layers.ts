// A descendant's published token layer and its history, as the members of its ancestors read them (read-only).
// Every query runs as the acting tenant, so Row-Level Security decides what `id` may name: the acting tenant itself
// or one of its descendants. A sibling, an ancestor, an unknown id or a non-uuid are all "not found", naming nothing.
import type { Tx } from '../../db/core.ts';
import { getPublishedLayer, listVersions } from '../../db/queries/tokens.ts';
import { auditPlatformAccess } from './audit.ts';
import type { Acting, AdminDeps } from './context.ts';
import { selfOrDescendant } from './tenants.ts';

/** `read` of the tenant `id` names, as the acting tenant; the platform's reads of another tenant are audited. */
function readOf<T>(what: string, read: (tx: Tx, tenantId: string) => Promise<T>) {
  return (deps: Pick<AdminDeps, 'db'>, acting: Acting, id: string): Promise<T> =>
    deps.db.asTenant(acting.tenantId, async (tx) => {
      const target = await selfOrDescendant(tx, id);
      if (target.id !== acting.tenantId) await auditPlatformAccess(tx, acting, what, { tenant: target.id });
      return read(tx, target.id);
    });
}

/** The tenant's published layer (null before its first version). */
export const descendantLayer = readOf('tokens.overrides', getPublishedLayer);

/** Every version the tenant published, newest first. */
export const descendantHistory = readOf('tokens.versions', listVersions);
