import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describeEachDatabase('token API', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server?.close());

  it("reads and replaces a tenant's override layer, one new version per write", async () => {
    const before = await server.api('shop', 'GET', '/api/v1/tokens/overrides');
    expect(before.status).toBe(200);
    const { version } = before.json();
    expect(version).toBe(1);

    const tokens = { semantic: { light: { interactive: { primary: { $value: '#0b5d8a' } } } } };
    const put = await server.api('shop', 'PUT', '/api/v1/tokens/overrides', tokens, { 'if-match': `"${version}"` });
    expect(put.status, put.text).toBe(200);
    expect(put.json().version).toBe(2);

    const after = await server.api('shop', 'GET', '/api/v1/tokens/overrides');
    expect(after.json()).toEqual({ version: 2, tokens });

    const versions = (await server.api('shop', 'GET', '/api/v1/tokens/versions')).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0].author).toMatch(/^key:/);
    expect(versions[0].summary).toContain('semantic.light.interactive.primary');

    // Each version reads back whole, with its record, for a diff; a number never published, or not a number, is 404.
    const v2 = await server.api('shop', 'GET', '/api/v1/tokens/versions/2');
    expect(v2.status, v2.text).toBe(200);
    expect(v2.json()).toEqual({ ...versions[0], tokens });
    const v1 = (await server.api('shop', 'GET', '/api/v1/tokens/versions/1')).json();
    expect(v1.tokens).toEqual(before.json().tokens);
    for (const missing of ['3', '0', '2147483648', 'two', '-1']) {
      const answer = await server.api('shop', 'GET', `/api/v1/tokens/versions/${missing}`);
      expect(answer.status, missing).toBe(404);
      expect(answer.json().error.code).toBe('not_found');
    }
    // Version numbers are per tenant: shop's v2 is not blog's (which has published nothing here).
    expect((await server.api('blog', 'GET', '/api/v1/tokens/versions/2')).status).toBe(404);
  });

  it('stores what it accepted in normalised DTCG, and says with warnings what it read leniently', async () => {
    const body = {
      primitive: {
        spacing: { '0.5': { $value: '0.1rem' } },
        ratio: { golden: { $type: 'number', $value: '1.618' } },
        alias: { half: { $value: '{primitive.spacing.0.5}' } },
      },
    };
    const put = await server.api('acme', 'PUT', '/api/v1/tokens/overrides', body);
    expect(put.status, put.text).toBe(200);
    expect(
      put
        .json()
        .warnings.map((w: { code: string }) => w.code)
        .sort(),
    ).toEqual(['dotted_name', 'numeric_string']);
    const stored = (await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json().tokens;
    expect(stored).toEqual({
      primitive: {
        spacing: { '0-5': { $value: '0.1rem' } },
        ratio: { golden: { $type: 'number', $value: 1.618 } },
        alias: { half: { $value: '{primitive.spacing.0-5}' } },
      },
    });
    const css = (await server.request({ host: 'acme.livery.localhost', path: '/theme.css' })).text;
    expect(css).toContain('--primitive-spacing-0-5: 0.1rem;');
    expect(css).toContain('--primitive-alias-half: var(--primitive-spacing-0-5);');

    // A Tokens Studio export (legacy value/type) is converted and stored as DTCG
    const legacy = await server.api('acme', 'PUT', '/api/v1/tokens/overrides', {
      primitive: { brand: { ink: { value: '#123456', type: 'color' }, gap: { value: '4', type: 'spacing' } } },
    });
    expect(legacy.status, legacy.text).toBe(200);
    expect(legacy.json().warnings.map((w: { code: string }) => w.code)).toContain('tokens_studio');
    expect((await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json().tokens).toEqual({
      primitive: {
        brand: {
          ink: { $type: 'color', $value: '#123456' },
          gap: { $type: 'dimension', $value: { value: 4, unit: 'px' } },
        },
      },
    });
  });

  it('refuses a protected token with 403 and every violation, and stores nothing', async () => {
    const before = (await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json();
    const put = await server.api('acme', 'PUT', '/api/v1/tokens/overrides', {
      semantic: { light: { status: { error: { $value: '#ff0000' } } } },
      primitive: { color: { red: { 500: { $value: '#ff0000' } } } },
    });
    expect(put.status).toBe(403);
    const { error } = put.json();
    expect(error.code).toBe('invalid_tokens');
    const paths = error.violations
      .filter((v: { rule: string }) => v.rule === 'protected')
      .map((v: { path: string }) => v.path);
    expect(paths).toContain('semantic.light.status.error');
    // red.500 is what dark status.error aliases: changing it changes a protected token
    expect(paths).toContain('semantic.dark.status.error');
    expect((await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json()).toEqual(before);
  });

  it('refuses a failing contrast pair with 422, the ratio and a suggestion that passes', async () => {
    const put = await server.api('globex', 'PUT', '/api/v1/tokens/overrides', {
      semantic: { light: { text: { primary: { $value: '#cccccc' } } } },
    });
    expect(put.status).toBe(422);
    const violation = put
      .json()
      .error.violations.find(
        (v: { rule: string; pair: string[] }) =>
          v.rule === 'contrast' && v.pair[1] === 'semantic.light.background.canvas',
      );
    expect(violation).toMatchObject({ path: 'semantic.light.text.primary', mode: 'light', required: 4.5 });
    expect(violation.ratio).toBeLessThan(4.5);
    expect(violation.suggestion).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it("holds a customer to its partner's policy", async () => {
    const notAllowed = await server.api('shop', 'PUT', '/api/v1/tokens/overrides', {
      primitive: { font: { family: { sans: { $value: 'Comic Sans MS' } } } },
    });
    expect(notAllowed.status).toBe(422);
    expect(notAllowed.json().error.violations.map((v: { rule: string }) => v.rule)).toContain('not_allowed');
  });

  it('lets exactly one of 100 concurrent writes with the same If-Match win, without gaps in the history', async () => {
    const { version } = (await server.api('store', 'GET', '/api/v1/tokens/overrides')).json();
    const current = (await server.api('store', 'GET', '/api/v1/tokens/overrides')).json().tokens;
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        server.api('store', 'PUT', '/api/v1/tokens/overrides', current, { 'if-match': `"${version}"` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(99);
    expect(results.find((r) => r.status === 412)!.json().error.code).toBe('version_conflict');
    const versions = (await server.api('store', 'GET', '/api/v1/tokens/versions'))
      .json()
      .map((v: { version: number }) => v.version);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => versions.length - i));
  });

  it('takes If-Match "0" as "nothing published yet": of two first publishes with it, one wins', async () => {
    expect((await server.api('blog', 'GET', '/api/v1/tokens/overrides')).json().version).toBeNull();
    const results = await Promise.all(
      ['8px', '9px'].map((md) =>
        server.api(
          'blog',
          'PUT',
          '/api/v1/tokens/overrides',
          { primitive: { radius: { md: { $value: md } } } },
          {
            'if-match': '"0"',
          },
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const later = await server.api('blog', 'PUT', '/api/v1/tokens/overrides', {}, { 'if-match': '"0"' });
    expect(later.status).toBe(412);
    expect(later.json().error.code).toBe('version_conflict');
  });

  it('rolls back to an earlier version as a new, validated version with an audit entry', async () => {
    const first = (await server.api('docs', 'GET', '/api/v1/tokens/overrides')).json();
    const changed = await server.api('docs', 'PUT', '/api/v1/tokens/overrides', {});
    expect(changed.status, changed.text).toBe(200);
    const rollback = await server.api('docs', 'POST', '/api/v1/tokens/rollback', { version: first.version ?? 1 });
    expect(rollback.status, rollback.text).toBe(200);
    const now = (await server.api('docs', 'GET', '/api/v1/tokens/overrides')).json();
    expect(now.version).toBe(changed.json().version + 1);
    expect(now.tokens).toEqual(first.tokens);
    const audit = (await server.api('docs', 'GET', '/api/v1/audit')).json();
    expect(audit[0]).toMatchObject({ action: 'tokens.rollback', toVersion: now.version });
  });
});
