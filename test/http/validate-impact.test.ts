// A partner's change judged against its customers: POST /tokens/validate names the customers it would break (to the
// partner's members), and PUT refuses it with the same violations.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Tree = Record<string, Record<string, Record<string, Record<string, { $value: string }>>>>;

describeEachDatabase('validation of a partner change against its customers', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server?.close());

  it('names the customer a partner change would break, with the violations PUT then refuses', async () => {
    // The customer's primary is lighter than the partner's, still 5.57:1 under white text.
    const shop = (await server.api('shop', 'GET', '/api/v1/tokens/overrides')).json().tokens as Tree;
    shop.semantic!.light!.interactive!.primary = { $value: '#1a6e9e' };
    const shopPut = await server.api('shop', 'PUT', '/api/v1/tokens/overrides', shop);
    expect(shopPut.status, shopPut.text).toBe(200);

    // A greyer text.inverse: 4.80:1 on the partner's own primary, 4.10:1 on the customer's.
    const acme = (await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json().tokens as Tree;
    const change = {
      ...acme,
      semantic: { ...acme.semantic, light: { ...acme.semantic!.light, text: { inverse: { $value: '#dddddd' } } } },
    };

    const verdict = await server.api('acme', 'POST', '/api/v1/tokens/validate', change);
    expect(verdict.status, verdict.text).toBe(200);
    const { ok, violations, impact } = verdict.json();
    expect(violations).toEqual([]);
    expect(ok).toBe(false);
    const shopTenant = server.tenant('shop');
    expect(impact.map((i: { tenant: unknown }) => i.tenant)).toEqual([{ id: shopTenant.id, slug: 'shop' }]);
    expect(impact[0].violations.map((v: { rule: string; pair: string[] }) => [v.rule, ...v.pair])).toContainEqual([
      'contrast',
      'semantic.light.text.inverse',
      'semantic.light.interactive.primary',
    ]);

    const put = await server.api('acme', 'PUT', '/api/v1/tokens/overrides', change);
    expect(put.status, put.text).toBe(422);
    expect(put.json().error.violations).toEqual(impact[0].violations);

    // Nobody else learns of the customers: an anonymous caller on the partner's host, the customer itself.
    const anonymous = await server.request({
      host: server.tenant('acme').host,
      method: 'POST',
      path: '/api/v1/tokens/validate',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(change),
    });
    expect(anonymous.status, anonymous.text).toBe(200);
    expect(anonymous.json().impact).toEqual([]);
    const own = await server.api('shop', 'POST', '/api/v1/tokens/validate', shop);
    expect(own.json()).toMatchObject({ ok: true, impact: [] });
  });
});
