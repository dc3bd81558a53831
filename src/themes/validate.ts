// Judging a tenant's layer: its chain with the layer swapped in, composed with every rule (and, for a customer, its
// partner's policy) — and, for a platform or partner, every descendant's theme on top of it. Publishing (./publish.ts)
// refuses what this finds; POST /tokens/validate reports it without storing anything.
import type { Database } from '../db/core.ts';
import { chainLayers, descendantLayers, type ChainLayer, type DescendantLayer } from '../db/queries/tokens.ts';
import { composeTheme, normalisedTree, parseLayer, type ComposeResult } from '../engine/index.ts';
import type { Violation, Warning } from '../engine/types.ts';
import { chainInputs, composeChain, submittedTreeViolations, type ChainMember } from './compile.ts';
import { bindingPolicy } from './policy.ts';
import type { Platform } from './platform.ts';

export interface ValidateDeps {
  db: Database;
  platform: Platform;
}

/** A layer as submitted: the tenant, its tier, the new override tree and (T1) the catalog theme; undefined keeps the current. */
export interface SubmittedLayer {
  tenantId: string;
  tier: 0 | 1 | 2;
  content?: unknown;
  theme?: string | null;
}

/** A descendant the change would break, and how. */
export interface Impact {
  tenant: { id: string; slug: string };
  violations: Violation[];
}

export interface Validation {
  ok: boolean;
  violations: Violation[];
  warnings: Warning[];
  /** Per descendant the change would break (only when asked for, and only for a platform or partner). */
  impact: Impact[];
}

/**
 * Validate a layer as if the tenant submitted it: what `POST /tokens/validate` answers and what a draft stores.
 * `withImpact` also checks every descendant, as publishing does — for callers who may see the tenant's children.
 * Nothing is stored.
 */
export async function validateLayer(
  deps: ValidateDeps,
  change: SubmittedLayer & { withImpact?: boolean },
): Promise<Validation> {
  const unusable = submittedTreeViolations(change.tier, change.content);
  if (unusable.length > 0) return { ok: false, violations: unusable, warnings: [], impact: [] };
  const checkChildren = change.withImpact === true && change.tier < 2;
  // One read; the engine work happens after the transaction, holding no connection.
  const { layers, descendants } = await deps.db.asTenant(change.tenantId, async (tx) => ({
    layers: await chainLayers(tx),
    descendants: checkChildren ? await descendantLayers(tx, change.tenantId) : [],
  }));
  const { chain, result } = composeChange(deps.platform, layers, change);
  const impact = checkChildren ? descendantImpact(deps.platform, withStoredForm(chain, result), descendants) : [];
  return { ok: result.ok && impact.length === 0, violations: result.violations, warnings: result.warnings, impact };
}

/**
 * The tenant's chain (root first, ending at the tenant) with `change` swapped in as the tenant's layer, composed
 * with every rule — and, for a customer, its partner's policy. Both publishing and validation judge a layer so.
 */
export function composeChange(
  platform: Platform,
  layers: readonly ChainLayer[],
  change: Omit<SubmittedLayer, 'tenantId'>,
): { chain: ChainMember[]; result: ComposeResult } {
  const own = layers.at(-1)!;
  const next: ChainMember = {
    ...own,
    content: change.content !== undefined ? change.content : (own.content ?? {}),
    theme: change.theme !== undefined ? change.theme : own.theme,
  };
  const chain = [...layers.slice(0, -1), next];
  const policy = change.tier === 2 ? bindingPolicy(layers) : null;
  return { chain, result: composeChain(platform, chain, { policy }) };
}

/** The composed chain with the tenant's layer as it would be stored: in normalised DTCG (engine/normalised.ts), not the body. */
export function withStoredForm(chain: readonly ChainMember[], result: ComposeResult): ChainMember[] {
  const own = chain.at(-1)!;
  return [...chain.slice(0, -1), result.last ? { ...own, content: normalisedTree(result.last.entries) } : own];
}

/**
 * A platform or partner change is checked against every descendant that has its own layer (`layers`: descendantLayers) (a descendant without
 * one merges to exactly an ancestor's theme, which is already checked). Only contrast can break this way: the
 * descendants' own layers were governed when they were written. Each violation names its tenant.
 */
export function descendantImpact(
  platform: Platform,
  newChain: readonly ChainMember[],
  layers: readonly DescendantLayer[],
): Impact[] {
  const self = newChain.at(-1)!;
  const byId = new Map(layers.map((l) => [l.tenantId, l]));
  // Parse the writer's chain once, not once per descendant (a partner may have a thousand customers).
  const parsedPrefix = chainInputs(platform, newChain).layers.map(parseLayer);
  const member = (l: DescendantLayer): ChainMember => ({
    tenantId: l.tenantId,
    tier: l.tier,
    version: l.version,
    content: l.content,
    theme: l.theme,
  });
  const impact: Impact[] = [];
  for (const layer of layers) {
    // The chain below the writer: for a customer of a partner (platform writing), the partner's layer if it has one.
    const below: ChainMember[] = [];
    if (layer.tier === 2 && layer.parentId !== self.tenantId) {
      const partner = byId.get(layer.parentId);
      if (partner) below.push(member(partner));
    }
    below.push(member(layer));
    const { layers: belowLayers, theme } = chainInputs(platform, [...newChain, ...below]);
    const result = composeTheme(platform.base, [...parsedPrefix, ...belowLayers.slice(parsedPrefix.length)], {
      theme,
      rules: ['contrast'],
    });
    if (result.violations.length === 0) continue;
    const tenant = { id: layer.tenantId, slug: layer.slug };
    impact.push({
      tenant,
      violations: result.violations.map((v) => ({ ...v, tenant, message: `In ${layer.slug}'s theme: ${v.message}` })),
    });
  }
  return impact;
}
