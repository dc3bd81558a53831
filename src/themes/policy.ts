// A partner's policy for its customers: as stored (jsonb) → the engine's Policy, read and written with its version
// (If-Match). A missing or malformed policy is the default: customers may change nothing.
import type { Database } from '../db/core.ts';
import { versionConflict } from '../db/errors.ts';
import { appendAudit } from '../db/queries/audit.ts';
import { getPolicy, setPolicy } from '../db/queries/tokens.ts';
import type { Tier } from '../db/schema.ts';
import type { Policy } from '../engine/types.ts';

export function normalisePolicy(value: unknown): Policy {
  const policy = (value ?? {}) as Partial<Policy>;
  return {
    allow: Array.isArray(policy.allow) ? policy.allow : [],
    ranges: policy.ranges && typeof policy.ranges === 'object' ? policy.ranges : {},
  };
}

/** The policy that binds a customer: the one on its partner's row of the chain (livery_chain_layers). */
export function bindingPolicy(chain: readonly { tier: Tier; policy: unknown }[]): Policy {
  return normalisePolicy(chain.find((m) => m.tier === 1)?.policy);
}

/** A partner's policy for its customers, and the version to send back as If-Match. */
export async function customerPolicy(db: Database, tenantId: string): Promise<{ policy: Policy; version: number }> {
  const row = await db.asTenant(tenantId, (tx) => getPolicy(tx, tenantId));
  return { policy: normalisePolicy(row?.policy), version: row?.policyVersion ?? 0 };
}

/** Replaces a partner's policy; with `expected` (If-Match) only over that version. The new version. */
export async function setCustomerPolicy(
  db: Database,
  acting: { tenantId: string; actor: string },
  policy: Policy,
  expected: number | null | undefined,
): Promise<number> {
  const { tenantId, actor } = acting;
  return db.asTenant(tenantId, async (tx) => {
    const before = await getPolicy(tx, tenantId);
    const row = await setPolicy(tx, {
      tenantId,
      policy,
      updatedBy: actor,
      ...(expected !== undefined ? { expected: { policy: expected ?? 0 } } : {}),
    });
    if (!row) throw versionConflict('policy', before?.policyVersion ?? 0, expected);
    await appendAudit(tx, {
      tenantId,
      actor,
      action: 'policy.update',
      detail: { before: normalisePolicy(before?.policy), after: policy },
    });
    return row.policyVersion;
  });
}
