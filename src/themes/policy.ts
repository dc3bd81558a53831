// A partner's policy for its customers, as stored (jsonb) → the engine's Policy. A missing or malformed policy is
// the default: customers may change nothing.
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
