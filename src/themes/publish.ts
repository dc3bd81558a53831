// The write path: validate a tenant's new layer on its merged chain (and, for a platform or partner, on every
// descendant's merged theme), then publish it as a new immutable version with its audit row and compiled artifact —
// all in one transaction.
//
// Writes that can affect each other are serialised with transaction-scoped advisory locks: a partner's subtree
// (the partner and its customers) takes one exclusive lock, and the platform holds a lock every other write shares.
// So a customer is never validated against a partner layer that is being replaced at the same moment.
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/core.ts';
import { rows } from '../db/core.ts';
import { ConflictError } from '../db/errors.ts';
import { chainLayers, chainVersions, publishVersion, type ChainLayer } from '../db/queries/tokens.ts';
import type { Violation, Warning } from '../engine/types.ts';
import { bindingPolicy } from './policy.ts';
import { summarizeChange } from './summary.ts';
import { composeTheme, normalisedTree, parseLayer, type ComposeResult } from '../engine/index.ts';
import { chainInputs, composeChain, submittedTreeViolations, type ChainMember } from './compile.ts';
import type { Platform } from './platform.ts';
import type { ThemeService } from './service.ts';

export interface LayerChange {
  tenantId: string;
  tier: 0 | 1 | 2;
  /**
   * The tenant ids from the platform down to this tenant, as host resolution found them (a tenant's parent never
   * changes: migrations/0001), so the locks are taken without first reading the chain. Omitted: read here.
   */
  chain?: readonly string[];
  actor: string;
  /** The new override tree; undefined keeps the current one. */
  content?: unknown;
  /** The catalog theme (T1 only); undefined keeps the current selection. */
  theme?: string | null;
  /** If-Match: the version the caller last saw. A moved head is a 412. */
  expectedVersion?: number | null;
  /** Prefixed to the generated summary of what changed (e.g. "rollback to v3"). */
  note?: string;
  action: string;
}

/** Validation refused the change: the tenant's own violations, and per descendant those it would cause. */
export class RefusedChange extends Error {
  readonly violations: Violation[];
  readonly warnings: Warning[];
  constructor(violations: Violation[], warnings: Warning[]) {
    super('The change was refused by governance.');
    this.violations = violations;
    this.warnings = warnings;
  }
}

export interface PublishDeps {
  db: Database;
  platform: Platform;
  themes: ThemeService;
}

const MAX_ATTEMPTS = 3;

