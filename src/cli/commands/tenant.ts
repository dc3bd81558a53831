// livery tenant create --tier 0|1|2 --slug S --name N [--parent SLUG] [--json]
// An operator command: runs as the owner (--database-url, else LIVERY_MIGRATION_URL, else DATABASE_URL, else the
// embedded database). Tier 0 creates the platform tenant (once); tier 1 hangs under the platform; tier 2 needs
// --parent <partner slug>.
import { operatorTarget, parseOperatorArgs, runReported, withOperatorDatabase } from '../../db/operator.ts';
import { createTenant, findTenantByRef, platformTenant } from '../../db/queries/tenants.ts';
import type { Tier } from '../../db/schema.ts';

const usage = 'usage: livery tenant create --tier 1|2 --slug S --name N [--parent SLUG] [--database-url URL] [--json]';

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, usage, { tier: { type: 'string' }, slug: { type: 'string' }, name: { type: 'string' }, parent: { type: 'string' } });
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report } = parsed;
  const tier = Number(values.tier) as Tier;
  if (positionals[0] !== 'create' || positionals.length !== 1 || ![0, 1, 2].includes(tier) || !values.slug || !values.name) {
    return report.fail('usage', usage, 2);
  }
  if (tier === 2 && !values.parent) return report.fail('usage', 'a tier 2 tenant needs --parent <partner slug>', 2);
  const { slug, name } = values;

  return runReported(report, () => withOperatorDatabase(operatorTarget(values['database-url'], process.env), (db) =>
    db.asSystem(async (tx) => {
      let parent = null;
      if (tier === 1) {
        parent = await platformTenant(tx);
        if (!parent) return report.fail('no_platform', 'There is no platform tenant yet: run `livery tenant create --tier 0 …` or `livery seed-demo`.');
      } else if (tier === 2) {
        const found = await findTenantByRef(tx, values.parent!);
        if ('error' in found) return report.fail('unknown_parent', found.error);
        if (found.tenant.tier !== 1) return report.fail('invalid_parent', `the parent of a customer must be a partner (tier 1); ${values.parent} is tier ${found.tenant.tier}`);
        parent = found.tenant;
      }
      const tenant = await createTenant(tx, { tier, parentId: parent?.id ?? null, slug, name });
      report.result(
        { id: tenant.id, slug: tenant.slug, tier: tenant.tier, name: tenant.name, status: tenant.status,
          parent: parent?.slug ?? null, parentId: parent?.id ?? null },
        `created tier ${tier} tenant ${tenant.slug} (${tenant.id})${parent ? ` under ${parent.slug}` : ''}`,
      );
      return 0;
    })));
}
