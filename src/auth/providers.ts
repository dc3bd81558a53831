// Which sign-in providers a tenant host may use, and a partner's choice of them for its customers: on the platform and partner hosts every configured provider; on a
// customer host only those its partner allows (tenant_policies.providers on the partner, read through the narrow
// livery_chain_layers() function as the customer — the customer sees nothing else of its partner), and configured.
import type { Config, ProviderId } from '../config.ts';
import type { Database } from '../db/core.ts';
import { versionConflict } from '../db/errors.ts';
import { appendAudit } from '../db/queries/audit.ts';
import { getPolicy, partnerProviders, setPolicy } from '../db/queries/tokens.ts';
import type { Tier } from '../db/schema.ts';

export const PROVIDER_IDS: readonly ProviderId[] = ['github', 'google'];

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

export async function allowedProviders(
  db: Database,
  config: Pick<Config, 'oauth'>,
  tenant: { tenantId: string; tier: Tier },
): Promise<ProviderId[]> {
  const configured = PROVIDER_IDS.filter((id) => config.oauth[id] !== undefined);
  if (tenant.tier !== 2 || configured.length === 0) return configured;
  const allowed = await db.asTenant(tenant.tenantId, (tx) => partnerProviders(tx));
  return configured.filter((id) => allowed.includes(id));
}

/** A partner's choice of its customers' sign-in providers, and the version to send back as If-Match. */
export async function providerChoice(
  db: Database,
  tenantId: string,
): Promise<{ providers: string[]; version: number }> {
  const row = await db.asTenant(tenantId, (tx) => getPolicy(tx, tenantId));
  return { providers: row?.providers ?? [], version: row?.providersVersion ?? 0 };
}

/** Sets a partner's choice (sorted, without repeats); with `expected` (If-Match) only over that version. */
export async function chooseProviders(
  db: Database,
  acting: { tenantId: string; actor: string },
  providers: readonly ProviderId[],
  expected: number | null | undefined,
): Promise<{ providers: ProviderId[]; version: number }> {
  const { tenantId, actor } = acting;
  const unique = [...new Set(providers)].sort();
  const version = await db.asTenant(tenantId, async (tx) => {
    const before = await getPolicy(tx, tenantId);
    const row = await setPolicy(tx, {
      tenantId,
      providers: unique,
      updatedBy: actor,
      ...(expected !== undefined ? { expected: { providers: expected ?? 0 } } : {}),
    });
    if (!row) throw versionConflict('provider list', before?.providersVersion ?? 0, expected);
    await appendAudit(tx, { tenantId, actor, action: 'providers.update', detail: { providers: unique } });
    return row.providersVersion;
  });
  return { providers: unique, version };
}
