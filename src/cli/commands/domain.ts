// livery domain add --tenant SLUG --domain D [--verified] [--json]
// Maps a host name to a tenant. --verified is the operator shortcut that skips the DNS check (the owner may write
// verified_at; nobody else can); without it the name is claimed as the tenant would claim it (livery_claim_domain:
// unverified, 7 days) and the verification token is printed.
import { sql } from 'drizzle-orm';
import { operatorTarget, withOperatorDatabase } from '../../db/operator.ts';
import { addVerifiedDomain, claimDomain } from '../../db/queries/domains.ts';
import { findTenantByRef } from '../../db/queries/tenants.ts';
import { normalizeHost } from '../../tenancy/host.ts';

import { stringFlag, type CommandSpec } from '../args.ts';
import { parseOperatorArgs, runReported } from '../operator.ts';

export const spec: CommandSpec = {
  name: 'domain',
  synopsis: 'add --tenant SLUG --domain D [options]',
  description: `Maps a host name to a tenant. Without --verified the name is claimed as the tenant would claim it (unverified for 7
days) and the DNS TXT record that verifies it is printed.`,
  flags: {
    tenant: { type: 'string', value: 'slug', help: 'the tenant: a uuid, a slug, or partner/customer' },
    domain: { type: 'string', value: 'host', help: 'the host name to map' },
    verified: { type: 'boolean', help: "map it verified at once (the owner's shortcut past the DNS check)" },
  },
};

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, spec);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report, usage } = parsed;
  const tenant = stringFlag(values, 'tenant');
  const requested = stringFlag(values, 'domain');
  if (positionals[0] !== 'add' || positionals.length !== 1)
    return usage('the subcommand is add: livery domain add --tenant SLUG --domain D');
  if (!tenant || !requested) return usage('name the tenant and the domain: --tenant SLUG --domain D');
  const host = normalizeHost(requested);
  if (!host.ok || !host.host.includes('.')) {
    return report.fail(
      'invalid_domain',
      `"${requested}" is not a usable domain${host.ok ? ' (it needs at least two labels)' : `: ${host.reason}`}`,
      2,
    );
  }
  const domain = host.host;

  return runReported(report, () =>
    withOperatorDatabase(operatorTarget(stringFlag(values, 'database-url'), process.env), (db) =>
      db.asSystem(async (tx) => {
        const found = await findTenantByRef(tx, tenant);
        if ('error' in found) return report.fail('unknown_tenant', found.error);
        const target = { tenantId: found.tenant.id, domain };
        let mapping: Awaited<ReturnType<typeof claimDomain>>;
        if (values.verified) {
          mapping = await addVerifiedDomain(tx, target);
        } else {
          // A claim is made in the tenant's context (the function checks it), then the context is cleared again.
          await tx.execute(sql`select set_config('app.tenant_id', ${found.tenant.id}, true)`);
          mapping = await claimDomain(tx, target);
          await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
        }
        report.result(
          {
            domain: mapping.domain,
            tenant: found.tenant.slug,
            tenantId: found.tenant.id,
            verified: mapping.verifiedAt !== null,
            verificationToken: mapping.verificationToken,
            expiresAt: mapping.expiresAt,
          },
          mapping.verifiedAt
            ? `mapped ${mapping.domain} → ${found.tenant.slug} (verified)`
            : `claimed ${mapping.domain} for ${found.tenant.slug}, unverified until ${mapping.expiresAt!.toISOString()}: ` +
                `publish the TXT record _livery-challenge.${mapping.domain} ${mapping.verificationToken}`,
        );
        return 0;
      }),
    ),
  );
}
