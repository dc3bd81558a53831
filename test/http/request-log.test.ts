// Structured request logs (src/http/request-log.ts): one JSON line per request with the request id, tenant, route
// pattern, method, status, duration and a hash of the client's address — never the address itself, a key, a cookie,
// a query or a body; the same request id in the X-Request-Id header and in every error body. The Node fast path
// (warm theme.css) logs the same line.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import type { HttpResponse } from '../support/http.ts';
import { startTestServer, TEST_ENV, type TestServer } from '../support/server.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FIELDS = ['time', 'msg', 'requestId', 'tenantId', 'route', 'method', 'status', 'durationMs', 'client'];
const hashed = (address: string) => createHmac('sha256', TEST_ENV.LIVERY_SECRET).update(address).digest('hex');

interface LogLine {
  time: string;
  msg: string;
  requestId: string;
  tenantId: string | null;
  route: string | null;
  method: string;
  status: number;
  durationMs: number;
  client: string;
}

describeEachDatabase('request logs', (database) => {
  let server: TestServer;
  let lines: string[] = [];
  beforeAll(async () => {
    server = await startTestServer(database, {
      log: (line) => lines.push(line),
      env: { LIVERY_CLIENT_IP_HEADER: 'x-forwarded-for' },
    });
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    lines = [];
  });

  /** The one line logged for `response` (by its request id), parsed, after checking it is the only one. */
  function lineFor(response: HttpResponse): LogLine {
    const id = response.header('x-request-id');
    expect(id).toBeTruthy();
    const mine = lines.filter((l) => l.includes(`"requestId":"${id}"`));
    expect(mine, `log lines for ${id}: ${lines.join('\n')}`).toHaveLength(1);
    const parsed = JSON.parse(mine[0]!) as LogLine;
    expect(Object.keys(parsed)).toEqual(FIELDS);
    return parsed;
  }

  it('logs one line with the fields, and none of the key, the cookie, the address, the query or the body', async () => {
    const key = server.keys.acme!;
    const cookie = `livery_session=${'S'.repeat(43)}`;
    const marker = `secret-body-${Math.random().toString(36).slice(2)}`;
    const response = await server.request({
      method: 'PUT',
      host: server.tenant('acme').host,
      path: '/api/v1/tokens/overrides?token=query-secret-123',
      headers: {
        authorization: `Bearer ${key}`,
        cookie,
        'content-type': 'application/json',
        'x-forwarded-for': '203.0.113.77',
      },
      body: JSON.stringify({ primitive: { radius: { md: { $value: '6px', $description: marker } } } }),
    });
    expect(response.status, response.text).toBe(200);
    const line = lineFor(response);
    expect(line).toMatchObject({
      msg: 'request',
      tenantId: server.tenant('acme').id,
      route: '/api/v1/tokens/overrides',
      method: 'PUT',
      status: 200,
      client: hashed('203.0.113.77'),
    });
    expect(line.requestId).toMatch(UUID);
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    const raw = lines.join('\n');
    for (const secret of [
      key,
      key.split('_').at(-1)!,
      'S'.repeat(43),
      'query-secret-123',
      marker,
      '203.0.113.77',
      'Bearer',
    ]) {
      expect(raw).not.toContain(secret);
    }
  });

  it('puts the request id of the header and the log line in every error body', async () => {
    const cases = [
      // 401 from the auth middleware
      server.request({
        host: server.tenant('shop').host,
        path: '/api/v1/tokens/overrides',
        headers: { authorization: 'Bearer lvk_nope_nope' },
      }),
      // 404 from the router (no route)
      server.request({ host: server.tenant('shop').host, path: '/no/such/route' }),
      // 404 unknown_host, before any tenant
      server.request({ host: 'nobody.livery.localhost', path: '/theme.css' }),
      // 415 from the body reader
      server.api('shop', 'PUT', '/api/v1/tokens/overrides', 'x', { 'content-type': 'text/plain' }),
    ];
    const expected = [
      { status: 401, code: 'unauthenticated', route: '/api/v1/tokens/overrides', tenantId: server.tenant('shop').id },
      { status: 404, code: 'not_found', route: null, tenantId: server.tenant('shop').id },
      { status: 404, code: 'unknown_host', route: '/theme.css', tenantId: null },
      {
        status: 415,
        code: 'unsupported_media_type',
        route: '/api/v1/tokens/overrides',
        tenantId: server.tenant('shop').id,
      },
    ];
    const responses = await Promise.all(cases);
    responses.forEach((response, i) => {
      const want = expected[i]!;
      expect(response.status, response.text).toBe(want.status);
      const body = response.json();
      expect(body.error.code).toBe(want.code);
      expect(body.error.requestId).toBe(response.header('x-request-id'));
      expect(lineFor(response)).toMatchObject({
        requestId: body.error.requestId,
        status: want.status,
        route: want.route,
        tenantId: want.tenantId,
      });
    });
  });

  it('keeps an inbound X-Request-Id that is a safe short token, and replaces anything else', async () => {
    const host = server.tenant('blog').host;
    const kept = await server.request({
      host,
      path: '/api/v1/nothing-here',
      headers: { 'x-request-id': 'edge-7f3a.9:01_x' },
    });
    expect(kept.header('x-request-id')).toBe('edge-7f3a.9:01_x');
    expect(kept.json().error.requestId).toBe('edge-7f3a.9:01_x');
    expect(lineFor(kept).requestId).toBe('edge-7f3a.9:01_x');
    for (const unsafe of ['"}{"injected":1', 'a b', 'x'.repeat(65), '<script>', '-leading-dash', 'ünïcode']) {
      // node:http refuses to send non-Latin-1 header values: that one goes as its UTF-8 bytes, as a client could.
      const value = /^[\x20-\x7e]*$/.test(unsafe) ? unsafe : Buffer.from(unsafe, 'utf8').toString('latin1');
      const replaced = await server.request({ host, path: '/api/v1/nothing-here', headers: { 'x-request-id': value } });
      expect(replaced.header('x-request-id'), unsafe).toMatch(UUID);
      expect(lines.join('\n')).not.toContain('injected');
    }
  });

  it('logs the fast path (warm theme.css, 200 and 304) with the same fields and a request id per answer', async () => {
    const shop = server.tenant('shop');
    const first = await server.request({ host: shop.host, path: '/theme.css' });
    expect(first.status).toBe(200);
    // Now warm: the next requests are answered before Hono (src/http/node-fast-path.ts).
    expect(server.running.services.directory.peek(shop.host)).toBeDefined();
    const viaHono = vi.spyOn(server.running.services.directory, 'theme');
    const warm = await server.request({
      host: shop.host,
      path: '/theme.css',
      headers: { 'x-forwarded-for': '2001:db8::5' },
    });
    const notModified = await server.request({
      host: shop.host,
      path: '/theme.css',
      headers: { 'if-none-match': first.header('etag')! },
    });
    expect([warm.status, notModified.status]).toEqual([200, 304]);
    expect(viaHono).not.toHaveBeenCalled();
    viaHono.mockRestore();
    expect(warm.text).toBe(first.text);
    const ids = [first, warm, notModified].map((r) => r.header('x-request-id'));
    expect(new Set(ids).size).toBe(3);
    expect(lineFor(warm)).toMatchObject({
      tenantId: shop.id,
      route: '/theme.css',
      method: 'GET',
      status: 200,
      client: hashed('2001:db8::5'),
    });
    expect(lineFor(notModified)).toMatchObject({
      tenantId: shop.id,
      route: '/theme.css',
      status: 304,
      client: hashed('127.0.0.1'),
    });
    expect(lines.join('\n')).not.toContain('2001:db8::5');
  });
});
