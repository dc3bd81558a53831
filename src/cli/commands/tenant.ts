// livery tenant create --tier 0|1|2 --slug S --name N [--parent SLUG] [--json]
// An operator command: runs as the owner (--database-url, else LIVERY_MIGRATION_URL, else DATABASE_URL, else the
// embedded database). Tier 0 creates the platform tenant (once); tier 1 hangs under the platform; tier 2 needs
// --parent <partner slug>.
import { operatorTarget, withOperatorDatabase } from '../../db/operator.ts';
import { createTenant, findTenantByRef, platformTenant } from '../../db/queries/tenants.ts';
import type { Tier } from '../../db/schema.ts';

import { stringFlag, type CommandSpec } from '../args.ts';
import { parseOperatorArgs, runReported } from '../operator.ts';

export const spec: CommandSpec = {
  name: 'tenant',
  synopsis: 'create --tier 0|1|2 --slug S --name N [options]',
  description: `Creates a tenant: tier 0 the platform (once), tier 1 a partner under it, tier 2 a customer under --parent.`,
  flags: {
    tier: { type: 'string', value: '0|1|2', help: 'platform (0), partner (1) or customer (2)' },
    slug: { type: 'string', value: 'slug', help: "the tenant's slug (its host label)" },
    name: { type: 'string', value: 'name', help: 'the display name' },
    parent: { type: 'string', value: 'slug', help: 'with --tier 2: the partner it belongs to' },
  },
};

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, spec);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report, usage } = parsed;
  const tier = Number(values.tier) as Tier;
  const slug = stringFlag(values, 'slug');
  const name = stringFlag(values, 'name');
  const parentRef = stringFlag(values, 'parent');
  if (positionals[0] !== 'create' || positionals.length !== 1)
    return usage('the subcommand is create: livery tenant create --tier 1 --slug S --name N');
  if (values.tier === undefined || ![0, 1, 2].includes(tier))
    return usage(`--tier must be 0, 1 or 2${values.tier === undefined ? '' : `, not "${String(values.tier)}"`}`);
  if (!slug || !name) return usage('a tenant needs --slug and --name');
  if (tier === 2 && !parentRef) return usage('a tier 2 tenant needs --parent <partner slug>');

  return runReported(report, () =>
    withOperatorDatabase(operatorTarget(stringFlag(values, 'database-url'), process.env), (db) =>
      db.asSystem(async (tx) => {
        let parent = null;
        if (tier === 1) {
          parent = await platformTenant(tx);
          if (!parent)
            return report.fail(
              'no_platform',
              'There is no platform tenant yet: run `livery tenant create --tier 0 …` or `livery seed-demo`.',
            );
        } else if (tier === 2) {
          const found = await findTenantByRef(tx, parentRef!);
          if ('error' in found) return report.fail('unknown_parent', found.error);
          if (found.tenant.tier !== 1)
            return report.fail(
              'invalid_parent',
              `the parent of a customer must be a partner (tier 1); ${parentRef} is tier ${found.tenant.tier}`,
            );
          parent = found.tenant;
        }
        const tenant = await createTenant(tx, { tier, parentId: parent?.id ?? null, slug, name });
        report.result(
          {
            id: tenant.id,
            slug: tenant.slug,
            tier: tenant.tier,
            name: tenant.name,
            status: tenant.status,
            parent: parent?.slug ?? null,
            parentId: parent?.id ?? null,
          },
          `created tier ${tier} tenant ${tenant.slug} (${tenant.id})${parent ? ` under ${parent.slug}` : ''}`,
        );
        return 0;
      }),
    ),
  );
}
