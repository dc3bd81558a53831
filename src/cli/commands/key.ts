// livery key create --tenant SLUG [--role admin|editor|viewer] [--label L] [--json]
// Prints the key once (it is stored hashed); --json prints {"id": "...", "key": "..."}.
import { operatorTarget, parseOperatorArgs, runReported, withOperatorDatabase } from '../../db/operator.ts';
import { createApiKey } from '../../db/queries/keys.ts';
import { findTenantByRef } from '../../db/queries/tenants.ts';
import type { Role } from '../../db/schema.ts';

const usage = 'usage: livery key create --tenant SLUG [--role admin|editor|viewer] [--label L] [--database-url URL] [--json]';
const roles: readonly string[] = ['admin', 'editor', 'viewer'];

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, usage, { tenant: { type: 'string' }, role: { type: 'string', default: 'admin' }, label: { type: 'string' } });
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report } = parsed;
  if (positionals[0] !== 'create' || positionals.length !== 1 || !values.tenant || !roles.includes(values.role)) {
    return report.fail('usage', usage, 2);
  }

  return runReported(report, () => withOperatorDatabase(operatorTarget(values['database-url'], process.env), (db) =>
    db.asSystem(async (tx) => {
      const found = await findTenantByRef(tx, values.tenant!);
      if ('error' in found) return report.fail('unknown_tenant', found.error);
      const created = await createApiKey(tx, {
        tenantId: found.tenant.id, role: values.role as Role, label: values.label ?? 'cli',
      });
      report.result({ id: created.id, key: created.key },
        `created ${values.role} key ${created.id} for ${found.tenant.slug} (shown once):\n${created.key}`);
      return 0;
    })));
}
