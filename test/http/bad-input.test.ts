// Bad input over HTTP: bodies that are too big, of the wrong type, not JSON, or JSON that is not an acceptable
// override tree. Never a 5xx, always the contract's error shape, nothing stored, and nothing unescaped in the CSS
// (docs/http-api.md "Conventions"). The 10 000-body run is test/stress/bad-input.stress.test.ts.
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDatabase } from '../support/databases.ts';
import { collect, type HttpResponse } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  awkwardFontFamily,
  badBody,
  cssProblems,
  expectRefusedTokens,
  nest,
  TARGETS,
  type Flat,
} from '../stress/malformed-bodies.ts';

const KIB = 1024;

/** A PUT whose body is streamed in chunks with no Content-Length (Transfer-Encoding: chunked). */
function putChunked(baseUrl: string, host: string, key: string, totalBytes: number): Promise<HttpResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        hostname: url.hostname,
        port: url.port,
        method: 'PUT',
        path: '/api/v1/tokens/overrides',
        setHost: false,
        headers: {
          host,
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      },
      (res) => collect(res).then(resolve, reject),
    );
    outgoing.on('error', reject);
    // a JSON document that keeps going: `{"a":"xxxx…`
    outgoing.write('{"primitive":{"color":{"brand":{"500":{"$value":"');
    const piece = Buffer.alloc(16 * KIB, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes) {
        sent += piece.length;
        if (!outgoing.write(piece)) return void outgoing.once('drain', pump);
      }
      outgoing.end('"}}}}}');
    };
    pump();
  });
}

