// Which sign-in providers a tenant host may use: on the platform and partner hosts every configured provider; on a
// customer host only those its partner allows (tenant_policies.providers on the partner, read through the narrow
// livery_chain_layers() function as the customer — the customer sees nothing else of its partner), and configured.
import { sql } from 'drizzle-orm';
import type { Config, ProviderId } from '../config.ts';
import { rows, textArray, type Database } from '../db/core.ts';
import type { Tier } from '../db/schema.ts';

export const PROVIDER_IDS: readonly ProviderId[] = ['github', 'google'];

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

export async function allowedProviders(
  db: Database, config: Pick<Config, 'oauth'>, tenant: { tenantId: string; tier: Tier },
): Promise<ProviderId[]> {
  const configured = PROVIDER_IDS.filter((id) => config.oauth[id] !== undefined);
  if (tenant.tier !== 2 || configured.length === 0) return configured;
  const [partner] = await db.asTenant(tenant.tenantId, (tx) =>
    rows<{ providers: string[] | string | null }>(tx, sql`select providers from livery_chain_layers() where tier = 1`));
  const allowed = textArray(partner?.providers ?? null);
  return configured.filter((id) => allowed.includes(id));
}
