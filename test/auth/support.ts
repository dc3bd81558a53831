// Shared setup for the auth tests: a Livery server on a fresh database with both providers pointed at a real
// local OAuth server, browsers with cookie jars, and the redirect dance driven over HTTP.
import type { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { ProviderId } from '../../src/config.ts';
import { rows } from '../../src/db/database.ts';
import { Browser } from '../support/cookie-jar.ts';
import type { TestDatabaseName } from '../support/databases.ts';
import type { HttpResponse } from '../support/http.ts';
import type { RateLimits } from '../../src/http/rate-limit.ts';
import { startOAuthServer, type OAuthTestServer, type OAuthTestUser } from '../support/oauth-server.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

export const DEV_COOKIE = 'livery_session';
export const SECURE_COOKIE = '__Host-livery_session';

export interface AuthWorld {
  server: TestServer;
  oauth: OAuthTestServer;
  browser(): Browser;
  host(slug: string): string;
  /** Rows from the database as the owner (tests inspect identity tables directly). */
  query<T = Record<string, unknown>>(statement: ReturnType<typeof sql>): Promise<T[]>;
  close(): Promise<void>;
}

export async function startAuthWorld(
  database: TestDatabaseName,
  options: { rateLimits?: Partial<RateLimits>; log?: (line: string) => void; env?: Record<string, string> } = {},
): Promise<AuthWorld> {
  const oauth = await startOAuthServer();
  // Sign-in tests make many /auth requests and draft saves from one address; the limits are tested with low ones.
  const generous = { limit: 100_000, windowMs: 60_000 };
  const server = await startTestServer(database, {
    oauth,
    rateLimits: { signIn: generous, anonymous: generous, account: generous, write: generous, ...options.rateLimits },
    ...(options.log ? { log: options.log } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    server,
    oauth,
    browser: () => new Browser(server.url),
    host: (slug) => server.tenant(slug).host,
    query: (statement) => server.db.asSystem((tx) => rows(tx, statement)),
    async close() {
      await server.close();
      await oauth.stop();
    },
  };
}

let subjects = 0;
/** A provider user with a fresh numeric subject (numeric so the GitHub REST shape works too). */
export function providerUser(email: string | null, options: { verified?: boolean; name?: string } = {}): OAuthTestUser {
  subjects += 1;
  return {
    sub: String(700_000 + subjects),
    email,
    email_verified: options.verified ?? true,
    name: options.name ?? null,
  };
}

/**
 * Starts a sign-in in `browser` on `host` and lets the provider's authorize endpoint answer (as `user`). Returns
 * the callback the provider redirects the browser to — not yet followed.
 */
export async function authorize(
  world: AuthWorld,
  browser: Browser,
  host: string,
  provider: ProviderId,
  options: { user?: OAuthTestUser; returnTo?: string } = {},
): Promise<{ start: HttpResponse; callbackPath: string; callback: URL }> {
  if (options.user) world.oauth.setNextUser(options.user);
  const query = options.returnTo === undefined ? '' : `?return=${encodeURIComponent(options.returnTo)}`;
  const start = await browser.get(host, `/auth/oauth/${provider}${query}`);
  expect(start.status, start.text).toBe(302);
  const atProvider = await fetch(start.header('location')!, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  const callback = new URL(atProvider.headers.get('location')!);
  return { start, callback, callbackPath: `${callback.pathname}${callback.search}` };
}

/** The whole redirect flow: start, provider, callback. Returns the callback's response. */
export async function signIn(
  world: AuthWorld,
  browser: Browser,
  host: string,
  provider: ProviderId,
  user: OAuthTestUser,
  returnTo?: string,
): Promise<HttpResponse> {
  const { callbackPath } = await authorize(world, browser, host, provider, {
    user,
    ...(returnTo !== undefined ? { returnTo } : {}),
  });
  return browser.get(host, callbackPath);
}

export async function sessionOf(browser: Browser, host: string): Promise<HttpResponse> {
  return browser.get(host, '/auth/session');
}

/** The names and contents of the browser's drafts on `host`. */
export async function draftsOf(browser: Browser, host: string): Promise<Array<{ name: string; tokens: unknown }>> {
  const response = await browser.get(host, '/api/v1/tokens/drafts');
  expect(response.status, response.text).toBe(200);
  return response.json<Array<{ name: string; tokens: unknown }>>().map(({ name, tokens }) => ({ name, tokens }));
}

export const radius = (value: string) => ({ primitive: { radius: { md: { $value: value } } } });
