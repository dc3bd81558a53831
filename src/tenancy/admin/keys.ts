// A tenant's API keys: created (the secret shown once), listed without secrets, revoked.
import { appendAudit } from '../../db/queries/audit.ts';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyRow } from '../../db/queries/keys.ts';
import type { Role } from '../../db/schema.ts';
import { notFound } from '../../lib/refusal.ts';
import { isUuid } from '../../lib/uuid.ts';
import type { Acting, AdminDeps } from './context.ts';

export async function createKey(
  deps: Pick<AdminDeps, 'db'>,
  acting: Acting,
  input: { role: Role; label: string },
): Promise<{ id: string; key: string; prefix: string }> {
  const { tenantId } = acting;
  return deps.db.asTenant(tenantId, async (tx) => {
    const key = await createApiKey(tx, { tenantId, ...input });
    await appendAudit(tx, {
      tenantId,
      actor: acting.actor,
      action: 'key.create',
      detail: { id: key.id, role: input.role },
    });
    return key;
  });
}

export async function listKeys(
  deps: Pick<AdminDeps, 'db'>,
  tenantId: string,
): Promise<Omit<ApiKeyRow, 'secretHash'>[]> {
  return deps.db.asTenant(tenantId, (tx) => listApiKeys(tx, tenantId));
}

export async function revokeKey(deps: Pick<AdminDeps, 'db'>, acting: Acting, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound('The key');
  const { tenantId } = acting;
  await deps.db.asTenant(tenantId, async (tx) => {
    if (!(await revokeApiKey(tx, id, tenantId))) throw notFound('The key');
    await appendAudit(tx, { tenantId, actor: acting.actor, action: 'key.revoke', detail: { id } });
  });
}
