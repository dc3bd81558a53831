// A tenant's own layer as its API reads it: what is published now (overrides and catalog theme), its history, and
// a rollback, which publishes an old version's content again as a new version.
import type { Database } from '../db/core.ts';
import { getPublishedLayer, getVersion, listVersions, type TokenVersionRow } from '../db/queries/tokens.ts';
import { notFound } from '../lib/refusal.ts';
import { publishLayer, type LayerChange, type PublishDeps } from './publish.ts';

/** The tenant's published layer, or null before its first version. */
export async function publishedLayer(db: Database, tenantId: string): Promise<TokenVersionRow | null> {
  return db.asTenant(tenantId, (tx) => getPublishedLayer(tx, tenantId));
}

/** One version the tenant published (its tree and record), or null: what a history's diff reads. */
export async function publishedVersion(
  db: Database,
  tenantId: string,
  version: number,
): Promise<TokenVersionRow | null> {
  return db.asTenant(tenantId, (tx) => getVersion(tx, tenantId, version));
}

/** Every version the tenant published, newest first. */
export async function versionHistory(db: Database, tenantId: string): ReturnType<typeof listVersions> {
  return db.asTenant(tenantId, (tx) => listVersions(tx, tenantId));
}

/** Publishes version `version`'s content and theme again; not found when the tenant has no such version. */
export async function rollBack(
  deps: PublishDeps,
  change: Omit<LayerChange, 'content' | 'theme' | 'action' | 'note'>,
  version: number,
): ReturnType<typeof publishLayer> {
  const target = await deps.db.asTenant(change.tenantId, (tx) => getVersion(tx, change.tenantId, version));
  if (!target) throw notFound(`Version ${version}`);
  return publishLayer(deps, {
    ...change,
    content: target.content,
    theme: target.theme,
    action: 'tokens.rollback',
    note: `rollback to v${version}`,
  });
}
