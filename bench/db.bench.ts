// Database figures (tenant scale, database side):
// - theme-layer lookup p50 as a T2 (livery_chain_layers() and livery_chain_versions() inside asTenant) with
//   100 000 tenants vs 100 tenants — two databases measured side by side, in alternating rounds; bar ≤ 1.2;
// - storage bytes per tenant with no overrides;
// - the RLS plan of a tenant-table read as a T2 on the large database: index scans, no sequential scan.
// On PGlite, and on a real PostgreSQL server when one is available (DATABASE_URL, or a throwaway cluster).
//
//   npx node bench/db.bench.ts
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../src/db/database.ts';
import { chainLayers, chainVersions } from '../src/db/queries/tokens.ts';
import { findPostgresBinaries, startCluster, type Cluster } from '../test/support/pg-cluster.ts';
import { databaseUrl } from '../test/support/database-setup.ts';

const SMALL = 100;
const LARGE = 100_000;
const ROUNDS = 10;
const CALLS_PER_ROUND = 200;
const STORAGE_SAMPLE = 10_000;
const bars = { ratio: 1.2, bytesPerTenant: 2048 };

let failed = false;
function line(figure: string, value: string, bar: string, pass: boolean): void {
  if (!pass) failed = true;
  process.stdout.write(`${figure}: ${value} (bar: ${bar}) ${pass ? 'PASS' : 'FAIL'}\n`);
}

const layer = { semantic: { light: { interactive: { primary: { $value: '#1d4ed8' } } } } };

/** A platform, then partners with customers up to `total` tenants, every tenant with a published layer. */
async function populate(db: Database, total: number): Promise<string[]> {
  const partners = Math.max(1, Math.round(total / 100));
  const perPartner = Math.floor((total - 1 - partners) / partners);
  await db.asSystem(async (tx) => {
    await tx.execute(sql`insert into tenants (tier, slug, name) values (0, 'platform', 'Platform')`);
    await tx.execute(sql`insert into tenants (tier, parent_id, slug, name)
      select 1, (select id from tenants where tier = 0), 'p' || g, 'Partner ' || g from generate_series(1, ${partners}) g`);
    await tx.execute(sql`insert into tenants (tier, parent_id, slug, name)
      select 2, p.id, 'c' || g, 'Customer ' || g from tenants p, generate_series(1, ${perPartner}) g where p.tier = 1`);
    await tx.execute(sql`insert into token_versions (tenant_id, version, content, author, content_hash)
      select id, 1, ${JSON.stringify(layer)}::jsonb, 'bench', md5(id::text) from tenants`);
    await tx.execute(sql`insert into token_heads (tenant_id, version) select id, 1 from tenants`);
    await tx.execute(sql`insert into tenant_policies (tenant_id, policy, providers)
      select id, '{"allow": ["semantic.*"]}'::jsonb, '{github}' from tenants where tier = 1`);
  });
  await db.rawTransaction((s) => s.script('analyze'));
  return db.asSystem(async (tx) =>
    (await rows<{ id: string }>(tx, sql`select id from tenants where tier = 2`)).map((r) => r.id),
  );
}

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function lookupSamples(
  db: Database,
  customers: string[],
  lookup: typeof chainLayers | typeof chainVersions,
  into: number[],
) {
  for (let i = 0; i < CALLS_PER_ROUND; i++) {
    const tenant = customers[Math.floor(Math.random() * customers.length)]!;
    const start = performance.now();
    await db.asTenant(tenant, (tx) => lookup(tx));
    into.push(performance.now() - start);
  }
}

async function tableBytes(db: Database): Promise<number> {
  const [row] = await db.asSystem((tx) =>
    rows<{ bytes: string }>(
      tx,
      sql`
    select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'`,
    ),
  );
  return Number(row!.bytes);
}

