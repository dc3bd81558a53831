// The write path: validate a tenant's new layer on its merged chain (and, for a platform or partner, on every
// descendant's merged theme: ./validate.ts), then publish it as a new immutable version with its audit row and
// compiled artifact — all in one transaction. The read cache is not involved: it is told afterwards (`published`).
//
// Writes that can affect each other are serialised with transaction-scoped advisory locks: a partner's subtree
// (the partner and its customers) takes one exclusive lock, and the platform holds a lock every other write shares.
// So a customer is never validated against a partner layer that is being replaced at the same moment.
import type { Database, Tx } from '../db/core.ts';
import { ConflictError } from '../db/errors.ts';
import {
  chainLayers,
  chainVersions,
  descendantLayers,
  lockChain,
  publishVersion,
  type ChainLayer,
} from '../db/queries/tokens.ts';
import type { Violation, Warning } from '../engine/types.ts';
import { storeCompiled } from './artifacts.ts';
import { submittedTreeViolations } from './compile.ts';
import type { Platform } from './platform.ts';
import { summarizeChange } from './summary.ts';
import { composeChange, descendantImpact, withStoredForm } from './validate.ts';

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
  /** Told after a commit: what caches know of this tenant's chain is out of date (the composition root wires it). */
  published(tenantId: string): Promise<void>;
}

const MAX_ATTEMPTS = 3;

/** Validate and publish. Throws RefusedChange (422), ConflictError (412 with If-Match) or a database error. */
export async function publishLayer(
  deps: PublishDeps,
  change: LayerChange,
): Promise<{ version: number; warnings: Warning[] }> {
  const unusable = submittedTreeViolations(change.tier, change.content);
  if (unusable.length > 0) throw new RefusedChange(unusable, []);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await deps.db.asTenant(change.tenantId, (tx) => publishInTransaction(deps.platform, tx, change));
      await deps.published(change.tenantId);
      return result;
    } catch (error) {
      // Without If-Match the last writer wins: a lost race is retried on the new head.
      const raced =
        error instanceof ConflictError && error.code === 'version_conflict' && change.expectedVersion === undefined;
      if (!raced || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function publishInTransaction(
  platform: Platform,
  tx: Tx,
  change: LayerChange,
): Promise<{ version: number; warnings: Warning[] }> {
  const layers = await lockAndReadChain(tx, change);
  const own = layers.at(-1);
  if (!own || own.tenantId !== change.tenantId) throw new Error('the chain does not end at the writing tenant');
  // If-Match "0" names the layer before its first version (as the policy's and the provider list's versions start at 0).
  if (change.expectedVersion !== undefined && (change.expectedVersion ?? 0) !== (own.version ?? 0)) {
    throw new ConflictError(
      'version_conflict',
      `The overrides moved on: the current version is ${own.version ?? 'none'}, not ${change.expectedVersion ?? 'none'}.`,
    );
  }

  const { chain: composed, result } = composeChange(platform, layers, change);
  const newChain = withStoredForm(composed, result);
  const next = newChain.at(-1)!;
  const violations = [...result.violations];
  if (change.tier < 2) {
    const impact = descendantImpact(platform, newChain, await descendantLayers(tx, change.tenantId));
    for (const child of impact) violations.push(...child.violations);
  }
  if (violations.length > 0) throw new RefusedChange(violations, result.warnings);

  const stored = await publishVersion(tx, {
    tenantId: change.tenantId,
    content: next.content,
    theme: next.theme,
    author: change.actor,
    summary: [change.note, summarizeChange(own.content, next.content, own.theme, next.theme)]
      .filter(Boolean)
      .join(': '),
    expectedVersion: own.version,
    action: change.action,
  });
  // The ancestors cannot have moved (the locks), so the chain as read with the stored layer swapped in is exactly
  // what a later read returns. The stored content (jsonb's key order), not the request's, keeps the artifact
  // byte-identical to one rebuilt from the database.
  await storeCompiled(tx, platform, change.tenantId, [
    ...newChain.slice(0, -1),
    { ...next, version: stored.version, content: stored.content, theme: stored.theme },
  ]);
  return { version: stored.version, warnings: result.warnings };
}

/** Take the subtree locks (platform shared or exclusive, then the partner's), then read the chain. */
async function lockAndReadChain(tx: Tx, change: LayerChange): Promise<ChainLayer[]> {
  // Root first: the platform, then (below the platform) the partner.
  const [platformId, partnerId] = change.chain ?? (await chainVersions(tx)).map((m) => m.tenantId);
  await lockChain(tx, { platformId, partnerId, platformWrites: change.tier === 0 });
  // Read under the locks: what we validate against cannot change until we commit.
  const layers = await chainLayers(tx);
  if (
    change.chain &&
    (layers.length !== change.chain.length || layers.some((l, i) => l.tenantId !== change.chain![i]))
  ) {
    throw new Error('the chain read does not match the resolved tenant chain');
  }
  return layers;
}
