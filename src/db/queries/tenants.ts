// Tenants. Every helper takes the transaction it runs in: inside asTenant, RLS decides what exists.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { isUuid } from '../../lib/uuid.ts';
import type { Tx } from '../core.ts';
import { ConflictError } from '../errors.ts';
import { tenants, type TenantStatus, type Tier } from '../schema.ts';

export type TenantRow = typeof tenants.$inferSelect;

export interface NewTenant {
  tier: Tier;
  /** null only for the platform (T0). */
  parentId: string | null;
  slug: string;
  name: string;
}

/** Creates a tenant; the database checks the tier/parent rules. Throws ConflictError('slug_taken'). */
export async function createTenant(tx: Tx, tenant: NewTenant): Promise<TenantRow> {
  const [row] = await tx.insert(tenants).values(tenant).onConflictDoNothing().returning();
  if (!row) {
    const what = tenant.tier === 0 ? 'the platform tenant already exists' : `slug "${tenant.slug}" is taken`;
    throw new ConflictError('slug_taken', `Cannot create the tenant: ${what}.`);
  }
  return row;
}

export async function getTenant(tx: Tx, id: string): Promise<TenantRow | null> {
  const [row] = await tx.select().from(tenants).where(eq(tenants.id, id));
  return row ?? null;
}

/** The tenants visible in this transaction, platform first, then by tier and slug. */
export async function listTenants(tx: Tx): Promise<TenantRow[]> {
  return tx.select().from(tenants).orderBy(asc(tenants.tier), asc(tenants.slug));
}

export async function platformTenant(tx: Tx): Promise<TenantRow | null> {
  const [row] = await tx.select().from(tenants).where(eq(tenants.tier, 0));
  return row ?? null;
}

export async function findChild(tx: Tx, parentId: string | null, slug: string): Promise<TenantRow | null> {
  const [row] = await tx
    .select()
    .from(tenants)
    .where(and(parentId === null ? isNull(tenants.parentId) : eq(tenants.parentId, parentId), eq(tenants.slug, slug)));
  return row ?? null;
}

export async function updateTenant(
  tx: Tx,
  id: string,
  changes: { name?: string; status?: TenantStatus },
): Promise<TenantRow | null> {
  if (changes.name === undefined && changes.status === undefined) return getTenant(tx, id);
  const [row] = await tx.update(tenants).set(changes).where(eq(tenants.id, id)).returning();
  return row ?? null;
}

export type TenantLookup = { tenant: TenantRow } | { error: string };

/**
 * Finds a tenant named on a command line: a uuid, `partner/customer`, or a slug (which must be unambiguous:
 * customer slugs are unique only under their partner).
 */
export async function findTenantByRef(tx: Tx, ref: string): Promise<TenantLookup> {
  if (isUuid(ref)) {
    const tenant = await getTenant(tx, ref.toLowerCase());
    return tenant ? { tenant } : { error: `no tenant with id ${ref}` };
  }
  const parts = ref.split('/');
  if (parts.length === 2 && parts[0] && parts[1]) {
    const platform = await platformTenant(tx);
    const partner = platform && (await findChild(tx, platform.id, parts[0]));
    const customer = partner && (await findChild(tx, partner.id, parts[1]));
    return customer ? { tenant: customer } : { error: `no tenant ${ref}` };
  }
  const matches = await tx.select().from(tenants).where(eq(tenants.slug, ref)).orderBy(asc(tenants.tier));
  const [first, second] = matches;
  if (!first) return { error: `no tenant with slug "${ref}"` };
  if (second && second.tier === first.tier) {
    return { error: `slug "${ref}" is ambiguous; name the customer as <partner>/${ref} or by id` };
  }
  return { tenant: first };
}
