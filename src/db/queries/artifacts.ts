// Compiled artifacts, stored per tenant and chain key (compile on write; children rebuild lazily on read).
// Only what the tenant adds over the base is stored: the overlay CSS and Tailwind, and the JSON documents.
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../core.ts';

/** What is stored per tenant and chain key (compile on write): only what the tenant adds over the base. */
export interface StoredArtifact {
  key: string;
  overlayCss: string;
  overlayTailwind: string;
  json: string;
  flat: string;
}

interface ArtifactRow {
  chain_key: string;
  css: string;
  tailwind: string | null;
  json: string | null;
  flat: string | null;
}

export async function loadArtifact(tx: Tx, tenantId: string, key: string): Promise<StoredArtifact | null> {
  const [row] = await rows<ArtifactRow>(
    tx,
    sql`
    select chain_key, css, tailwind, json, flat from theme_artifacts where tenant_id = ${tenantId} and chain_key = ${key}`,
  );
  if (!row || row.json === null || row.flat === null) return null;
  return {
    key: row.chain_key,
    overlayCss: row.css,
    overlayTailwind: row.tailwind ?? '',
    json: row.json,
    flat: row.flat,
  };
}

/** Idempotent: an artifact for a key never changes, so a concurrent builder's row is as good as ours. */
export async function storeArtifact(tx: Tx, tenantId: string, artifact: StoredArtifact): Promise<void> {
  await tx.execute(sql`
    insert into theme_artifacts (tenant_id, chain_key, css, tailwind, json, flat)
    values (${tenantId}, ${artifact.key}, ${artifact.overlayCss}, ${artifact.overlayTailwind}, ${artifact.json}, ${artifact.flat})
    on conflict (tenant_id, chain_key) do nothing`);
}
