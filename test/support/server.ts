// A running Livery (the Node entry point) on a fresh test database with the demo seeded, for HTTP tests.
import { startNodeServer, type RunningServer } from '../../src/node.ts';
import type { SeededTenant } from '../../src/cli/commands/seed-demo.ts';
import { LocalVerifier } from '../../src/tenancy/verify.ts';
import { createTestDatabase, type TestDatabase, type TestDatabaseName } from './databases.ts';
import { httpRequest, type HttpRequest, type HttpResponse } from './http.ts';

export const TEST_ENV = {
  LIVERY_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  LIVERY_PLATFORM_HOST: 'livery.localhost',
  LIVERY_PARTNER_ROOT: 'livery.localhost',
};

export interface TestServer {
  url: string;
  db: TestDatabase;
  running: RunningServer;
  verifier: LocalVerifier;
  /** Admin API key per demo tenant slug. */
  keys: Record<string, string>;
  tenants: SeededTenant[];
  tenant(slug: string): SeededTenant;
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Shorthand: an authenticated JSON request as `slug`'s admin key on `slug`'s host. */
  api(slug: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse>;
  close(): Promise<void>;
}

export async function startTestServer(
  name: TestDatabaseName,
  options: { env?: Record<string, string>; versionTtlMs?: number; db?: TestDatabase } = {},
): Promise<TestServer> {
  const db = options.db ?? (await createTestDatabase(name));
  const verifier = new LocalVerifier();
  const running = await startNodeServer({
    env: { ...TEST_ENV, ...options.env },
    db,
    port: 0,
    verifier,
    versionTtlMs: options.versionTtlMs ?? 2000,
    log: () => {},
  });
  const seeded = running.seeded;
  if (!seeded) throw new Error('the test database was expected to be empty and get the demo seeded');
  const tenant = (slug: string) => {
    const found = seeded.tenants.find((t) => t.slug === slug);
    if (!found) throw new Error(`no demo tenant ${slug}`);
    return found;
  };
  const request = (req: HttpRequest) => httpRequest(running.url, req);
  return {
    url: running.url,
    db,
    running,
    verifier,
    keys: seeded.keys,
    tenants: seeded.tenants,
    tenant,
    request,
    api: (slug, method, path, body, headers = {}) =>
      request({
        method,
        host: tenant(slug).host,
        path,
        headers: {
          authorization: `Bearer ${seeded.keys[slug]}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      }),
    async close() {
      await running.close();
      await db.close();
    },
  };
}
