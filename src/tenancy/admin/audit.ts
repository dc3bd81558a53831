// Reading the audit log, and the rule that the platform's reads of others' data are themselves audited.
import type { Tx } from '../../db/core.ts';
import { appendAudit, listAudit, type AuditRow } from '../../db/queries/audit.ts';
import type { Acting, AdminDeps } from './context.ts';

/**
 * The platform sees everything, and every such access is logged; other tiers' reads are not. `detail` says whose data
 * was read when the read names one tenant (`{tenant: id}`).
 */
export async function auditPlatformAccess(
  tx: Tx,
  acting: Acting,
  what: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  if (acting.tier === 0)
    await appendAudit(tx, {
      tenantId: acting.tenantId,
      actor: acting.actor,
      action: 'platform.access',
      detail: { what, ...detail },
    });
}

/** The newest `limit` entries the acting tenant may see (its own and its descendants'). */
export async function readAudit(deps: Pick<AdminDeps, 'db'>, acting: Acting, limit: number): Promise<AuditRow[]> {
  return deps.db.asTenant(acting.tenantId, async (tx) => {
    await auditPlatformAccess(tx, acting, 'audit.read');
    return listAudit(tx, limit);
  });
}
