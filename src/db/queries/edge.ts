// The edge's one statement (migrations/0013_edge_theme_lookup.sql): host → tenant, the chain's versions and statuses,
// the chain key, and the stored artifact or the layers to build it from — one round trip, one transaction.
import { sql, type SQL } from 'drizzle-orm';
import type { TenantStatus, Tier } from '../schema.ts';
import type { StoredArtifact } from './artifacts.ts';

/** One tenant on the chain, root first, as the edge keeps it. */
export interface EdgeChainMember {
  tenantId: string;
  tier: Tier;
  status: TenantStatus;
  version: number | null;
  /** The catalog theme a partner selected with this version. */
  theme: string | null;
}

export interface EdgeLookupRequest {
  /** The platform's base build (part of every chain key). */
  baseHash: string;
  /** The key the caller already holds a theme for: no payload is sent when it is still current. */
  knownKey: string | null;
  /** false: host and key only (an API request). */
  wantTheme: boolean;
}

export interface EdgeLookup {
  tenantId: string;
  tier: Tier;
  /** The chain's effective status: the tenant's own, or the first ancestor's that is not active. */
  status: TenantStatus;
  chain: EdgeChainMember[];
  key: string;
  /** Present when asked for, the tenant is active, the key is not `knownKey` and an artifact is stored for it. */
  artifact?: StoredArtifact;
  /** Instead of `artifact` when none is stored: each member's published content, aligned with `chain`. */
  layers?: unknown[];
}

interface EdgeRow {
  tenant_id: string;
  tier: number;
  status: TenantStatus;
  chain: EdgeChainMember[] | string;
  chain_key: string;
  artifact_css: string | null;
  artifact_tailwind: string | null;
  artifact_json: string | null;
  artifact_flat: string | null;
  layers: unknown[] | string | null;
}

export function edgeLookupStatement(host: string, request: EdgeLookupRequest): SQL {
  return sql`select * from livery_edge_theme(${host}, ${request.baseHash}, ${request.knownKey}, ${request.wantTheme})`;
}

export function edgeLookupFromRow(row: EdgeRow): EdgeLookup {
  const lookup: EdgeLookup = {
    tenantId: row.tenant_id,
    tier: Number(row.tier) as Tier,
    status: row.status,
    chain: json<EdgeChainMember[]>(row.chain).map((m) => ({ ...m, tier: Number(m.tier) as Tier })),
    key: row.chain_key,
  };
  if (row.artifact_json !== null && row.artifact_flat !== null && row.artifact_css !== null) {
    lookup.artifact = {
      key: row.chain_key,
      overlayCss: row.artifact_css,
      overlayTailwind: row.artifact_tailwind ?? '',
      json: row.artifact_json,
      flat: row.artifact_flat,
    };
  } else if (row.layers !== null) {
    lookup.layers = json<unknown[]>(row.layers);
  }
  return lookup;
}

/** jsonb arrives parsed from both drivers; text is accepted too, should a driver hand it over unparsed. */
function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

export type { EdgeRow };
