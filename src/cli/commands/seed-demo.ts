// livery seed-demo [--rotate-keys] [--database-url URL] [--json]
// The demo: a platform, its partners and their customers (src/tokens.ts `demo`), each tenant's initial override
// layer as version 1 (author `seed-demo`, not validated here: test/tokens checks the demo data), partner
// policies and providers, and one admin API key per tenant.
//
// Idempotent: a second run creates nothing that exists (tenants are matched by slug under their parent, and
// layers are only written for tenants this run created). Keys are secrets shown once, so a rerun prints keys
// only for tenants that had no seed-demo key; --rotate-keys revokes the seed-demo keys and prints fresh ones.
import { operatorTarget, parseOperatorArgs, runReported, withOperatorDatabase } from '../../db/operator.ts';
import type { Tx } from '../../db/database.ts';
import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys, type Tier } from '../../db/schema.ts';
import { createApiKey } from '../../db/queries/keys.ts';
import { createTenant, findChild, platformTenant, type TenantRow } from '../../db/queries/tenants.ts';
import { publishVersion, setPolicy } from '../../db/queries/tokens.ts';
import { normalizeConfiguredHost } from '../../tenancy/host.ts';
import type { DemoManifest } from '../../tokens.ts';

const usage = 'usage: livery seed-demo [--rotate-keys] [--database-url URL] [--json]';
const keyLabel = 'seed-demo';

async function loadDemoManifest(): Promise<DemoManifest> {
  const { demo } = await import('../../tokens.ts');
  return demo;
}

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
  tx: Tx, manifest: DemoManifest, hosts: { platformHost: string; partnerRoot: string }, options: { rotateKeys?: boolean } = {},
): Promise<SeedResult> {
  const result: SeedResult = { tenants: [], keys: {}, keyNames: {} };
  const seeded: Array<{ tenant: TenantRow; keyName: string }> = [];

  const ensure = async (tier: Tier, parent: TenantRow | null, slug: string, name: string, host: string) => {
    const existing = parent ? await findChild(tx, parent.id, slug) : await platformTenant(tx);
    const tenant = existing ?? await createTenant(tx, { tier, parentId: parent?.id ?? null, slug, name });
    result.tenants.push({ id: tenant.id, slug: tenant.slug, tier, parent: parent?.slug ?? null, host, created: !existing });
    const keyName = result.tenants.filter((t) => t.slug === slug).length > 1 && parent ? `${parent.slug}/${slug}` : slug;
    seeded.push({ tenant, keyName });
    result.keyNames[tenant.id] = keyName;
    return { tenant, created: !existing };
  };
  const publish = (tenant: TenantRow, content: unknown | null, theme: string | null) =>
    content === null && theme === null ? undefined
      : publishVersion(tx, { tenantId: tenant.id, content: content ?? {}, theme, author: keyLabel, summary: 'demo seed', action: 'seed-demo' });

  const { tenant: platform } = await ensure(0, null, manifest.platform.slug, manifest.platform.name, hosts.platformHost);
  for (const partner of manifest.partners) {
    const partnerHost = `${partner.slug}.${hosts.partnerRoot}`;
    const { tenant: t1, created } = await ensure(1, platform, partner.slug, partner.name, partnerHost);
    if (created) {
      await publish(t1, partner.overrides, partner.theme);
      if (partner.policy !== null || partner.providers.length) {
        await setPolicy(tx, { tenantId: t1.id, policy: partner.policy ?? {}, providers: partner.providers, updatedBy: keyLabel });
      }
    }
    for (const customer of partner.customers) {
      const { tenant: t2, created: customerCreated } =
        await ensure(2, t1, customer.slug, customer.name, `${customer.slug}.${partnerHost}`);
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

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, usage, { 'rotate-keys': { type: 'boolean', default: false } });
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report } = parsed;
  if (positionals.length > 0) return report.fail('usage', `unexpected argument "${positionals[0]}"\n${usage}`, 2);
  const hosts = {
    platformHost: normalizeConfiguredHost(process.env.LIVERY_PLATFORM_HOST || 'livery.localhost', 'LIVERY_PLATFORM_HOST'),
    partnerRoot: normalizeConfiguredHost(process.env.LIVERY_PARTNER_ROOT || 'livery.localhost', 'LIVERY_PARTNER_ROOT'),
  };
  const manifest = await loadDemoManifest();

  return runReported(report, () => withOperatorDatabase(operatorTarget(values['database-url'], process.env), async (db) => {
    const seeded = await db.asSystem((tx) => seedDemo(tx, manifest, hosts, { rotateKeys: values['rotate-keys'] }));
    const width = Math.max(...seeded.tenants.map((t) => t.host.length));
    const lines = seeded.tenants.map((t) =>
      `  T${t.tier}  ${t.host.padEnd(width)}  ${t.created ? 'created' : 'exists '}  ${seeded.keys[seeded.keyNames[t.id]!] ?? ''}`);
    const keysNote = Object.keys(seeded.keys).length === seeded.tenants.length ? ''
      : '\n(tenants without a key above already had a seed-demo admin key; run with --rotate-keys for fresh ones)';
    report.result(
      { tenants: seeded.tenants.map(({ created: _created, ...t }) => t), keys: seeded.keys },
      `demo tenants (tier, host, state, admin key):\n${lines.join('\n')}${keysNote}`,
    );
    return 0;
  }));
}
