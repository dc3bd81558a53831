// API keys: `lvk_<prefix>_<secret>`. Only SHA-256(secret) is stored; the secret is 256 random bits, so a slow
// hash adds nothing. The prefix finds the row, the hash comparison is constant-time.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, getTableColumns, isNull } from 'drizzle-orm';
import { hashSecret } from '../../lib/secrets.ts';
import type { Tx } from '../core.ts';
import { apiKeys, type Role } from '../schema.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

const keyPattern = /^lvk_([0-9a-f]{12})_([0-9a-f]{64})$/;

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = keyPattern.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

/** Creates a key; the returned `key` is the only time the secret exists outside the caller's hands. */
export async function createApiKey(
  tx: Tx,
  input: { tenantId: string; role: Role; label?: string },
): Promise<{ id: string; key: string; prefix: string }> {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('hex');
  const [row] = await tx
    .insert(apiKeys)
    .values({
      tenantId: input.tenantId,
      role: input.role,
      prefix,
      secretHash: hashSecret(secret),
      label: input.label ?? '',
    })
    .returning({ id: apiKeys.id });
  return { id: row!.id, key: `lvk_${prefix}_${secret}`, prefix };
}

/**
 * The live (not revoked) key row matching `key`, within what the transaction can see and, given `tenantId`, belonging
 * to exactly that tenant (RLS alone would also show descendants' keys); null otherwise.
 */
export async function findApiKey(tx: Tx, key: string, tenantId?: string): Promise<ApiKeyRow | null> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  const [row] = await tx
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.prefix, parsed.prefix),
        isNull(apiKeys.revokedAt),
        tenantId === undefined ? undefined : eq(apiKeys.tenantId, tenantId),
      ),
    );
  if (!row) return null;
  const expected = Buffer.from(row.secretHash, 'hex');
  const actual = Buffer.from(hashSecret(parsed.secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? row : null;
}

export async function touchApiKey(tx: Tx, id: string): Promise<void> {
  await tx.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, id));
}

export async function listApiKeys(tx: Tx, tenantId: string): Promise<Omit<ApiKeyRow, 'secretHash'>[]> {
  const { secretHash: _secretHash, ...columns } = getTableColumns(apiKeys);
  return tx.select(columns).from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt));
}

/** Revokes a live key (given `tenantId`, only one belonging to exactly that tenant); false if there was none. */
export async function revokeApiKey(tx: Tx, id: string, tenantId?: string): Promise<boolean> {
  const revoked = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiKeys.id, id),
        isNull(apiKeys.revokedAt),
        tenantId === undefined ? undefined : eq(apiKeys.tenantId, tenantId),
      ),
    )
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}
