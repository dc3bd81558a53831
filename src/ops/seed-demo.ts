// The demo: a platform, its partners and their customers (the tokens directory's demo manifest), each tenant's initial
// override layer as version 1 (author `seed-demo`, not validated here: test/tokens checks the demo data), partner
// policies and providers, and one admin API key per tenant. `livery seed-demo` and the Node server's first start
// (src/node.ts) run it.
//
// Idempotent: a second run creates nothing that exists (tenants are matched by slug under their parent, and
// layers are only written for tenants this run created). Keys are secrets shown once, so a rerun makes keys
// only for tenants that had no seed-demo key; `rotateKeys` revokes the seed-demo keys and makes fresh ones.
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { apiKeys, type Tier } from '../db/schema.ts';
import { createApiKey } from '../db/queries/keys.ts';
import { createTenant, findChild, platformTenant, type TenantRow } from '../db/queries/tenants.ts';
import { publishVersion, setPolicy } from '../db/queries/tokens.ts';
import type { DemoManifest } from '../tokens.ts';

const keyLabel = 'seed-demo';

export interface SeededTenant {
  id: string;
  slug: string;
  tier: Tier;
  parent: string | null;
  host: string;
  created: boolean;
}

export interface SeedResult {
  tenants: SeededTenant[];
  /** Admin keys created by this run, by slug (`partner/customer` if a customer slug is not unique). */
  keys: Record<string, string>;
  /** The `keys` entry name of each tenant, by tenant id. */
  keyNames: Record<string, string>;
}

export async function seedDemo(
  tx: Tx,
  manifest: DemoManifest,
  hosts: { platformHost: string; partnerRoot: string },
  options: { rotateKeys?: boolean } = {},
): Promise<SeedResult> {
  const result: SeedResult = { tenants: [], keys: {}, keyNames: {} };
  const seeded: Array<{ tenant: TenantRow; keyName: string }> = [];

  const ensure = async (tier: Tier, parent: TenantRow | null, slug: string, name: string, host: string) => {
    const existing = parent ? await findChild(tx, parent.id, slug) : await platformTenant(tx);
    const tenant = existing ?? (await createTenant(tx, { tier, parentId: parent?.id ?? null, slug, name }));
    result.tenants.push({
      id: tenant.id,
      slug: tenant.slug,
      tier,
      parent: parent?.slug ?? null,
      host,
      created: !existing,
    });
    const keyName =
      result.tenants.filter((t) => t.slug === slug).length > 1 && parent ? `${parent.slug}/${slug}` : slug;
    seeded.push({ tenant, keyName });
    result.keyNames[tenant.id] = keyName;
    return { tenant, created: !existing };
  };
  const publish = (tenant: TenantRow, content: unknown | null, theme: string | null) =>
    content === null && theme === null
      ? undefined
      : publishVersion(tx, {
          tenantId: tenant.id,
          content: content ?? {},
          theme,
          author: keyLabel,
          summary: 'demo seed',
          action: 'seed-demo',
        });

  const { tenant: platform } = await ensure(
    0,
    null,
    manifest.platform.slug,
    manifest.platform.name,
    hosts.platformHost,
  );
  for (const partner of manifest.partners) {
    const partnerHost = `${partner.slug}.${hosts.partnerRoot}`;
    const { tenant: t1, created } = await ensure(1, platform, partner.slug, partner.name, partnerHost);
    if (created) {
      await publish(t1, partner.overrides, partner.theme);
      if (partner.policy !== null || partner.providers.length) {
        await setPolicy(tx, {
          tenantId: t1.id,
          policy: partner.policy ?? {},
          providers: partner.providers,
          updatedBy: keyLabel,
        });
      }
    }
    for (const customer of partner.customers) {
      const { tenant: t2, created: customerCreated } = await ensure(
        2,
        t1,
        customer.slug,
        customer.name,
        `${customer.slug}.${partnerHost}`,
      );
      if (customerCreated) await publish(t2, customer.overrides, null);
    }
  }

  for (const { tenant, keyName } of seeded) {
    const live = and(eq(apiKeys.tenantId, tenant.id), eq(apiKeys.label, keyLabel), isNull(apiKeys.revokedAt));
    if (options.rotateKeys) {
      await tx.update(apiKeys).set({ revokedAt: new Date() }).where(live);
    } else if ((await tx.select({ id: apiKeys.id }).from(apiKeys).where(live)).length > 0) {
      continue;
    }
    result.keys[keyName] = (await createApiKey(tx, { tenantId: tenant.id, role: 'admin', label: keyLabel })).key;
  }
  return result;
}