async function benchmark(kind: string, open: () => Promise<Database>): Promise<void> {
  const started = performance.now();
  const small = await open();
  const large = await open();
  try {
    const smallCustomers = await populate(small, SMALL);
    const largeCustomers = await populate(large, LARGE);
    process.stderr.write(
      `[${kind}] populated ${SMALL} and ${LARGE} tenants in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );

    for (const [name, lookup] of [
      ['livery_chain_layers()', chainLayers],
      ['livery_chain_versions()', chainVersions],
    ] as const) {
      const samples = { small: [] as number[], large: [] as number[] };
      await lookupSamples(small, smallCustomers, lookup, []); // warm-up
      await lookupSamples(large, largeCustomers, lookup, []);
      for (let round = 0; round < ROUNDS; round++) {
        await lookupSamples(small, smallCustomers, lookup, samples.small);
        await lookupSamples(large, largeCustomers, lookup, samples.large);
      }
      const ratio = p50(samples.large) / p50(samples.small);
      line(
        `db theme-layer lookup p50, ${name} as a T2 [${kind}]`,
        `${ratio.toFixed(2)}× (${p50(samples.large).toFixed(3)} ms with ${LARGE} tenants vs ${p50(samples.small).toFixed(3)} ms with ${SMALL})`,
        `≤ ${bars.ratio}×`,
        ratio <= bars.ratio,
      );
    }

    // Storage: what a tenant with no overrides costs, over a sample of customers added to the small database.
    const before = await tableBytes(small);
    await small.asSystem((tx) =>
      tx.execute(sql`insert into tenants (tier, parent_id, slug, name)
      select 2, (select id from tenants where tier = 1 order by slug limit 1), 'empty' || g, 'Empty customer ' || g
        from generate_series(1, ${STORAGE_SAMPLE}) g`),
    );
    const perTenant = ((await tableBytes(small)) - before) / STORAGE_SAMPLE;
    line(
      `db storage per tenant without overrides [${kind}]`,
      `${Math.round(perTenant)} bytes`,
      `≤ ${bars.bytesPerTenant} bytes`,
      perTenant <= bars.bytesPerTenant,
    );

    // The policy's plan as a T2 on the large database: index lookups through the closure table, no full scan.
    const explain = (query: ReturnType<typeof sql>) =>
      large.asTenant(largeCustomers[0]!, async (tx) =>
        (await rows<Record<string, string>>(tx, sql`explain (costs off) ${query}`))
          .map((r) => Object.values(r)[0]!)
          .join(' | '),
      );
    const plan = [
      await explain(sql`select version, content from token_versions`),
      await explain(sql`select id, slug from tenants`),
    ].join(' || ');
    const seqScan = /Seq Scan on (token_versions|tenants|tenant_ancestry)/.test(plan);
    line(
      `db RLS plan of a T2 reading token_versions and tenants with ${LARGE} tenants [${kind}]`,
      seqScan ? 'sequential scan' : 'index scans only',
      'no sequential scan of a tenant table',
      !seqScan,
    );
    if (seqScan || process.env.LIVERY_BENCH_VERBOSE) process.stderr.write(`[${kind}] plan: ${plan}\n`);
  } finally {
    await small.close();
    await large.close();
  }
}

await benchmark('pglite', () => openDatabase({ dataDir: 'memory://', migrate: true }));

let cluster: Cluster | undefined;
try {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl && findPostgresBinaries()) {
    const owned = await startCluster({ owner: process.pid });
    cluster = owned;
    process.once('exit', () => {
      try {
        owned.stop();
      } catch {
        /* already stopped */
      }
    });
    adminUrl = cluster.url;
  }
  if (!adminUrl) {
    process.stdout.write('db figures [postgres]: skipped — no PostgreSQL binaries and no DATABASE_URL\n');
  } else {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const created: string[] = [];
    try {
      await benchmark('postgres', async () => {
        const name = `livery_bench_${randomBytes(4).toString('hex')}`;
        await admin.unsafe(`create database ${name}`);
        created.push(name);
        return openDatabase({ url: databaseUrl(adminUrl!, name), poolSize: 2, migrate: true });
      });
    } finally {
      for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
} finally {
  cluster?.stop();
}
process.exitCode = failed ? 1 : 0;