describeEachDatabase('bad input over HTTP', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server?.close());

  const versions = async (slug: string) =>
    (await server.api(slug, 'GET', '/api/v1/tokens/versions')).json().length as number;
  const flat = async (slug: string): Promise<Flat> =>
    (await server.request({ host: server.tenant(slug).host, path: '/theme.json?format=flat' })).json();
  const css = async (slug: string) =>
    (await server.request({ host: server.tenant(slug).host, path: '/theme.css' })).text;
  const put = (slug: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    server.request({
      method: 'PUT',
      host: server.tenant(slug).host,
      path: '/api/v1/tokens/overrides',
      body,
      headers: { authorization: `Bearer ${server.keys[slug]}`, 'content-type': 'application/json', ...headers },
    });
  const expectError = (response: HttpResponse, status: number, code: string, what: string) => {
    expect(response.status, `${what}: ${response.text.slice(0, 200)}`).toBe(status);
    expect(response.json().error.code, what).toBe(code);
    expect(typeof response.json().error.message).toBe('string');
  };

  it('answers 415 to a body that is not sent as JSON', async () => {
    const before = await versions('acme');
    for (const type of [
      'text/plain',
      '',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/jsonp',
      'text/json',
      'application/json-patch+json',
    ]) {
      expectError(
        await put('acme', '{}', { 'content-type': type }),
        415,
        'unsupported_media_type',
        `content-type ${JSON.stringify(type)}`,
      );
    }
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/design-tokens+json']) {
      expect((await put('acme', JSON.stringify(TARGETS.acme.valid), { 'content-type': type })).status, type).toBe(200);
    }
    expect(await versions('acme')).toBe(before + 3);
  });

  it('answers 413 to a body over 256 KiB, declared or streamed without a length, and stores nothing', async () => {
    const before = await versions('acme');
    const padded = JSON.stringify({
      primitive: { color: { brand: { 500: { $value: '#123456', $description: 'x'.repeat(256 * KIB) } } } },
    });
    expectError(await put('acme', padded), 413, 'payload_too_large', 'declared length');
    expectError(
      await putChunked(server.url, server.tenant('acme').host, server.keys.acme!, 400 * KIB),
      413,
      'payload_too_large',
      'chunked',
    );
    expectError(
      await putChunked(server.url, server.tenant('acme').host, server.keys.acme!, 4 * 1024 * KIB),
      413,
      'payload_too_large',
      'chunked 4 MiB',
    );
    // just under the limit is read (and then judged on its content)
    const under = JSON.stringify({
      primitive: { color: { brand: { 500: { $value: '#123456', $description: 'x'.repeat(250 * KIB) } } } },
    });
    const read = await put('acme', under);
    expect(read.status).not.toBe(413);
    expect(await versions('acme')).toBe(before + (read.status === 200 ? 1 : 0));
    // the server is unharmed
    expect((await server.api('acme', 'GET', '/api/v1/tokens/overrides')).status).toBe(200);
  });

  it('answers 400 invalid_json to bodies that are not JSON', async () => {
    const before = await versions('acme');
    for (const body of [
      '{',
      '{"a":}',
      '',
      '   ',
      "{'a':1}",
      '{"a":1} trailing',
      'NaN',
      '{"a":undefined}',
      '\u0000',
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    ]) {
      expectError(await put('acme', body), 400, 'invalid_json', JSON.stringify(body.toString()));
    }
    expect(await versions('acme')).toBe(before);
  });

  it('answers 422 with every violation, each with a path, to JSON that is not an acceptable override tree', async () => {
    const before = { acme: await versions('acme'), store: await versions('store') };
    let deep = '{"$type":"color","$value":"#123456"}';
    for (let i = 0; i < 10_000; i++) deep = `{"g${i % 7}":${deep}}`;
    const cases: [string, string | unknown, string[]][] = [
      ['a number for a color', nest('primitive.color.brand.500', { $value: 12 }), ['schema', 'type_mismatch']],
      ['an object for a color', nest('primitive.color.brand.500', { $value: { r: 1 } }), ['schema', 'type_mismatch']],
      ['a color for a dimension', nest('primitive.radius.md', { $value: '#fff' }), ['schema', 'type_mismatch']],
      ['a bad hex color', nest('semantic.light.text.link', { $value: '#ggg' }), ['schema', 'type_mismatch']],
      [
        'a color that is not CSS',
        nest('semantic.light.text.link', { $value: 'rgb(300 0 0 0 0)' }),
        ['schema', 'type_mismatch'],
      ],
      ['a self alias', nest('semantic.light.text.link', { $value: '{semantic.light.text.link}' }), ['alias_cycle']],
      [
        'an alias cycle',
        {
          primitive: {
            color: {
              zza: { $type: 'color', $value: '{primitive.color.zzb}' },
              zzb: { $type: 'color', $value: '{primitive.color.zza}' },
            },
          },
        },
        ['alias_cycle'],
      ],
      [
        'an alias to nothing',
        nest('semantic.light.text.link', { $value: '{primitive.color.nothing.500}' }),
        ['alias_unresolved'],
      ],
      ['10 000-deep nesting', deep, ['schema']],
      ['a 200 000-character string', nest('primitive.font.family.sans', { $value: 'a'.repeat(200_000) }), ['schema']],
      ['__proto__ as a group', '{"__proto__":{"primitive":{"radius":{"md":{"$value":"1px"}}}}}', ['schema']],
      [
        'constructor as a token',
        '{"primitive":{"color":{"constructor":{"$type":"color","$value":"#123456"}}}}',
        ['schema'],
      ],
      [
        'prototype inside $extensions',
        '{"primitive":{"radius":{"md":{"$value":"4px","$extensions":{"prototype":{"x":1}}}}}}',
        ['schema'],
      ],
      [
        'a declaration break',
        nest('primitive.font.family.sans', { $value: 'Inter;}</style><script>alert(1)</script>' }),
        ['schema'],
      ],
      [
        'url()',
        nest('primitive.color.brand.500', { $value: 'url(https://evil.example/x.png)' }),
        ['schema', 'type_mismatch'],
      ],
      ['@import', nest('primitive.font.family.sans', { $value: '@import "https://evil.example/x.css"' }), ['schema']],
      ['a comment opener', nest('primitive.radius.md', { $value: '4px/*' }), ['schema', 'type_mismatch']],
      ['a bidi override', nest('primitive.font.family.sans', { $value: 'Inter\u202eevil' }), ['schema']],
      ['an Arabic letter mark', nest('primitive.font.family.sans', { $value: 'Inter\u061c' }), ['schema']],
      [
        'a zero-width space in a name',
        { primitive: { color: { 'brand\u200b': { $type: 'color', $value: '#123456' } } } },
        ['schema', 'unknown_path'],
      ],
      ['a homoglyph path', nest('semantic.light.t\u0435xt.primary', { $value: '#111111' }), ['unknown_path']],
      ['an unknown path', nest('semantic.light.txt.primary', { $value: '#111111' }), ['unknown_path']],
      ['an array root', [], ['schema']],
      ['a string root', 'tokens', ['schema']],
      ['a null root', null, ['schema']],
    ];
    for (const [what, body, rules] of cases) {
      const text = typeof body === 'string' && /^[{[]/.test(body) ? body : JSON.stringify(body);
      const response = await put('acme', text);
      expectRefusedTokens(response, what);
      const seen = response.json().error.violations.map((v: { rule: string }) => v.rule);
      expect(
        seen.some((rule: string) => rules.includes(rule)),
        `${what}: rules ${seen.join(', ')}`,
      ).toBe(true);
    }
    // every violation is reported, not just the first
    const several = await put(
      'acme',
      JSON.stringify({
        primitive: { color: { brand: { 500: { $value: '#ggg' } } }, radius: { md: { $value: 'wide' } } },
        semantic: { light: { txt: { primary: { $value: '#111111' } } } },
      }),
    );
    expectRefusedTokens(several, 'three problems');
    expect(new Set(several.json().error.violations.map((v: { path: string }) => v.path)).size).toBeGreaterThanOrEqual(
      3,
    );
    // a customer's protected and out-of-policy changes are refused the same way
    expectRefusedTokens(
      await put('store', JSON.stringify(nest('semantic.light.status.error', { $value: '#ff0000' }))),
      'protected, as a customer',
    );
    expectRefusedTokens(
      await put('store', JSON.stringify(nest('semantic.light.text.primary', { $value: '#000000' }))),
      'not allowed, as a customer',
    );
    expect({ acme: await versions('acme'), store: await versions('store') }).toEqual(before);
  });

  it('property: generated malformed bodies get a 4xx with violation paths, and nothing is stored', async () => {
    for (const slug of ['acme', 'store'] as const) {
      const before = { versions: await versions(slug), css: await css(slug) };
      const { paths, valid } = TARGETS[slug];
      await fc.assert(
        fc.asyncProperty(badBody(paths, valid), async ({ kind, body }) => {
          expectRefusedTokens(await put(slug, body), `${slug}, ${kind}: ${body.slice(0, 120)}`);
        }),
        { numRuns: slug === 'acme' ? 150 : 100 },
      );
      expect(await versions(slug)).toBe(before.versions);
      expect(await css(slug)).toBe(before.css);
    }
  });

  it('property: whatever font names are accepted, the served CSS holds only what the engine produced', async () => {
    const base = await flat('livery');
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(awkwardFontFamily(), async (family) => {
        const response = await put('store', JSON.stringify(nest('primitive.font.family.sans', { $value: family })));
        if (response.status !== 200) return expectRefusedTokens(response, JSON.stringify(family));
        accepted++;
        const problems = cssProblems(await css('store'), await flat('store'), base);
        expect(problems, `after ${JSON.stringify(family)}`).toEqual([]);
      }),
      { numRuns: 60 },
    );
    expect(accepted).toBeGreaterThan(0);
    expect(cssProblems(await css('acme'), await flat('acme'), base)).toEqual([]);
  });

  it("validates a body for anyone on the tenant's host without storing it, and rate-limits with 429 and Retry-After", async () => {
    const host = server.tenant('docs').host;
    const before = await versions('docs');
    const validate = (body: string, type = 'application/json') =>
      server.request({
        method: 'POST',
        host,
        path: '/api/v1/tokens/validate',
        body,
        headers: { 'content-type': type },
      });

    const clean = await validate(
      JSON.stringify(nest('semantic.light.text.link', { $value: '{primitive.color.globex.700}' })),
    );
    expect(clean.status, clean.text).toBe(200);
    expect(clean.json()).toMatchObject({ ok: true, violations: [] });
    const dirty = await validate(JSON.stringify(nest('semantic.light.text.primary', { $value: '#ggg' })));
    expect(dirty.status).toBe(200);
    expect(dirty.json().ok).toBe(false);
    for (const violation of dirty.json().violations) expect(typeof violation.path).toBe('string');
    expectError(await validate('{', 'application/json'), 400, 'invalid_json', 'validate, bad JSON');
    expectError(await validate('{}', 'text/plain'), 415, 'unsupported_media_type', 'validate, text');
    expect(await versions('docs')).toBe(before);

    let limited: HttpResponse | undefined;
    for (let sent = 4; sent <= 100 && !limited; sent++) {
      const response = await validate('{}');
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(200);
    }
    expect(limited, 'no 429 after 100 validations').toBeDefined();
    expect(limited!.json().error.code).toBe('rate_limited');
    expect(Number(limited!.header('retry-after'))).toBeGreaterThanOrEqual(1);
    // the limit is on validation only: the theme and authenticated writes still answer
    expect((await server.request({ host, path: '/theme.css' })).status).toBe(200);
    expect((await server.api('docs', 'GET', '/api/v1/tokens/overrides')).status).toBe(200);
  });
});
