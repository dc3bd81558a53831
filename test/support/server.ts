// A running Livery (the Node entry point) on a fresh test database with the demo seeded, for HTTP tests.
import { startNodeServer, type RunningServer } from '../../src/node-server.ts';
import type { SeededTenant } from '../../src/ops/seed-demo.ts';
import { LocalVerifier } from '../../src/tenancy/verify.ts';
import { createTestDatabase, type TestDatabase, type TestDatabaseName } from './databases.ts';
import { checkResponsesFrom, httpRequest, type HttpRequest, type HttpResponse } from './http.ts';
import { checkAgainstOpenApi } from './openapi-check.ts';
import type { RateLimit, RateLimits } from '../../src/http/rate-limit.ts';
import type { OAuthTestServer } from './oauth-server.ts';

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
  api(
    slug: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResponse>;
  /** The same with an explicit API key, on any host. */
  apiAs(
    key: string,
    host: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResponse>;
  close(): Promise<void>;
}

export async function startTestServer(
  name: TestDatabaseName,
  options: {
    env?: Record<string, string>;
    freshnessMs?: number;
    db?: TestDatabase;
    /** [issue 5] Configure Google (OIDC) and GitHub (REST shape) against this local OAuth server. */
    oauth?: OAuthTestServer;
    /**
     * [issue 5] The limit on /auth and draft saves, as it was one bucket: sets the signIn, anonymous, account and
     * write classes (tests that sign in or save many times raise it).
     */
    authRateLimit?: RateLimit;
    /**
     * [issue 10] Rate limits per class over the test defaults, which are the production ones except writes (off:
     * suites write far more than 60 a minute from one address).
     */
    rateLimits?: Partial<RateLimits>;
    /** [issue 10] Receives the request log lines (default: dropped). */
    log?: (line: string) => void;
    /**
     * [issue 11] Check every response against the OpenAPI document the app serves (default: on; a test that
     * provokes what the document cannot promise turns it off and says why).
     */
    checkResponses?: boolean;
  } = {},
): Promise<TestServer> {
  const db = options.db ?? (await createTestDatabase(name));
  const verifier = new LocalVerifier();
  const running = await startNodeServer({
    env: { ...TEST_ENV, ...(options.oauth ? oauthEnv(options.oauth) : {}), ...options.env },
    db,
    port: 0,
    verifier,
    freshnessMs: options.freshnessMs ?? 2000,
    rateLimits: {
      write: null,
      ...(options.authRateLimit
        ? {
            signIn: options.authRateLimit,
            anonymous: options.authRateLimit,
            account: options.authRateLimit,
            write: options.authRateLimit,
          }
        : {}),
      ...options.rateLimits,
    },
    log: options.log ?? (() => {}),
  });
  const seeded = running.seeded;
  if (!seeded) throw new Error('the test database was expected to be empty and get the demo seeded');
  const tenant = (slug: string) => {
    const found = seeded.tenants.find((t) => t.slug === slug);
    if (!found) throw new Error(`no demo tenant ${slug}`);
    return found;
  };
  if (options.checkResponses !== false) checkResponsesFrom(running.url, checkAgainstOpenApi); // [issue 11]
  const request = (req: HttpRequest) => httpRequest(running.url, req);
  const apiAs: TestServer['apiAs'] = (key, host, method, path, body, headers = {}) =>
    request({
      method,
      host,
      path,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return {
    url: running.url,
    db,
    running,
    verifier,
    keys: seeded.keys,
    tenants: seeded.tenants,
    tenant,
    request,
    api: (slug, method, path, body, headers) =>
      apiAs(seeded.keys[slug]!, tenant(slug).host, method, path, body, headers),
    apiAs,
    async close() {
      checkResponsesFrom(running.url, undefined);
      await running.close();
      await db.close();
    },
  };
}

/** [issue 5] The OAUTH_<P>_* configuration pointing both providers at a local OAuth server. */
export function oauthEnv(oauth: OAuthTestServer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [id, userinfo] of [
    ['google', 'oidc'],
    ['github', 'github-api'],
  ] as const) {
    const provider = oauth.providerConfig(id, { userinfo });
    const P = id.toUpperCase();
    env[`OAUTH_${P}_CLIENT_ID`] = provider.clientId;
    env[`OAUTH_${P}_CLIENT_SECRET`] = provider.clientSecret;
    env[`OAUTH_${P}_AUTHORIZE_URL`] = provider.authorizeUrl;
    env[`OAUTH_${P}_TOKEN_URL`] = provider.tokenUrl;
    env[`OAUTH_${P}_USERINFO_URL`] = provider.userinfoUrl;
  }
  return env;
}
