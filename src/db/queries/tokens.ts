// Token layers: immutable versions, the published head, the partner policy, the cascade reads.
import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { rows, textArray, type Tx } from '../core.ts';
import { ConflictError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import { tenantPolicies, tokenHeads, tokenVersions, type TenantStatus, type Tier } from '../schema.ts';

export type TokenVersionRow = typeof tokenVersions.$inferSelect;

/** One tenant's published layer on the current tenant's chain (root first). */
export interface ChainLayer {
  tenantId: string;
  tier: Tier;
  status: TenantStatus;
  /** null when the tenant has never published a layer. */
  version: number | null;
  contentHash: string | null;
  content: unknown;
  theme: string | null;
  /** Set on the partner's row only, and only when the current tenant is a T2: the policy that binds it. */
  policy: unknown;
  providers: string[] | null;
}

export type ChainVersion = Pick<ChainLayer, 'tenantId' | 'tier' | 'status' | 'version' | 'contentHash' | 'theme'>;

/** A stable hash of a layer: key order does not matter, the theme selection does. */
export function contentHash(content: unknown, theme: string | null): string {
  return createHash('sha256').update(canonicalJson({ content, theme })).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface PublishInput {
  tenantId: string;
  content: unknown;
  theme?: string | null;
  author: string;
  summary?: string;
  /** When set, the write fails with ConflictError('version_conflict') unless this is still the head (If-Match). */
  expectedVersion?: number | null;
  /** Audit action name (default `tokens.publish`). */
  action?: string;
}

/**
 * Stores a new immutable version, moves the head to it and writes the audit row, all in the caller's
 * transaction. Concurrent writers serialise on the head row; a lost race is a ConflictError('version_conflict').
 * Returns the layer as stored: `content` as the database reads it back (jsonb: its key order, not the input's).
 */
export async function publishVersion(
  tx: Tx,
  input: PublishInput,
): Promise<{ version: number; previous: number | null; content: unknown; theme: string | null }> {
  const [head] = await tx
    .select({ version: tokenHeads.version })
    .from(tokenHeads)
    .where(eq(tokenHeads.tenantId, input.tenantId))
    .for('update');
  const previous = head?.version ?? null;
  if (input.expectedVersion !== undefined && input.expectedVersion !== previous) {
    throw new ConflictError('version_conflict', `The overrides moved on to version ${previous ?? 'none'}.`);
  }
  const [latest] = await tx
    .select({ version: tokenVersions.version })
    .from(tokenVersions)
    .where(eq(tokenVersions.tenantId, input.tenantId))
    .orderBy(desc(tokenVersions.version))
    .limit(1);
  const version = (latest?.version ?? 0) + 1;
  const theme = input.theme ?? null;
  const inserted = await tx
    .insert(tokenVersions)
    .values({
      tenantId: input.tenantId,
      version,
      content: input.content,
      theme,
      author: input.author,
      summary: input.summary ?? '',
      parentVersion: previous,
      contentHash: contentHash(input.content, theme),
    })
    .onConflictDoNothing()
    .returning({ content: tokenVersions.content, theme: tokenVersions.theme });
  const [stored] = inserted;
  if (!stored) {
    throw new ConflictError('version_conflict', 'Another write created this version first.');
  }
  await tx
    .insert(tokenHeads)
    .values({ tenantId: input.tenantId, version })
    .onConflictDoUpdate({ target: tokenHeads.tenantId, set: { version, updatedAt: new Date() } });
  await appendAudit(tx, {
    tenantId: input.tenantId,
    actor: input.author,
    action: input.action ?? 'tokens.publish',
    fromVersion: previous,
    toVersion: version,
    detail: input.summary ? { summary: input.summary } : {},
  });
  return { version, previous, content: stored.content, theme: stored.theme };
}

/** The tenant's own published layer, or null before its first version. */
export async function getPublishedLayer(tx: Tx, tenantId: string): Promise<TokenVersionRow | null> {
  const [row] = await tx
    .select({ v: tokenVersions })
    .from(tokenHeads)
    .innerJoin(
      tokenVersions,
      sql`${tokenVersions.tenantId} = ${tokenHeads.tenantId} and ${tokenVersions.version} = ${tokenHeads.version}`,
    )
    .where(eq(tokenHeads.tenantId, tenantId));
  return row?.v ?? null;
}

export async function getVersion(tx: Tx, tenantId: string, version: number): Promise<TokenVersionRow | null> {
  const [row] = await tx
    .select()
    .from(tokenVersions)
    .where(sql`${tokenVersions.tenantId} = ${tenantId} and ${tokenVersions.version} = ${version}`);
  return row ?? null;
}

export async function listVersions(
  tx: Tx,
  tenantId: string,
): Promise<Pick<TokenVersionRow, 'version' | 'createdAt' | 'author' | 'summary'>[]> {
  return tx
    .select({
      version: tokenVersions.version,
      createdAt: tokenVersions.createdAt,
      author: tokenVersions.author,
      summary: tokenVersions.summary,
    })
    .from(tokenVersions)
    .where(eq(tokenVersions.tenantId, tenantId))
    .orderBy(desc(tokenVersions.version));
}

interface ChainRow {
  tenant_id: string;
  tier: number;
  status: TenantStatus;
  version: number | null;
  content_hash: string | null;
  content?: unknown;
  theme: string | null;
  policy?: unknown;
  providers?: string[] | null;
}

/** The current tenant's chain with contents and the binding policy (livery_chain_layers). Empty without context. */
export async function chainLayers(tx: Tx): Promise<ChainLayer[]> {
  const result = await rows<ChainRow>(tx, sql`select * from livery_chain_layers()`);
  return result.map((r) => ({
    ...chainVersion(r),
    content: r.content ?? null,
    policy: r.policy ?? null,
    providers: r.providers ?? null,
  }));
}

/** The current tenant's chain versions only (livery_chain_versions): the read path's cache key. */
export async function chainVersions(tx: Tx): Promise<ChainVersion[]> {
  return (await rows<ChainRow>(tx, sql`select * from livery_chain_versions()`)).map(chainVersion);
}

function chainVersion(r: ChainRow): ChainVersion {
  return {
    tenantId: r.tenant_id,
    tier: Number(r.tier) as Tier,
    status: r.status,
    version: r.version === null ? null : Number(r.version),
    contentHash: r.content_hash,
    theme: r.theme,
  };
}

/** The sign-in providers the current tenant's partner allows (read as a customer, through livery_chain_layers). */
export async function partnerProviders(tx: Tx): Promise<string[]> {
  const [partner] = await rows<{ providers: string[] | string | null }>(
    tx,
    sql`select providers from livery_chain_layers() where tier = 1`,
  );
  return textArray(partner?.providers ?? null);
}

export type PolicyRow = typeof tenantPolicies.$inferSelect;

export async function getPolicy(tx: Tx, tenantId: string): Promise<PolicyRow | null> {
  const [row] = await tx.select().from(tenantPolicies).where(eq(tenantPolicies.tenantId, tenantId));
  return row ?? null;
}

/**
 * Sets a partner's policy and/or allowed providers (omitted fields keep their value), moving the version of what it
 * writes. With `expected`, the write happens only if that version is still current: null when it moved on (412).
 */
export async function setPolicy(
  tx: Tx,
  input: {
    tenantId: string;
    policy?: unknown;
    providers?: string[];
    updatedBy: string;
    expected?: { policy?: number; providers?: number };
  },
): Promise<PolicyRow | null> {
  const changes = {
    ...(input.policy !== undefined
      ? { policy: input.policy, policyVersion: sql`${tenantPolicies.policyVersion} + 1` }
      : {}),
    ...(input.providers !== undefined
      ? { providers: input.providers, providersVersion: sql`${tenantPolicies.providersVersion} + 1` }
      : {}),
    updatedBy: input.updatedBy,
    updatedAt: new Date(),
  };
  const expected = input.expected ?? {};
  const current = and(
    eq(tenantPolicies.tenantId, input.tenantId),
    expected.policy !== undefined ? eq(tenantPolicies.policyVersion, expected.policy) : undefined,
    expected.providers !== undefined ? eq(tenantPolicies.providersVersion, expected.providers) : undefined,
  );
  // A version above 0 was read from an existing row: only that row, unchanged since, may be updated.
  if ((expected.policy ?? 0) > 0 || (expected.providers ?? 0) > 0) {
    const [row] = await tx.update(tenantPolicies).set(changes).where(current).returning();
    return row ?? null;
  }
  const first = {
    tenantId: input.tenantId,
    updatedBy: input.updatedBy,
    updatedAt: changes.updatedAt,
    ...(input.policy !== undefined ? { policy: input.policy, policyVersion: 1 } : {}),
    ...(input.providers !== undefined ? { providers: input.providers, providersVersion: 1 } : {}),
  };
  const [row] = await tx
    .insert(tenantPolicies)
    .values(first)
    .onConflictDoUpdate({
      target: tenantPolicies.tenantId,
      set: changes,
      ...(input.expected ? { setWhere: current } : {}),
    })
    .returning();
  return row ?? null;
}

/**
 * Serialises writes that can affect each other, until the transaction ends: the platform's lock (exclusive for a
 * platform write, shared for every other), then the partner's subtree lock. Ids root first, as the chain lists them.
 */
export async function lockChain(
  tx: Tx,
  chain: { platformId?: string; partnerId?: string; platformWrites: boolean },
): Promise<void> {
  if (chain.platformId) {
    await tx.execute(
      chain.platformWrites
        ? sql`select pg_advisory_xact_lock(hashtextextended(${chain.platformId}, 0))`
        : sql`select pg_advisory_xact_lock_shared(hashtextextended(${chain.platformId}, 0))`,
    );
  }
  if (chain.partnerId) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${chain.partnerId}, 0))`);
}

/** A descendant's published layer, as a platform or partner write checks it. */
export interface DescendantLayer {
  tenantId: string;
  parentId: string;
  tier: 1 | 2;
  slug: string;
  version: number;
  content: unknown;
  theme: string | null;
}

/**
 * Every tenant below the current one (RLS shows only its subtree) that has published a layer of its own and is not
 * decommissioned, by tier and slug.
 */
export async function descendantLayers(tx: Tx, selfId: string): Promise<DescendantLayer[]> {
  const found = await rows<{
    tenant_id: string;
    parent_id: string;
    tier: number;
    slug: string;
    version: number;
    content: unknown;
    theme: string | null;
  }>(
    tx,
    sql`
    select t.id as tenant_id, t.parent_id, t.tier, t.slug, h.version, v.content, v.theme
      from tenants t
      join token_heads h on h.tenant_id = t.id
      join token_versions v on v.tenant_id = h.tenant_id and v.version = h.version
     where t.id <> ${selfId} and t.status <> 'decommissioned'
     order by t.tier, t.slug`,
  );
  return found.map((l) => ({
    tenantId: l.tenant_id,
    parentId: l.parent_id,
    tier: Number(l.tier) as 1 | 2,
    slug: l.slug,
    version: Number(l.version),
    content: l.content,
    theme: l.theme,
  }));
}
