// An ancestor reading a descendant's published layer and history (GET /api/v1/tenants/:id/tokens/overrides and
// …/versions): what each tier may name, that the answers are what the descendant itself reads, and the platform's
// reads are audited (docs/http-api.md, Tenancy API).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Browser } from '../support/cookie-jar.ts';
import { describeEachDatabase } from '../support/databases.ts';
import type { HttpResponse } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describeEachDatabase('descendant reads', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server?.close());

  const layerOf = (reader: string, id: string) => server.api(reader, 'GET', `/api/v1/tenants/${id}/tokens/overrides`);
  const historyOf = (reader: string, id: string) => server.api(reader, 'GET', `/api/v1/tenants/${id}/tokens/versions`);
  const own = (slug: string, what: 'overrides' | 'versions') => server.api(slug, 'GET', `/api/v1/tokens/${what}`);
  const expectOk = (response: HttpResponse) => {
    expect(response.status, response.text).toBe(200);
    return response.json();
  };
  /** 404 `not_found` that names neither the id asked for nor any tenant. */
  const expectHidden = (response: HttpResponse, id: string) => {
    expect(response.status, response.text).toBe(404);
    const { error } = response.json();
    expect(error.code).toBe('not_found');
    expect(error.message).not.toContain(id);
    for (const t of server.tenants) expect(error.message).not.toContain(t.slug);
  };
  const radius = (px: number) => ({ primitive: { radius: { md: { $value: `${px}px` } } } });

  it("lets a partner read its customer's layer and history after the customer publishes, as the customer sees them", async () => {
    const shop = server.tenant('shop').id;
    const before = expectOk(await historyOf('acme', shop));

    const published = await server.api('shop', 'PUT', '/api/v1/tokens/overrides', radius(13));
    expect(published.status, published.text).toBe(200);
    const { version } = published.json();

    const layer = await layerOf('acme', shop);
    expect(expectOk(layer)).toEqual({ version, tokens: radius(13) });
    expect(layer.header('etag')).toBe(`"${version}"`);
    expect(layer.json()).toEqual(expectOk(await own('shop', 'overrides')));

    const history = expectOk(await historyOf('acme', shop));
    expect(history).toHaveLength(before.length + 1);
    expect(history[0]).toMatchObject({ version });
    const numbers = history.map((v: { version: number }) => v.version);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(history).toEqual(expectOk(await own('shop', 'versions')));
  });

  it('answers any member role of the ancestor, not only admins', async () => {
    const created = await server.api('acme', 'POST', '/api/v1/keys', { role: 'viewer', label: 'descendant reader' });
    expect(created.status, created.text).toBe(201);
    const viewer = created.json().key as string;
    const shop = server.tenant('shop').id;
    const read = await server.apiAs(
      viewer,
      server.tenant('acme').host,
      'GET',
      `/api/v1/tenants/${shop}/tokens/versions`,
    );
    expect(expectOk(read)).toEqual(expectOk(await own('shop', 'versions')));
  });

  it('answers a customer that never published with an empty layer and no history', async () => {
    const blog = server.tenant('blog').id;
    expect(expectOk(await layerOf('acme', blog))).toEqual({ version: null, tokens: {} });
    expect(expectOk(await historyOf('acme', blog))).toEqual([]);
  });

  it("lets the platform read any customer's, and audits each read naming the tenant", async () => {
    const store = server.tenant('store').id;
    expect(expectOk(await layerOf('livery', store))).toEqual(expectOk(await own('store', 'overrides')));
    expect(expectOk(await historyOf('livery', store))).toEqual(expectOk(await own('store', 'versions')));

    const audit = expectOk(await server.api('livery', 'GET', '/api/v1/audit?limit=20')) as {
      action: string;
      detail: { what?: string; tenant?: string };
    }[];
    const reads = audit.filter((e) => e.action === 'platform.access' && e.detail.tenant === store);
    expect(reads.map((e) => e.detail.what).sort()).toEqual(['tokens.overrides', 'tokens.versions']);

    // its own layer is not another tenant's data: read like GET /tokens/overrides, without an audit row
    const livery = server.tenant('livery').id;
    expect(expectOk(await layerOf('livery', livery))).toEqual(expectOk(await own('livery', 'overrides')));
    const after = expectOk(await server.api('livery', 'GET', '/api/v1/audit?limit=20')) as typeof audit;
    expect(after.filter((e) => e.detail.tenant === livery)).toEqual([]);
  });

  it("lets a tenant read its own through these routes, and does not audit a partner's reads", async () => {
    const shop = server.tenant('shop').id;
    expect(expectOk(await layerOf('shop', shop))).toEqual(expectOk(await own('shop', 'overrides')));
    expect(expectOk(await historyOf('shop', shop))).toEqual(expectOk(await own('shop', 'versions')));
    await layerOf('acme', shop);
    const audit = expectOk(await server.api('acme', 'GET', '/api/v1/audit?limit=1000')) as { action: string }[];
    expect(audit.filter((e) => e.action === 'platform.access')).toEqual([]);
  });

  it("hides a sibling's and the partner's layer from a customer, and another partner's customers from a partner", async () => {
    for (const [reader, target] of [
      ['shop', 'blog'], // a sibling
      ['shop', 'acme'], // its partner: ancestors are not descendants
      ['shop', 'livery'],
      ['globex', 'shop'], // another partner's customer
      ['globex', 'acme'],
      ['acme', 'livery'],
    ] as const) {
      const id = server.tenant(target).id;
      expectHidden(await layerOf(reader, id), id);
      expectHidden(await historyOf(reader, id), id);
    }
  });

  it('answers 404 for an id that is not a uuid or names no tenant', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', 'shop']) {
      expectHidden(await layerOf('livery', id), id);
      expectHidden(await historyOf('livery', id), id);
    }
  });

  it('answers 401 without credentials and 403 to a session with no membership', async () => {
    const shop = server.tenant('shop').id;
    const acmeHost = server.tenant('acme').host;
    for (const what of ['overrides', 'versions']) {
      const path = `/api/v1/tenants/${shop}/tokens/${what}`;
      const anonymous = await server.request({ host: acmeHost, path });
      expect(anonymous.status, anonymous.text).toBe(401);
      expect(anonymous.json().error.code).toBe('unauthenticated');

      const visitor = new Browser(server.url);
      expect((await visitor.post(acmeHost, '/auth/anonymous')).status).toBe(201);
      const refused = await visitor.get(acmeHost, path);
      expect(refused.status, refused.text).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
    }
  });
});
