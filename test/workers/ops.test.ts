// The Worker's operations side in workerd: its request log lines (console.log, the client address hashed from
// CF-Connecting-IP, the request id also in error bodies), rate limits counted per CF-Connecting-IP, and the daily
// cron trigger's housekeeping against the real database behind Hyperdrive.
import { createHmac } from 'node:crypto';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import postgres from 'postgres';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { Env } from '../../src/worker.ts';
import worker from '../../src/worker.ts';
import { WORKER_TEST_BINDINGS } from './context.ts';

const suite = inject('liveryWorker');
const host = (slug: string) => suite.tenants.find((t) => t.slug === slug)!.host;
const hashed = (address: string) =>
  createHmac('sha256', WORKER_TEST_BINDINGS.LIVERY_SECRET).update(address).digest('hex');

describe.skipIf(suite.skipReason !== null)(
  `the Worker's logs, limits and cron${suite.skipReason ? ` — ${suite.skipReason}` : ''}`,
  () => {
    afterEach(() => vi.restoreAllMocks());

    it('logs one JSON line per request with the hashed CF-Connecting-IP, and the error body carries the request id', async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const key = suite.keys.shop!;
      const response = await exports.default.fetch(`http://${host('shop')}/api/v1/tokens/drafts`, {
        headers: {
          authorization: `Bearer ${key}`,
          cookie: `livery_session=${'C'.repeat(43)}`,
          'cf-connecting-ip': '198.51.100.23',
        },
      });
      expect(response.status).toBe(403); // keys have no drafts
      const body = (await response.json()) as { error: { code: string; requestId: string } };
      const id = response.headers.get('x-request-id');
      expect(body.error.requestId).toBe(id);
      const lines = log.mock.calls.map(([line]) => String(line)).filter((line) => line.includes(`"requestId":"${id}"`));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        msg: 'request',
        requestId: id,
        tenantId: suite.tenants.find((t) => t.slug === 'shop')!.id,
        route: '/api/v1/tokens/drafts',
        method: 'GET',
        status: 403,
        client: hashed('198.51.100.23'),
      });
      for (const secret of [key, 'C'.repeat(43), '198.51.100.23']) expect(lines[0]).not.toContain(secret);
    });

    it('counts rate limits per CF-Connecting-IP', async () => {
      const validate = (ip: string) =>
        exports.default.fetch(`http://${host('docs')}/api/v1/tokens/validate`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
        });
      for (let i = 0; i < 3; i++) expect((await validate('203.0.113.50')).status).toBe(200);
      const limited = await validate('203.0.113.50');
      expect(limited.status).toBe(429);
      expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await validate('203.0.113.51')).status).toBe(200);
    });

    it('collects garbage from its cron trigger: ended sessions, finished flows, abandoned anonymous users, expired claims', async () => {
      // Fixtures as the owner: the Hyperdrive binding is the service's least-privilege login (issue 10).
      const sql = postgres(suite.ownerUrl!, { max: 1, fetch_types: false, onnotice: () => {} });
      try {
        const now = Date.now();
        const [gone] = await sql<{ id: string }[]>`insert into users (level) values ('anonymous') returning id`;
        const [kept] = await sql<{ id: string }[]>`insert into users (level) values ('anonymous') returning id`;
        const tag = crypto.randomUUID();
        await sql`insert into sessions (id_hash, user_id, host, level, expires_at) values
        (${`gone-${tag}`}, ${gone!.id}, 'w.example', 'anonymous', ${new Date(now - 2 * 86_400_000)}),
        (${`kept-${tag}`}, ${kept!.id}, 'w.example', 'anonymous', ${new Date(now + 86_400_000)})`;
        await sql`insert into oauth_states (state_hash, provider, code_verifier, host, session_id_hash, redirect_uri, expires_at) values
        (${`gone-${tag}`}, 'github', 'v', 'w.example', 'x', 'http://w.example/cb', ${new Date(now - 60_000)}),
        (${`kept-${tag}`}, 'github', 'v', 'w.example', 'x', 'http://w.example/cb', ${new Date(now + 600_000)})`;
        const claim = `expired-${tag.slice(0, 8)}.example`;
        await sql`insert into domain_mappings (domain, tenant_id, verification_token) values (${claim}, ${suite.tenants[0]!.id}, 't')`;
        await sql`update domain_mappings set expires_at = ${new Date(now - 60_000)} where domain = ${claim}`;

        const log = vi.spyOn(console, 'log').mockImplementation(() => {});
        const ctx = createExecutionContext();
        await worker.scheduled!(
          createScheduledController({ scheduledTime: now, cron: '17 3 * * *' }),
          env as unknown as Env,
          ctx,
        );
        await waitOnExecutionContext(ctx);

        const users = await sql<{ id: string }[]>`select id from users where id in (${gone!.id}, ${kept!.id})`;
        expect(users.map((u) => u.id)).toEqual([kept!.id]);
        const sessions = await sql<
          { id_hash: string }[]
        >`select id_hash from sessions where id_hash like ${`%-${tag}`}`;
        expect(sessions.map((s) => s.id_hash)).toEqual([`kept-${tag}`]);
        const flows = await sql<
          { state_hash: string }[]
        >`select state_hash from oauth_states where state_hash like ${`%-${tag}`}`;
        expect(flows.map((f) => f.state_hash)).toEqual([`kept-${tag}`]);
        expect(await sql`select 1 from domain_mappings where domain = ${claim}`).toHaveLength(0);
        const line = log.mock.calls.map(([l]) => String(l)).find((l) => l.includes('"msg":"gc"'));
        expect(JSON.parse(line!)).toMatchObject({ msg: 'gc', cron: '17 3 * * *', complete: true });
        expect(JSON.parse(line!).anonymousUsers).toBeGreaterThanOrEqual(1);
        expect(JSON.parse(line!).domainClaims).toBeGreaterThanOrEqual(1);
      } finally {
        await sql.end();
      }
    });
  },
);