/** Validate and publish. Throws RefusedChange (422), ConflictError (412 with If-Match) or a database error. */
export async function publishLayer(deps: PublishDeps, change: LayerChange): Promise<{ version: number; warnings: Warning[] }> {
  const unusable = submittedTreeViolations(change.tier, change.content);
  if (unusable.length > 0) throw new RefusedChange(unusable, []);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await deps.db.asTenant(change.tenantId, (tx) => publishInTransaction(deps, tx, change));
      deps.themes.invalidate(change.tenantId);
      return result;
    } catch (error) {
      // Without If-Match the last writer wins: a lost race is retried on the new head.
      const raced = error instanceof ConflictError && error.code === 'version_conflict' && change.expectedVersion === undefined;
      if (!raced || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Validate `tokens` as if the tenant submitted them as its override layer: what `POST /tokens/validate` answers and
 * what a draft stores. Nothing is stored.
 */
export async function validateLayer(
  deps: Pick<PublishDeps, 'db' | 'platform'>, change: Pick<LayerChange, 'tenantId' | 'tier'> & { content: unknown },
): Promise<{ ok: boolean; violations: Violation[]; warnings: Warning[] }> {
  const unusable = submittedTreeViolations(change.tier, change.content);
  if (unusable.length > 0) return { ok: false, violations: unusable, warnings: [] };
  const layers = await deps.db.asTenant(change.tenantId, (tx) => chainLayers(tx));
  const { result } = composeChange(deps.platform, layers, change);
  return { ok: result.ok, violations: result.violations, warnings: result.warnings };
}

/**
 * The tenant's chain (root first, ending at the tenant) with `change` swapped in as the tenant's layer, composed
 * with every rule — and, for a customer, its partner's policy. Both publishing and validation judge a layer so.
 */
export function composeChange(
  platform: Platform, layers: readonly ChainLayer[], change: Pick<LayerChange, 'tier' | 'content' | 'theme'>,
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

async function publishInTransaction(deps: PublishDeps, tx: Tx, change: LayerChange): Promise<{ version: number; warnings: Warning[] }> {
  const { platform } = deps;
  const layers = await lockAndReadChain(tx, change);
  const own = layers.at(-1);
  if (!own || own.tenantId !== change.tenantId) throw new Error('the chain does not end at the writing tenant');
  if (change.expectedVersion !== undefined && change.expectedVersion !== own.version) {
    throw new ConflictError('version_conflict', `The overrides moved on: the current version is ${own.version ?? 'none'}, not ${change.expectedVersion ?? 'none'}.`);
  }

  const { chain: composed, result } = composeChange(platform, layers, change);
  // What is stored is the layer as the engine read it, in normalised DTCG (./engine/normalised.ts), not the body.
  const own0 = composed.at(-1)!;
  const next: ChainMember = result.last ? { ...own0, content: normalisedTree(result.last.entries) } : own0;
  const newChain = [...composed.slice(0, -1), next];
  const violations = [...result.violations];
  if (change.tier < 2) violations.push(...(await descendantViolations(tx, platform, newChain)));
  if (violations.length > 0) throw new RefusedChange(violations, result.warnings);

  const stored = await publishVersion(tx, {
    tenantId: change.tenantId,
    content: next.content,
    theme: next.theme,
    author: change.actor,
    summary: [change.note, summarizeChange(own.content, next.content, own.theme, next.theme)].filter(Boolean).join(': '),
    expectedVersion: own.version,
    action: change.action,
  });
  // The ancestors cannot have moved (the locks), so the chain as read with the stored layer swapped in is exactly
  // what a later read returns. The stored content (jsonb's key order), not the request's, keeps the artifact
  // byte-identical to one rebuilt from the database.
  await deps.themes.compileInto(tx, change.tenantId, [
    ...newChain.slice(0, -1),
    { ...next, version: stored.version, content: stored.content, theme: stored.theme },
  ]);
  return { version: stored.version, warnings: result.warnings };
}

/** Take the subtree locks (platform shared or exclusive, then the partner's), then read the chain. */
async function lockAndReadChain(tx: Tx, change: LayerChange): Promise<ChainLayer[]> {
  // Root first: the platform, then (below the platform) the partner.
  const [platformId, partnerId] = change.chain ?? (await chainVersions(tx)).map((m) => m.tenantId);
  if (platformId) {
    await tx.execute(change.tier === 0
      ? sql`select pg_advisory_xact_lock(hashtextextended(${platformId}, 0))`
      : sql`select pg_advisory_xact_lock_shared(hashtextextended(${platformId}, 0))`);
  }
  if (partnerId) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${partnerId}, 0))`);
  // Read under the locks: what we validate against cannot change until we commit.
  const layers = await chainLayers(tx);
  if (change.chain && (layers.length !== change.chain.length || layers.some((l, i) => l.tenantId !== change.chain![i]))) {
    throw new Error('the chain read does not match the resolved tenant chain');
  }
  return layers;
}

interface DescendantLayer {
  tenant_id: string;
  parent_id: string;
  tier: number;
  slug: string;
  version: number;
  content: unknown;
  theme: string | null;
}

/**
 * A platform or partner change is checked against every descendant that has its own layer (a descendant without
 * one merges to exactly an ancestor's theme, which is already checked). Only contrast can break this way: the
 * descendants' own layers were governed when they were written.
 */
async function descendantViolations(tx: Tx, platform: Platform, newChain: ChainMember[]): Promise<Violation[]> {
  const self = newChain.at(-1)!;
  const layers = await rows<DescendantLayer>(tx, sql`
    select t.id as tenant_id, t.parent_id, t.tier, t.slug, h.version, v.content, v.theme
      from tenants t
      join token_heads h on h.tenant_id = t.id
      join token_versions v on v.tenant_id = h.tenant_id and v.version = h.version
     where t.id <> ${self.tenantId} and t.status <> 'decommissioned'
     order by t.tier, t.slug`);
  const byId = new Map(layers.map((l) => [l.tenant_id, l]));
  // Parse the writer's chain once, not once per descendant (a partner may have a thousand customers).
  const parsedPrefix = chainInputs(platform, newChain).layers.map(parseLayer);
  const member = (l: DescendantLayer): ChainMember => ({
    tenantId: l.tenant_id, tier: Number(l.tier) as 1 | 2, version: l.version, content: l.content, theme: l.theme,
  });
  const violations: Violation[] = [];
  for (const layer of layers) {
    // The chain below the writer: for a customer of a partner (platform writing), the partner's layer if it has one.
    const below: ChainMember[] = [];
    if (Number(layer.tier) === 2 && layer.parent_id !== self.tenantId) {
      const partner = byId.get(layer.parent_id);
      if (partner) below.push(member(partner));
    }
    below.push(member(layer));
    const { layers: belowLayers, theme } = chainInputs(platform, [...newChain, ...below]);
    const result = composeTheme(platform.base, [...parsedPrefix, ...belowLayers.slice(parsedPrefix.length)], {
      theme,
      rules: ['contrast'],
    });
    for (const violation of result.violations) {
      violations.push({
        ...violation,
        tenant: { id: layer.tenant_id, slug: layer.slug },
        message: `In ${layer.slug}'s theme: ${violation.message}`,
      });
    }
  }
  return violations;
}
