// livery key create --tenant SLUG [--role admin|editor|viewer] [--label L] [--json]
// Prints the key once (it is stored hashed); --json prints {"id": "...", "key": "..."}.
import { operatorTarget, withOperatorDatabase } from '../../db/operator.ts';
import { createApiKey } from '../../db/queries/keys.ts';
import { findTenantByRef } from '../../db/queries/tenants.ts';
import type { Role } from '../../db/schema.ts';

import { stringFlag, type CommandSpec } from '../args.ts';
import { parseOperatorArgs, runReported } from '../operator.ts';

const roles: readonly string[] = ['admin', 'editor', 'viewer'];

export const spec: CommandSpec = {
  name: 'key',
  synopsis: 'create --tenant SLUG [options]',
  description: 'Creates an API key for a tenant and prints it once (it is stored hashed); --json prints {"id", "key"}.',
  flags: {
    tenant: { type: 'string', value: 'slug', help: 'the tenant: a uuid, a slug, or partner/customer' },
    role: { type: 'string', default: 'admin', value: 'admin|editor|viewer', help: 'what the key may do' },
    label: { type: 'string', default: 'cli', value: 'text', help: 'a label to recognise the key by' },
  },
};

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, spec);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report, usage } = parsed;
  const tenant = stringFlag(values, 'tenant');
  const role = String(values.role);
  if (positionals[0] !== 'create' || positionals.length !== 1)
    return usage('the subcommand is create: livery key create --tenant SLUG');
  if (!tenant) return usage('name the tenant: --tenant SLUG');
  if (!roles.includes(role)) return usage(`--role must be one of ${roles.join(', ')}, not "${role}"`);

  return runReported(report, () =>
    withOperatorDatabase(operatorTarget(stringFlag(values, 'database-url'), process.env), (db) =>
      db.asSystem(async (tx) => {
        const found = await findTenantByRef(tx, tenant);
        if ('error' in found) return report.fail('unknown_tenant', found.error);
        const created = await createApiKey(tx, {
          tenantId: found.tenant.id,
          role: role as Role,
          label: String(values.label),
        });
        report.result(
          { id: created.id, key: created.key },
          `created ${role} key ${created.id} for ${found.tenant.slug} (shown once):\n${created.key}`,
        );
        return 0;
      }),
    ),
  );
}
