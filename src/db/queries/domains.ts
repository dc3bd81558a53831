// Custom host names mapped to tenants. Claims and verification go through the database's own functions
// (migrations/0010_domain_claims.sql): livery_app cannot INSERT or UPDATE domain_mappings, only read and withdraw
// (DELETE) the rows of its subtree.
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { rows, type Tx } from '../core.ts';
import { ConflictError } from '../errors.ts';
import { domainMappings } from '../schema.ts';

export type DomainRow = typeof domainMappings.$inferSelect;

/** How long an unverified claim holds its name (the database decides: migrations/0010; this is for messages). */
export const CLAIM_TTL_DAYS = 7;

interface RawDomainRow {
  domain: string;
  tenant_id: string;
  verification_token: string;
  verified_at: Date | string | null;
  created_at: Date | string;
  expires_at: Date | string | null;
}

const date = (value: Date | string) => (value instanceof Date ? value : new Date(value));

function fromRaw(row: RawDomainRow): DomainRow {
  return {
    domain: row.domain,
    tenantId: row.tenant_id,
    verificationToken: row.verification_token,
    verifiedAt: row.verified_at === null ? null : date(row.verified_at),
    createdAt: date(row.created_at),
    expiresAt: row.expires_at === null ? null : date(row.expires_at),
  };
}

/**
 * Claims `domain` (already normalised: src/tenancy/host.ts; the table's CHECK refuses anything else) for `tenantId`,
 * which must be the transaction's tenant or one of its descendants, through livery_claim_domain(): unverified, with
 * a fresh token, for 7 days; an expired claim of anyone's is replaced. Throws ConflictError('domain_taken') while a
 * live claim or a verified mapping holds the name (naming no one).
 */
export async function claimDomain(tx: Tx, mapping: { tenantId: string; domain: string }): Promise<DomainRow> {
  const [row] = await rows<RawDomainRow>(
    tx,
    sql`select * from livery_claim_domain(${mapping.domain}, ${mapping.tenantId}::uuid)`,
  );
  if (!row) throw new ConflictError('domain_taken', `The domain ${mapping.domain} is already mapped to a tenant.`);
  return fromRaw(row);
}

/**
 * Maps `domain` to `tenantId` as verified without a DNS check: the operator's shortcut (`livery domain add
 * --verified`), as the owner only (the database refuses verified_at from anyone else). An expired claim is replaced.
 */
export async function addVerifiedDomain(tx: Tx, mapping: { tenantId: string; domain: string }): Promise<DomainRow> {
  await tx.execute(
    sql`delete from domain_mappings where domain = ${mapping.domain} and verified_at is null and expires_at <= now()`,
  );
  const [row] = await tx
    .insert(domainMappings)
    .values({
      domain: mapping.domain,
      tenantId: mapping.tenantId,
      verificationToken: `livery-verify-${randomBytes(16).toString('hex')}`,
      verifiedAt: new Date(),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ConflictError('domain_taken', `The domain ${mapping.domain} is already mapped to a tenant.`);
  return row;
}

/** A claim (`verified` false: needs the tenant context, see claimDomain) or the operator's verified mapping (owner). */
export async function addDomain(
  tx: Tx,
  mapping: { tenantId: string; domain: string; verified?: boolean },
): Promise<DomainRow> {
  return mapping.verified ? addVerifiedDomain(tx, mapping) : claimDomain(tx, mapping);
}

export async function getDomain(tx: Tx, domain: string): Promise<DomainRow | null> {
  const [row] = await tx.select().from(domainMappings).where(eq(domainMappings.domain, domain));
  return row ?? null;
}

/**
 * Verifies the caller's unexpired claim on `domain` through livery_verify_domain(), after the DNS check found `token`
 * published: null when the claim is not the caller's, has expired, or no longer holds that token (replaced meanwhile).
 */
export async function verifyDomainClaim(tx: Tx, domain: string, token: string): Promise<DomainRow | null> {
  const [row] = await rows<RawDomainRow>(tx, sql`select * from livery_verify_domain(${domain}, ${token})`);
  return row ? fromRaw(row) : null;
}

/** Withdraws `tenantId`'s claim on (or verified mapping of) `domain`: the removed row, or null when the caller sees none. */
export async function removeDomain(tx: Tx, tenantId: string, domain: string): Promise<DomainRow | null> {
  const [row] = await tx
    .delete(domainMappings)
    .where(and(eq(domainMappings.domain, domain), eq(domainMappings.tenantId, tenantId)))
    .returning();
  return row ?? null;
}

/** Whether an unverified claim has run out (it no longer holds its name; verifying it fails). */
export function claimExpired(row: Pick<DomainRow, 'verifiedAt' | 'expiresAt'>, now: Date): boolean {
  return row.verifiedAt === null && row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime();
}
