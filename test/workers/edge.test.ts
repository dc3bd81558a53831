// The Worker at the edge: per host, host → tenant and the tenant's current theme are kept in isolate memory, then in
// the data center's caches.default, and only then read from PostgreSQL. Warm requests make no database transaction
// (counted on the server, test/workers/transactions.ts); a cold one makes exactly one; a write through the Worker is
// visible at once in its data center, a write elsewhere after the freshness window (LIVERY_THEME_MAX_AGE); the edge
// keeps serving while the database is down; no theme or status crosses from one tenant to another.
//
// Isolates are the Worker module loaded anew (harness.ts `freshIsolate`): empty memory, the same caches.default —
// another isolate of the same data center. Tests that write do so on tenants they create, except the partner test,
// which puts the partner's tokens back.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { wrapPostgres } from '../../src/db/postgres.ts';
import { createApiKey } from '../../src/db/queries/keys.ts';
import {
  databaseDown,
  freshIsolate,
  liveDatabase,
  rememberTenant,
  run,
  runAt,
  suite,
  tenant,
  themeKey,
  type WorkerHandler,
} from './harness.ts';
import { quietly, TransactionCounter } from './transactions.ts';

const THEME_PATHS = ['/theme.css', '/theme.json', '/theme.json?format=flat', '/theme.tailwind.css'];
/** The theme URLs of a tenant whose current key is `key`: the four formats and the immutable URL. */
const themeUrls = (key: string) => [...THEME_PATHS, `/theme/${key}.css`];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An isolate trusting its memory for 1 s (LIVERY_EDGE_MEMORY_TTL), and how long to wait for that to pass. */
const memoryTtl1s = { ...liveDatabase, LIVERY_EDGE_MEMORY_TTL: '1' };
const PAST_MEMORY_TTL_MS = 1_500;

