// Custom domains: a tenant (or an ancestor for it) claims a name, proves it with a DNS TXT record, or withdraws it.
// The database makes and verifies claims (livery_claim_domain, livery_verify_domain): unverified, its own token,
// 7 days; an expired claim of anyone's is replaced, a live one answers domain_taken.
import { appendAudit } from '../../db/queries/audit.ts';
import {
  claimDomain as storeClaim,
  claimExpired,
  getDomain,
  removeDomain,
  verifyDomainClaim,
  type DomainRow,
} from '../../db/queries/domains.ts';
import { notFound, Refusal } from '../../lib/refusal.ts';
import { normalizeHost } from '../host.ts';
import { CHALLENGE_LABEL } from '../verify.ts';
import type { Acting, AdminDeps } from './context.ts';
import { selfOrDescendant } from './tenants.ts';

/** The TXT record that proves a claim. */
export function verificationRecord(row: Pick<DomainRow, 'domain' | 'verificationToken'>) {
  return { type: 'TXT', name: `${CHALLENGE_LABEL}.${row.domain}`, value: row.verificationToken };
}

/** A custom domain as the caller typed it, normalised; a public name under some parent domain, outside the platform's. */
function usableDomain(config: AdminDeps['config'], raw: string): string {
  const normal = normalizeHost(raw);
  if (!normal.ok) throw new Refusal('invalid', 'invalid_domain', `"${raw}" is not a usable domain: ${normal.reason}.`);
  const domain = normal.host;
  // A single label ("localhost") is not a public name.
  if (!domain.includes('.'))
    throw new Refusal('invalid', 'invalid_domain', `"${raw}" is not a usable domain: it needs at least two labels.`);
  for (const reserved of [config.platformHost, config.partnerRoot]) {
    if (domain === reserved || domain.endsWith(`.${reserved}`)) {
      throw new Refusal(
        'invalid',
        'invalid_domain',
        `${domain} is under the platform's own domain ${reserved}; it cannot be mapped.`,
      );
    }
  }
  return domain;
}

/** A domain named in a path: a name that cannot be a host is one nobody has. */
function domainInPath(raw: string): string {
  const normal = normalizeHost(raw);
  if (!normal.ok) throw notFound('The domain');
  return normal.host;
}

export async function claimDomain(
  deps: Pick<AdminDeps, 'db' | 'config'>,
  acting: Acting,
  tenantId: string,
  raw: string,
): Promise<DomainRow> {
  const domain = usableDomain(deps.config, raw);
  return deps.db.asTenant(acting.tenantId, async (tx) => {
    const target = await selfOrDescendant(tx, tenantId);
    const added = await storeClaim(tx, { tenantId: target.id, domain });
    await appendAudit(tx, {
      tenantId: acting.tenantId,
      actor: acting.actor,
      action: 'domain.add',
      detail: { tenant: target.id, domain },
    });
    return added;
  });
}

/**
 * Withdraws a claim, or removes a verified mapping (the host stops resolving at once). Someone else's domain, or one
 * not mapped to `tenantId`, is not found — RLS shows the caller nothing else.
 */
export async function withdrawDomain(
  deps: Pick<AdminDeps, 'db' | 'directory'>,
  acting: Acting,
  tenantId: string,
  raw: string,
): Promise<void> {
  const domain = domainInPath(raw);
  const removed = await deps.db.asTenant(acting.tenantId, async (tx) => {
    const target = await selfOrDescendant(tx, tenantId);
    const row = await removeDomain(tx, target.id, domain);
    if (!row) throw notFound('The domain');
    await appendAudit(tx, {
      tenantId: acting.tenantId,
      actor: acting.actor,
      action: 'domain.remove',
      detail: { tenant: target.id, domain, verified: row.verifiedAt !== null },
    });
    return row;
  });
  if (removed.verifiedAt) await deps.directory.hostChanged(domain);
}

/** Checks the claim's TXT record and, when it is there, marks the domain verified: it then resolves to its tenant. */
export async function verifyDomain(deps: AdminDeps, acting: Acting, raw: string): Promise<DomainRow> {
  const { db, now } = deps;
  const domain = domainInPath(raw);
  const existing = await db.asTenant(acting.tenantId, (tx) => getDomain(tx, domain));
  if (!existing) throw notFound('The domain');
  if (existing.verifiedAt) return existing;
  if (claimExpired(existing, now())) throw claimExpiredRefusal(existing);
  if (!(await deps.verifier.verify(domain, existing.verificationToken))) {
    throw new Refusal(
      'invalid',
      'verification_failed',
      `No TXT record ${CHALLENGE_LABEL}.${domain} with the verification token was found.`,
      {
        verification: verificationRecord(existing),
      },
    );
  }
  // The DNS record is there; the database sets verified_at, and only for this tenant's subtree's unexpired claim
  // still holding the token that was checked.
  const row = await db.asTenant(acting.tenantId, async (tx) => {
    const verified = await verifyDomainClaim(tx, domain, existing.verificationToken);
    if (verified)
      await appendAudit(tx, {
        tenantId: acting.tenantId,
        actor: acting.actor,
        action: 'domain.verify',
        detail: { tenant: existing.tenantId, domain },
      });
    return verified;
  });
  if (!row) {
    // Between the read and the update the claim expired, was withdrawn, or was replaced with a new token.
    const current = await db.asTenant(acting.tenantId, (tx) => getDomain(tx, domain));
    if (!current) throw notFound('The domain');
    if (current.verifiedAt) return current;
    if (claimExpired(current, now())) throw claimExpiredRefusal(current);
    throw new Refusal(
      'conflict',
      'claim_changed',
      `The claim on ${domain} changed while it was being verified; publish the current token and verify again.`,
      {
        verification: verificationRecord(current),
      },
    );
  }
  await deps.directory.hostChanged(domain);
  return row;
}

function claimExpiredRefusal(row: DomainRow): Refusal {
  return new Refusal(
    'gone',
    'claim_expired',
    `The claim on ${row.domain} expired at ${row.expiresAt!.toISOString()} (claims last 7 days): claim the domain again for a new token.`,
    { expiresAt: row.expiresAt },
  );
}
