// Custom host names mapped to tenants.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../core.ts';
import { ConflictError } from '../errors.ts';
import { domainMappings } from '../schema.ts';

export type DomainRow = typeof domainMappings.$inferSelect;

/** Maps `domain` (already normalised: src/tenancy/host.ts; the table's CHECK refuses anything else) to a tenant. Throws ConflictError('domain_taken'). */
export async function addDomain(
  tx: Tx, mapping: { tenantId: string; domain: string; verified?: boolean },
): Promise<DomainRow> {
  const [row] = await tx.insert(domainMappings).values({
    domain: mapping.domain,
    tenantId: mapping.tenantId,
    verificationToken: `livery-verify-${randomBytes(16).toString('hex')}`,
    verifiedAt: mapping.verified ? new Date() : null,
  }).onConflictDoNothing().returning();
  if (!row) throw new ConflictError('domain_taken', `The domain ${mapping.domain} is already mapped to a tenant.`);
  return row;
}

export async function getDomain(tx: Tx, domain: string): Promise<DomainRow | null> {
  const [row] = await tx.select().from(domainMappings).where(eq(domainMappings.domain, domain));
  return row ?? null;
}

export async function markDomainVerified(tx: Tx, domain: string): Promise<DomainRow | null> {
  const [row] = await tx.update(domainMappings).set({ verifiedAt: new Date() })
    .where(eq(domainMappings.domain, domain)).returning();
  return row ?? null;
}