function asAdmin(key: string, method = 'GET', body?: unknown): RequestInit {
  return {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;
const newSlug = () => `edge-${crypto.randomUUID().slice(0, 8)}`;

describe.skipIf(suite.skipReason !== null)(
  `the Worker's edge: memory, caches.default, then PostgreSQL${suite.skipReason ? ` — ${suite.skipReason}` : ''}`,
  () => {
    let counter: TransactionCounter;
    beforeAll(async () => {
      counter = await TransactionCounter.open(suite.ownerUrl!);
    });
    afterAll(() => counter?.close());
    // The Worker's request log (one console.log line per request), kept out of the output; read where needed.
    let requestLog: MockInstance<typeof console.log>;
    beforeEach(() => {
      requestLog = vi.spyOn(console, 'log').mockImplementation(() => {});
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    /**
     * A new customer of `partner`, created through the Worker by the partner's admin (a fresh isolate unless given),
     * with an admin key of its own (made on the owner connection: no API makes a key for another tenant).
     */
    async function newCustomer(
      options: { partner?: string; slug?: string; through?: WorkerHandler } = {},
    ): Promise<{ id: string; slug: string; host: string; key: string }> {
      const partner = options.partner ?? 'acme';
      const slug = options.slug ?? newSlug();
      const created = await run(
        options.through ?? (await freshIsolate()),
        partner,
        '/api/v1/tenants',
        liveDatabase,
        asAdmin(suite.keys[partner]!, 'POST', { slug, name: `Edge ${slug}` }),
      );
      expect(created.response.status, created.body).toBe(201);
      const { id } = JSON.parse(created.body) as { id: string };
      const host = `${slug}.${tenant(partner).host}`;
      rememberTenant({ id, slug, tier: 2, parent: partner, host, created: true });
      const { key } = await wrapPostgres(counter.sql).asSystem((tx) =>
        createApiKey(tx, { tenantId: id, role: 'admin', label: 'edge tests' }),
      );
      return { id, slug, host, key };
    }

    /** A new version of a tenant's layer written straight into PostgreSQL, as another data center would. */
    async function writeElsewhere(tenantId: string, content: unknown): Promise<void> {
      await counter.sql.begin(async (tx) => {
        const [head] = await tx<{ version: number }[]>`select version from token_heads where tenant_id = ${tenantId}`;
        const version = (head?.version ?? 0) + 1;
        await tx`insert into token_versions (tenant_id, version, content, author, summary, parent_version, content_hash)
          values (${tenantId}, ${version}, ${JSON.stringify(content)}::jsonb, 'elsewhere', 'written in another data center',
            ${head?.version ?? null}, ${`elsewhere-${version}`})`;
        await tx`insert into token_heads (tenant_id, version) values (${tenantId}, ${version})
          on conflict (tenant_id) do update set version = excluded.version, updated_at = now()`;
      });
    }

    // Within one freshness window, long enough that no background refresh falls inside the count (a refresh is once per
    // host per window; the test further down counts it). With the default 60 s, host records an earlier file left in
    // caches.default — fresh, but already most of a window old — came due during the count on a clean CI run.
    it('answers 1 000 warm requests over every demo host and theme URL, 304s included, with no transaction', async () => {
      const warm = { ...liveDatabase, LIVERY_THEME_MAX_AGE: '3600' } as typeof liveDatabase;
      const isolate = await freshIsolate();
      type Variant = { slug: string; path: string; etag: string; conditional: boolean };
      const variants: Variant[] = [];
      expect(suite.tenants).toHaveLength(7);
      for (const { slug } of suite.tenants) {
        const first = await run(isolate, slug, '/theme.css', warm);
        expect(first.response.status, `${slug} ${first.body}`).toBe(200);
        for (const path of themeUrls(themeKey(first.response))) {
          const { response } = await run(isolate, slug, path, warm);
          expect(response.status, `${slug}${path}`).toBe(200);
          const etag = response.headers.get('etag')!;
          variants.push({ slug, path, etag, conditional: false }, { slug, path, etag, conditional: true });
        }
      }
      const statuses = new Map<string, number>();
      const send = async ({ slug, path, etag, conditional }: Variant) => {
        const init = conditional ? { headers: { 'if-none-match': etag } } : {};
        const { response } = await run(isolate, slug, path, warm, init);
        const outcome = `${conditional ? 'conditional' : 'plain'} ${response.status}${
          response.status === 200 && response.headers.get('etag') !== etag ? ' with another ETag' : ''
        }`;
        statuses.set(outcome, (statuses.get(outcome) ?? 0) + 1);
      };
      // The 304 path warmed too.
      for (const variant of variants.filter((v) => v.conditional)) await send(variant);
      statuses.clear();

      const cost = await quietly(3, () => {
        statuses.clear();
        return counter.measure(async () => {
          for (let sent = 0; sent < 1_000; sent += 10) {
            await Promise.all(variants.slice(sent % variants.length, (sent % variants.length) + 10).map(send));
          }
        });
      });
      console.info(
        `[edge] 1 000 warm requests over ${suite.tenants.length} hosts: ${cost.transactions} transactions, ${cost.sessions} sessions`,
      );

      expect(Object.fromEntries(statuses)).toEqual({ 'plain 200': 500, 'conditional 304': 500 });
      expect(cost.transactions).toBe(0);
    }, 300_000);

    it('answers a cold request (a host this data center has never seen) with exactly one transaction', async () => {
      const cost = await quietly(3, async () => {
        const customer = await newCustomer();
        const isolate = await freshIsolate();
        return counter.measure(async () => {
          const { response, body } = await run(isolate, customer.slug, '/theme.css', liveDatabase);
          expect(response.status, body).toBe(200);
        });
      });
      console.info(`[edge] a cold /theme.css: ${cost.transactions} transactions, ${cost.sessions} sessions`);

      expect(cost.transactions).toBe(1);
    }, 120_000);

    it('shows a write at once in its data center: to the writing isolate, a fresh one, and a warm one past its memory TTL', async () => {
      const customer = await newCustomer();
      const radius = '--primitive-radius-md: 11px;';
      const warm = await freshIsolate();
      const old = await run(warm, customer.slug, '/theme.css', memoryTtl1s);
      expect(old.response.status).toBe(200);
      expect(old.body).not.toContain(radius);
      expect((await run(warm, customer.slug, '/theme.css', memoryTtl1s)).body).toBe(old.body);

      const writer = await freshIsolate();
      const put = await run(
        writer,
        customer.slug,
        '/api/v1/tokens/overrides',
        liveDatabase,
        asAdmin(customer.key, 'PUT', { primitive: { radius: { md: { $value: '11px' } } } }),
      );
      expect(put.response.status, put.body).toBe(200);

      expect((await run(writer, customer.slug, '/theme.css', liveDatabase)).body).toContain(radius);
      expect((await run(await freshIsolate(), customer.slug, '/theme.css', liveDatabase)).body).toContain(radius);
      await sleep(PAST_MEMORY_TTL_MS);
      const revalidated = await run(warm, customer.slug, '/theme.css', memoryTtl1s);
      expect(revalidated.body).toContain(radius);
      // A browser holding the old ETag gets the new theme, not a 304.
      const conditional = await run(warm, customer.slug, '/theme.css', memoryTtl1s, {
        headers: { 'if-none-match': old.response.headers.get('etag')! },
      });
      expect(conditional.response.status).toBe(200);
      expect(conditional.body).toContain(radius);
    });

    it("shows a partner's write in a customer's theme at once in this data center", async () => {
      const acmeKey = suite.keys.acme!;
      const writer = await freshIsolate();
      const current = await run(writer, 'acme', '/api/v1/tokens/overrides', liveDatabase, asAdmin(acmeKey));
      expect(current.response.status, current.body).toBe(200);
      const original = (JSON.parse(current.body) as { tokens: Record<string, unknown> }).tokens;
      // Acme Shop overrides interactive.primary and primary-hover (tokens/demo/acme.shop.json), not primary-active.
      const changed = structuredClone(original) as {
        semantic: { light: { interactive: Record<string, unknown> } };
      };
      changed.semantic.light.interactive['primary-active'] = { $value: '#1a2b3c' };
      const inherited = '--interactive-primary-active: #1a2b3c;';
      const warm = await freshIsolate();
      const before = await run(warm, 'shop', '/theme.css', memoryTtl1s);
      expect(before.response.status).toBe(200);
      expect(before.body).not.toContain(inherited);

      try {
        const put = await run(
          writer,
          'acme',
          '/api/v1/tokens/overrides',
          liveDatabase,
          asAdmin(acmeKey, 'PUT', changed),
        );
        expect(put.response.status, put.body).toBe(200);

        const fresh = await run(await freshIsolate(), 'shop', '/theme.css', liveDatabase);
        expect(fresh.body).toContain(inherited);
        expect(fresh.body).toContain('--interactive-primary: #0b5d8a;'); // the shop's own layer still on top
        expect(fresh.response.headers.get('etag')).not.toBe(before.response.headers.get('etag'));
        await sleep(PAST_MEMORY_TTL_MS);
        expect((await run(warm, 'shop', '/theme.css', memoryTtl1s)).body).toContain(inherited);
      } finally {
        const restored = await run(
          writer,
          'acme',
          '/api/v1/tokens/overrides',
          liveDatabase,
          asAdmin(acmeKey, 'PUT', original),
        );
        expect(restored.response.status, restored.body).toBe(200);
      }
    });

    it('shows a write made elsewhere after the freshness window: from the edge until then, refreshed once in the background, then new', async () => {
      // A window long enough to count the request right after the write (a count waits for the counters to settle).
      const windowSeconds = 10;
      const bindings = { ...liveDatabase, LIVERY_THEME_MAX_AGE: String(windowSeconds) };
      const customer = await newCustomer();
      const radius = '--primitive-radius-md: 9px;';
      const isolate = await freshIsolate();
      const warmedAt = Date.now();
      const old = await run(isolate, customer.slug, '/theme.css', bindings);
      expect(old.response.status).toBe(200);
      // Browsers get the same window.
      expect(old.response.headers.get('cache-control')).toMatch(new RegExp(`^public, max-age=${windowSeconds},`));
      expect(old.body).not.toContain(radius);

      await writeElsewhere(customer.id, { primitive: { radius: { md: { $value: '9px' } } } });
      let rightAfter: Awaited<ReturnType<typeof run>> | undefined;
      let cost: Awaited<ReturnType<TransactionCounter['measure']>> | undefined;
      // Counted again if autovacuum visited, while a count still fits in the window.
      while ((!cost || cost.autovacuum) && Date.now() - warmedAt < (windowSeconds - 3) * 1_000) {
        cost = await counter.measure(async () => {
          rightAfter = await run(isolate, customer.slug, '/theme.css', bindings);
        });
      }
      expect(Date.now() - warmedAt, 'counted within the freshness window').toBeLessThan(windowSeconds * 1_000);
      expect(rightAfter!.body).toBe(old.body);
      expect(rightAfter!.response.headers.get('etag')).toBe(old.response.headers.get('etag'));
      expect(cost).toEqual({ transactions: 0, sessions: 0, autovacuum: false });

      await sleep(warmedAt + windowSeconds * 1_000 + 500 - Date.now());
      // The first request past the window may still answer with the old theme; it refreshes in the background.
      const triggering = await run(isolate, customer.slug, '/theme.css', bindings);
      expect(triggering.response.status).toBe(200);
      const refreshed = await run(isolate, customer.slug, '/theme.css', bindings);
      expect(refreshed.body).toContain(radius);
      expect((await run(await freshIsolate(), customer.slug, '/theme.css', bindings)).body).toContain(radius);
    }, 60_000);

    it('keeps serving the same theme with the database down: from a warm isolate, and from caches.default to a fresh one', async () => {
      const live = await freshIsolate();
      const first = await run(live, 'store', '/theme.css', liveDatabase);
      expect(first.response.status).toBe(200);
      const served = new Map<string, { etag: string; body: string }>();
      for (const path of themeUrls(themeKey(first.response))) {
        const { response, body } = await run(live, 'store', path, liveDatabase);
        expect(response.status, path).toBe(200);
        served.set(path, { etag: response.headers.get('etag')!, body });
      }

      for (const [path, { etag, body }] of served) {
        const warm = await run(live, 'store', path, databaseDown);
        expect([path, warm.response.status, warm.response.headers.get('etag')]).toEqual([path, 200, etag]);
        expect(warm.body).toBe(body);
        const revalidated = await run(live, 'store', path, databaseDown, { headers: { 'if-none-match': etag } });
        expect([path, revalidated.response.status]).toEqual([path, 304]);
      }
      // An isolate that never reached the database: host and theme both from caches.default (stale-if-error).
      const cold = await freshIsolate();
      for (const [path, { etag, body }] of served) {
        const fromEdge = await run(cold, 'store', path, databaseDown);
        expect([path, fromEdge.response.status, fromEdge.response.headers.get('etag')]).toEqual([path, 200, etag]);
        expect(fromEdge.body).toBe(body);
      }
    });

    it('answers 503 database_unavailable with the database down for a host this data center has never seen', async () => {
      const customer = await newCustomer();

      const { response, body } = await run(await freshIsolate(), customer.slug, '/theme.css', databaseDown);

      expect(response.status, body).toBe(503);
      expect(errorCode(body)).toBe('database_unavailable');
    });

    it('answers a repeated unknown host from the edge, and a tenant created at that host at once', async () => {
      const isolate = await freshIsolate();
      let slug = '';
      const cost = await quietly(3, async () => {
        slug = newSlug();
        const host = `${slug}.${tenant('acme').host}`;
        const first = await runAt(isolate, host, '/theme.css', memoryTtl1s);
        expect(first.response.status).toBe(404);
        return counter.measure(async () => {
          const again = await runAt(isolate, host, '/theme.css', memoryTtl1s);
          expect(again.response.status).toBe(404);
          expect(errorCode(again.body)).toBe('unknown_host');
        });
      });
      expect(cost).toEqual({ transactions: 0, sessions: 0, autovacuum: false });

      // Created within the negative answer's 5 s: the creating request purges it in this data center.
      const writer = await freshIsolate();
      await newCustomer({ slug, through: writer });
      expect((await run(writer, slug, '/theme.css', liveDatabase)).response.status).toBe(200);
      expect((await run(await freshIsolate(), slug, '/theme.css', liveDatabase)).response.status).toBe(200);
      await sleep(PAST_MEMORY_TTL_MS);
      expect((await run(isolate, slug, '/theme.css', memoryTtl1s)).response.status).toBe(200);
    });

    it('keeps tenants with identical overrides apart: own key, own tenant, own status', async () => {
      const overrides = { primitive: { radius: { md: { $value: '7px' } } } };
      const [one, two] = [await newCustomer(), await newCustomer()];
      const writer = await freshIsolate();
      for (const customer of [one, two]) {
        const put = await run(
          writer,
          customer.slug,
          '/api/v1/tokens/overrides',
          liveDatabase,
          asAdmin(customer.key, 'PUT', overrides),
        );
        expect(put.response.status, put.body).toBe(200);
      }
      const isolate = await freshIsolate();
      const keys = new Map<string, string>();
      for (const customer of [one, two, one, two]) {
        for (const path of THEME_PATHS) {
          const { response, body } = await run(isolate, customer.slug, path, memoryTtl1s);
          expect(response.status, body).toBe(200);
          if (path === '/theme.css') {
            const key = themeKey(response);
            expect(keys.get(customer.slug) ?? key).toBe(key);
            keys.set(customer.slug, key);
          }
          // The request log names the tenant each response was served for.
          const requestId = response.headers.get('x-request-id');
          const line = requestLog.mock.calls
            .map(([l]) => String(l))
            .find((l) => l.includes(`"requestId":"${requestId}"`));
          expect(JSON.parse(line!)).toMatchObject({ requestId, tenantId: customer.id });
        }
      }
      expect(keys.get(one.slug)).not.toBe(keys.get(two.slug));
      // One tenant's immutable URL is not served at the other's host.
      const crossed = await run(isolate, two.slug, `/theme/${keys.get(one.slug)}.css`, memoryTtl1s);
      expect(crossed.response.status).toBe(404);

      const suspend = await run(
        writer,
        'acme',
        `/api/v1/tenants/${one.id}`,
        liveDatabase,
        asAdmin(suite.keys.acme!, 'PATCH', { status: 'suspended' }),
      );
      expect(suspend.response.status, suspend.body).toBe(200);
      const afterwards = await freshIsolate();
      for (const path of themeUrls(keys.get(one.slug)!)) {
        const { response, body } = await run(afterwards, one.slug, path, liveDatabase);
        expect([path, response.status]).toEqual([path, 403]);
        expect(errorCode(body)).toBe('tenant_suspended');
      }
      await sleep(PAST_MEMORY_TTL_MS);
      expect((await run(isolate, one.slug, '/theme.css', memoryTtl1s)).response.status).toBe(403);
      for (const path of themeUrls(keys.get(two.slug)!)) {
        expect([path, (await run(afterwards, two.slug, path, liveDatabase)).response.status]).toEqual([path, 200]);
      }
    });
  },
);
