// The operator commands as a user runs them: a real process, `--json` giving exactly one JSON document on stdout.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeOnDatabase, type TestDatabase } from '../support/databases.ts';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

function livery(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      [cli, ...args],
      {
        cwd: options.cwd,
        env: { ...process.env, DATABASE_URL: '', ...options.env },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        resolveRun({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, json });
      },
    );
  });
}

describeOnDatabase('postgres', 'operator CLI', () => {
  let db: TestDatabase;
  let url: string;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    url = db.url!;
  });
  afterAll(() => db?.close());

  it('seeds the demo once, with hosts and one admin key per tenant, and reruns without duplicating', async () => {
    const first = await livery(['seed-demo', '--json', '--database-url', url]);
    expect(first.code).toBe(0);
    const hosts = first.json.tenants.map((t: { host: string }) => t.host);
    expect(hosts).toEqual(
      expect.arrayContaining([
        'livery.localhost',
        'acme.livery.localhost',
        'shop.acme.livery.localhost',
        'store.globex.livery.localhost',
      ]),
    );
    expect(first.json.tenants).toHaveLength(7);
    expect(Object.keys(first.json.keys).sort()).toEqual(first.json.tenants.map((t: { slug: string }) => t.slug).sort());
    const second = await livery(['seed-demo', '--json', '--database-url', url]);
    expect(second.json.tenants.map((t: { id: string }) => t.id)).toEqual(
      first.json.tenants.map((t: { id: string }) => t.id),
    );
    expect(second.json.keys).toEqual({});
    const rotated = await livery(['seed-demo', '--json', '--rotate-keys', '--database-url', url]);
    expect(Object.keys(rotated.json.keys)).toHaveLength(7);
  });

  it('creates a customer, a key for it and a verified domain, each as one JSON document', async () => {
    const tenant = await livery([
      'tenant',
      'create',
      '--tier',
      '2',
      '--slug',
      'kiosk',
      '--name',
      'Kiosk',
      '--parent',
      'acme',
      '--json',
      '--database-url',
      url,
    ]);
    expect(tenant.code).toBe(0);
    expect(tenant.json).toMatchObject({ slug: 'kiosk', tier: 2, parent: 'acme' });
    const key = await livery([
      'key',
      'create',
      '--tenant',
      'acme/kiosk',
      '--role',
      'editor',
      '--json',
      '--database-url',
      url,
    ]);
    expect(Object.keys(key.json).sort()).toEqual(['id', 'key']);
    expect(key.json.key).toMatch(/^lvk_/);
    const domain = await livery([
      'domain',
      'add',
      '--tenant',
      'kiosk',
      '--domain',
      'Kiosk.Example.COM.',
      '--verified',
      '--json',
      '--database-url',
      url,
    ]);
    expect(domain.json).toMatchObject({ domain: 'kiosk.example.com', tenantId: tenant.json.id, verified: true });
    expect(await db.resolveHost('kiosk.example.com')).toMatchObject({ tenantId: tenant.json.id });
  });

  it('answers refusals with a JSON error and exit code 1, bad usage with exit code 2', async () => {
    const taken = await livery([
      'tenant',
      'create',
      '--tier',
      '1',
      '--slug',
      'acme',
      '--name',
      'Again',
      '--json',
      '--database-url',
      url,
    ]);
    expect([taken.code, taken.json.error.code]).toEqual([1, 'slug_taken']);
    const ambiguous = await livery(['key', 'create', '--tenant', 'nobody', '--json', '--database-url', url]);
    expect([ambiguous.code, ambiguous.json.error.code]).toEqual([1, 'unknown_tenant']);
    const usage = await livery(['tenant', 'create', '--tier', '5', '--json', '--database-url', url]);
    expect([usage.code, usage.json.error.code]).toEqual([2, 'usage']);
    const unknownFlag = await livery(['domain', 'add', '--tenant', 'acme', '--domian', 'x.example', '--json']);
    expect([unknownFlag.code, unknownFlag.json.error.code]).toEqual([2, 'usage']);
    expect(unknownFlag.json.error.message).toContain('--domian');
    const stray = await livery(['migrate', 'now', '--json', '--database-url', url]);
    expect([stray.code, stray.json.error.code]).toEqual([2, 'usage']);
    const help = await livery(['seed-demo', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringMatching(/^usage: livery seed-demo /)]);
  });

  it('claims a domain for a tenant unverified for 7 days, as the tenant would', async () => {
    const claim = await livery([
      'domain',
      'add',
      '--tenant',
      'acme/shop',
      '--domain',
      'claim.example.com',
      '--json',
      '--database-url',
      url,
    ]);
    expect(claim.code, claim.stderr).toBe(0);
    expect(claim.json).toMatchObject({ domain: 'claim.example.com', tenant: 'shop', verified: false });
    expect(claim.json.verificationToken).toMatch(/^livery-verify-[0-9a-f]{32}$/);
    expect(Date.parse(claim.json.expiresAt)).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    expect(await db.resolveHost('claim.example.com')).toBeNull();
    const again = await livery([
      'domain',
      'add',
      '--tenant',
      'globex/store',
      '--domain',
      'claim.example.com',
      '--json',
      '--database-url',
      url,
    ]);
    expect([again.code, again.json.error.code]).toEqual([1, 'domain_taken']);
  });

  it("refuses operator work on the service's least-privilege login, saying which connection it needs", async () => {
    for (const args of [
      ['tenant', 'create', '--tier', '1', '--slug', 'sneaky', '--name', 'Sneaky'],
      ['migrate'],
      ['key', 'create', '--tenant', 'acme'],
    ]) {
      const refused = await livery([...args, '--json', '--database-url', db.serviceUrl!]);
      expect([refused.code, refused.json?.error?.code], args.join(' ')).toEqual([1, 'insufficient_privilege']);
      expect(refused.json.error.message).toMatch(/owner connection: --database-url or LIVERY_MIGRATION_URL/);
    }
    // LIVERY_MIGRATION_URL is the operator's connection when DATABASE_URL is the service's.
    const viaEnv = await livery(['migrate', '--json'], {
      env: { DATABASE_URL: db.serviceUrl!, LIVERY_MIGRATION_URL: url },
    });
    expect([viaEnv.code, viaEnv.json.applied]).toEqual([0, []]);
  });

  it('migrates idempotently', async () => {
    const result = await livery(['migrate', '--json', '--database-url', url]);
    expect(result.code).toBe(0);
    expect(result.json.applied).toEqual([]);
  });
});

describeOnDatabase('pglite', 'operator CLI on the embedded database', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'livery-cli-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('creates .livery/pgdata, migrates it and seeds the demo there', async () => {
    const seeded = await livery(['seed-demo', '--json'], { cwd });
    expect(seeded.code).toBe(0);
    expect(seeded.json.tenants).toHaveLength(7);
    const again = await livery(['migrate', '--json'], { cwd });
    expect(again.json.applied).toEqual([]);
  }, 180_000); // initdb in a child process: slow on a busy machine
});

describeOnDatabase('pglite', 'the embedded database directory', () => {
  it('refuses a second process while one process holds it, and is free again once closed', async () => {
    const { openDatabase } = await import('../../src/db/database.ts');
    const cwd = mkdtempSync(join(tmpdir(), 'livery-lock-'));
    try {
      const holder = await openDatabase({ dataDir: join(cwd, '.livery/pgdata') });
      const blocked = await livery(['migrate', '--json'], { cwd });
      await holder.close();
      expect([blocked.code, blocked.json?.error?.code]).toEqual([1, 'database_in_use']);
      const free = await livery(['migrate', '--json'], { cwd });
      expect(free.code).toBe(0);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 180_000);
});
