// livery seed-demo [--rotate-keys] [--database-url URL] [--json] — seeds the demo (src/ops/seed-demo.ts) and prints
// each tenant's host and the admin keys this run made.
import { operatorTarget, withOperatorDatabase } from '../../db/operator.ts';
import { seedDemo } from '../../ops/seed-demo.ts';
import { normalizeConfiguredHost } from '../../tenancy/host.ts';
import { stringFlag, type CommandSpec } from '../args.ts';
import { parseOperatorArgs, runReported } from '../operator.ts';

export const spec: CommandSpec = {
  name: 'seed-demo',
  synopsis: '[options]',
  description: `Seeds the demo platform, partners and customers, with their hosts (LIVERY_PLATFORM_HOST, LIVERY_PARTNER_ROOT) and an
admin API key per tenant, printed once. Idempotent: a rerun creates nothing that exists and prints keys only for
tenants without one.`,
  flags: {
    'rotate-keys': { type: 'boolean', help: 'revoke the seed-demo keys and print fresh ones' },
  },
};

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, spec);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report, usage } = parsed;
  if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
  const hosts = {
    platformHost: normalizeConfiguredHost(
      process.env.LIVERY_PLATFORM_HOST || 'livery.localhost',
      'LIVERY_PLATFORM_HOST',
    ),
    partnerRoot: normalizeConfiguredHost(process.env.LIVERY_PARTNER_ROOT || 'livery.localhost', 'LIVERY_PARTNER_ROOT'),
  };
  const { demo: manifest } = await import('../../tokens.ts');

  return runReported(report, () =>
    withOperatorDatabase(operatorTarget(stringFlag(values, 'database-url'), process.env), async (db) => {
      const seeded = await db.asSystem((tx) =>
        seedDemo(tx, manifest, hosts, { rotateKeys: values['rotate-keys'] === true }),
      );
      const width = Math.max(...seeded.tenants.map((t) => t.host.length));
      const lines = seeded.tenants.map(
        (t) =>
          `  T${t.tier}  ${t.host.padEnd(width)}  ${t.created ? 'created' : 'exists '}  ${seeded.keys[seeded.keyNames[t.id]!] ?? ''}`,
      );
      const keysNote =
        Object.keys(seeded.keys).length === seeded.tenants.length
          ? ''
          : '\n(tenants without a key above already had a seed-demo admin key; run with --rotate-keys for fresh ones)';
      report.result(
        { tenants: seeded.tenants.map(({ created: _created, ...t }) => t), keys: seeded.keys },
        `demo tenants (tier, host, state, admin key):\n${lines.join('\n')}${keysNote}`,
      );
      return 0;
    }),
  );
}
