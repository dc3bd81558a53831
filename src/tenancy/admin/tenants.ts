// Tenants as their ancestors administer them: list, create a child, rename or change the status of a descendant.
import type { Tx } from '../../db/core.ts';
import { appendAudit } from '../../db/queries/audit.ts';
import { createTenant, getTenant, listTenants, updateTenant, type TenantRow } from '../../db/queries/tenants.ts';
import type { TenantStatus } from '../../db/schema.ts';
import { notFound, Refusal } from '../../lib/refusal.ts';
import { isUuid } from '../../lib/uuid.ts';
import { auditPlatformAccess } from './audit.ts';
import type { Acting, AdminDeps } from './context.ts';

/** The acting tenant or one of its descendants (RLS shows only those). */
export async function selfOrDescendant(tx: Tx, id: string): Promise<TenantRow> {
  const row = isUuid(id) ? await getTenant(tx, id) : null;
  if (!row) throw notFound('The tenant');
  return row;
}

/** A descendant of the acting tenant: as selfOrDescendant, with self excluded. */
async function descendant(tx: Tx, acting: Acting, id: string): Promise<TenantRow> {
  const row = await selfOrDescendant(tx, id);
  if (row.id === acting.tenantId) throw notFound('The tenant');
  return row;
}

/** The acting tenant and its descendants. */
export async function visibleTenants(deps: Pick<AdminDeps, 'db'>, acting: Acting): Promise<TenantRow[]> {
  return deps.db.asTenant(acting.tenantId, async (tx) => {
    await auditPlatformAccess(tx, acting, 'tenants.list');
    return listTenants(tx);
  });
}

/** The acting tenant's own row (its name for pages), or null if it is gone. */
export async function ownTenant(deps: Pick<AdminDeps, 'db'>, tenantId: string): Promise<TenantRow | null> {
  return deps.db.asTenant(tenantId, (tx) => getTenant(tx, tenantId));
}

/** A child one tier below the acting tenant (the platform makes partners, a partner customers). */
export async function createChild(
  deps: Pick<AdminDeps, 'db' | 'directory' | 'config'>,
  acting: Acting,
  child: { slug: string; name: string },
): Promise<TenantRow> {
  const row = await deps.db.asTenant(acting.tenantId, async (tx) => {
    const created = await createTenant(tx, { tier: (acting.tier + 1) as 1 | 2, parentId: acting.tenantId, ...child });
    await appendAudit(tx, {
      tenantId: acting.tenantId,
      actor: acting.actor,
      action: 'tenant.create',
      detail: { id: created.id, slug: created.slug },
    });
    const parent = acting.tier === 0 ? null : await getTenant(tx, acting.tenantId);
    return { created, host: [created.slug, parent?.slug, deps.config.partnerRoot].filter(Boolean).join('.') };
  });
  // The new tenant's host may be remembered as unknown (someone asked before it existed): serve it at once.
  await deps.directory.hostChanged(row.host);
  return row.created;
}

/** Renames a descendant or changes its status; a decommissioned tenant stays so. */
export async function updateDescendant(
  deps: Pick<AdminDeps, 'db' | 'directory'>,
  acting: Acting,
  id: string,
  changes: { name?: string; status?: TenantStatus },
): Promise<TenantRow> {
  const row = await deps.db.asTenant(acting.tenantId, async (tx) => {
    const target = await descendant(tx, acting, id);
    if (target.status === 'decommissioned' && changes.status && changes.status !== 'decommissioned') {
      throw new Refusal('conflict', 'tenant_decommissioned', 'A decommissioned tenant cannot be brought back.');
    }
    const updated = await updateTenant(tx, target.id, changes);
    // Recorded on the acting tenant: an ancestor's credentials never show up in a descendant's audit log.
    await appendAudit(tx, {
      tenantId: acting.tenantId,
      actor: acting.actor,
      action: 'tenant.update',
      detail: { tenant: target.id, before: { name: target.name, status: target.status }, after: changes },
    });
    return updated!;
  });
  // Status is part of every host answer for this tenant and its descendants.
  if (changes.status !== undefined) await deps.directory.tenantChanged(row.id);
  return row;
}
