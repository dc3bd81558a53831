// The OAuth client against a real local OAuth 2.0 / OIDC server: the whole redirect flow over HTTP, and the
// refusals (state, PKCE, replay, provider errors, unverified emails, userinfo failures).
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthProviderConfig, ProviderId } from '../../src/config.ts';
import {
  finishAuthorization,
  OAuthError,
  startAuthorization,
  type AuthorizationStart,
  type OAuthFailure,
} from '../../src/auth/oauth.ts';
import { startOAuthServer, type OAuthTestServer } from '../support/oauth-server.ts';

let server: OAuthTestServer;
beforeAll(async () => {
  server = await startOAuthServer();
});
afterAll(async () => {
  await server?.stop();
});

const callbackFor = (id: ProviderId) => `http://acme.partner.livery.localhost/auth/oauth/${id}/callback`;

/** Start a flow and let the provider's authorize endpoint answer; returns where it redirects the browser. */
async function authorize(provider: OAuthProviderConfig, redirectUri = callbackFor(provider.id)) {
  const start = await startAuthorization(provider, redirectUri);
  const response = await fetch(start.url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = response.headers.get('location');
  if (location === null) throw new Error('authorize answered a redirect without Location');
  return { start, callback: new URL(location) };
}

function expected(start: AuthorizationStart) {
  return { state: start.state, codeVerifier: start.codeVerifier, redirectUri: start.redirectUri };
}

async function failure(attempt: Promise<unknown>): Promise<OAuthError> {
  try {
    await attempt;
  } catch (error) {
    expect(error).toBeInstanceOf(OAuthError);
    return error as OAuthError;
  }
  throw new Error('expected the attempt to fail with an OAuthError');
}

async function expectFailure(attempt: Promise<unknown>, reason: OAuthFailure): Promise<OAuthError> {
  const error = await failure(attempt);
  expect(error.reason).toBe(reason);
  return error;
}

describe('the redirect flow', () => {
  it('signs a Google user in: authorize, callback, code exchange, userinfo', async () => {
    const google = server.providerConfig('google');
    server.setNextUser({ sub: 'g-7731', email: 'grace@example.test', email_verified: true, name: 'Grace Hopper' });
    const { start, callback } = await authorize(google);

    expect(`${callback.origin}${callback.pathname}`).toBe(callbackFor('google'));
    expect(await finishAuthorization(google, callback, expected(start))).toEqual({
      provider: 'google',
      subject: 'g-7731',
      email: 'grace@example.test',
      emailVerified: true,
      name: 'Grace Hopper',
    });
  });

  it('asks for a code with an S256 challenge of the stored verifier, fresh state and the provider scopes', async () => {
    const google = server.providerConfig('google');
    const first = await startAuthorization(google, callbackFor('google'));
    const second = await startAuthorization(google, callbackFor('google'));
    const query = new URL(first.url).searchParams;

    expect(first.url.startsWith(`${server.authorizeUrl}?`)).toBe(true);
    expect(query.get('response_type')).toBe('code');
    expect(query.get('client_id')).toBe(google.clientId);
    expect(query.get('redirect_uri')).toBe(callbackFor('google'));
    expect(query.get('scope')).toBe('openid email profile');
    expect(query.get('state')).toBe(first.state);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('code_challenge')).toBe(createHash('sha256').update(first.codeVerifier).digest('base64url'));
    expect(second.state).not.toBe(first.state);
    expect(second.codeVerifier).not.toBe(first.codeVerifier);
  });

  it("signs a GitHub user in through GitHub's /user and /user/emails", async () => {
    const github = server.providerConfig('github', { userinfo: 'github-api' });
    server.setNextUser({ sub: '583231', email: 'octo@example.test', email_verified: true, name: 'The Octocat' });
    const { start, callback } = await authorize(github);

    expect(await finishAuthorization(github, callback, expected(start))).toEqual({
      provider: 'github',
      subject: '583231',
      email: 'octo@example.test',
      emailVerified: true,
      name: 'The Octocat',
    });
  });

  it('reads an OIDC-shaped userinfo document for GitHub when its userinfo URL points at an OIDC server', async () => {
    const github = server.providerConfig('github');
    server.setNextUser({ sub: 'oidc-42', email: 'lin@example.test', email_verified: true, name: null });
    const { start, callback } = await authorize(github);

    expect(await finishAuthorization(github, callback, expected(start))).toEqual({
      provider: 'github',
      subject: 'oidc-42',
      email: 'lin@example.test',
      emailVerified: true,
      name: null,
    });
  });
});

describe('callback refusals', () => {
  it('refuses a callback whose state was tampered with, before spending the code', async () => {
    const google = server.providerConfig('google');
    const { start, callback } = await authorize(google);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${start.state}x`);

    await expectFailure(finishAuthorization(google, tampered, expected(start)), 'state_mismatch');
    // The code was never sent to the token endpoint, so the genuine callback still works.
    await expect(finishAuthorization(google, callback, expected(start))).resolves.toMatchObject({ provider: 'google' });
  });

  it('refuses a callback without state when no flow was stored', async () => {
    const google = server.providerConfig('google');
    const { start, callback } = await authorize(google);
    callback.searchParams.delete('state');
    const noStoredFlow = { ...expected(start), state: undefined as unknown as string };

    await expectFailure(finishAuthorization(google, callback, noStoredFlow), 'state_mismatch');
  });

  it("reports the provider's error response (access_denied) as provider_error", async () => {
    const google = server.providerConfig('google');
    server.denyNextAuthorization('access_denied');
    const { start, callback } = await authorize(google);

    expect(callback.searchParams.has('code')).toBe(false);
    const error = await expectFailure(finishAuthorization(google, callback, expected(start)), 'provider_error');
    expect(error.providerError).toBe('access_denied');
  });

  it('does not trust an error response whose state does not match', async () => {
    const google = server.providerConfig('google');
    server.denyNextAuthorization('access_denied');
    const { start, callback } = await authorize(google);
    callback.searchParams.set('state', 'forged');

    await expectFailure(finishAuthorization(google, callback, expected(start)), 'state_mismatch');
  });

  it('refuses a callback whose iss names another authorization server (mix-up)', async () => {
    const google = server.providerConfig('google');
    const { start, callback } = await authorize(google);
    expect(callback.searchParams.get('iss')).toBe(server.issuer);
    callback.searchParams.set('iss', 'https://evil.example');

    await expectFailure(finishAuthorization(google, callback, expected(start)), 'invalid_callback');
  });
});

describe('token exchange refusals', () => {
  it('refuses a code exchanged with another PKCE verifier', async () => {
    const google = server.providerConfig('google');
    const { start, callback } = await authorize(google);
    const otherVerifier = randomBytes(32).toString('base64url');

    await expectFailure(
      finishAuthorization(google, callback, { ...expected(start), codeVerifier: otherVerifier }),
      'token_exchange_failed',
    );
  });

  it('refuses a replayed authorization code', async () => {
    const google = server.providerConfig('google');
    const { start, callback } = await authorize(google);
    await finishAuthorization(google, callback, expected(start));

    const error = await expectFailure(finishAuthorization(google, callback, expected(start)), 'token_exchange_failed');
    expect(error.providerError).toBeDefined();
  });

  it('refuses an exchange whose redirect URI differs from the authorization request', async () => {
    const google = server.providerConfig('google');
    const { start, callback } = await authorize(google);
    const elsewhere = { ...expected(start), redirectUri: callbackFor('google').replace('acme', 'other') };

    await expectFailure(finishAuthorization(google, callback, elsewhere), 'token_exchange_failed');
  });

  it('refuses an exchange with the wrong client secret', async () => {
    const google = server.providerConfig('google');
    const { start, callback } = await authorize(google);
    const wrongSecret = { ...google, clientSecret: 'not-the-secret' };

    const error = await expectFailure(
      finishAuthorization(wrongSecret, callback, expected(start)),
      'token_exchange_failed',
    );
    expect(error.providerError).toBe('invalid_client');
  });

  it("reports GitHub's HTTP 200 token error body as a failed exchange with GitHub's error code", async () => {
    const github = server.providerConfig('github', { userinfo: 'github-api' });
    const { start, callback } = await authorize(github);
    server.overrideNextTokenResponse({
      statusCode: 200,
      body: { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' },
    });

    const error = await expectFailure(finishAuthorization(github, callback, expected(start)), 'token_exchange_failed');
    expect(error.providerError).toBe('bad_verification_code');
  });
});

describe('identity', () => {
  it.each([
    ['false', false],
    ['the string "true"', 'true'],
    ['missing', undefined],
  ])('reports an email as unverified when email_verified is %s', async (_label, emailVerified) => {
    const google = server.providerConfig('google');
    server.setNextUser({ sub: 'g-1', email: 'mallory@example.test', email_verified: emailVerified, name: 'M' });
    const { start, callback } = await authorize(google);

    const identity = await finishAuthorization(google, callback, expected(start));
    expect(identity.email).toBe('mallory@example.test');
    expect(identity.emailVerified).toBe(false);
  });

  it("reports GitHub's primary email as unverified when GitHub has not verified it, even if another is", async () => {
    const github = server.providerConfig('github', { userinfo: 'github-api' });
    server.setNextUser({
      sub: '90210',
      email: 'victim@example.test',
      email_verified: false,
      name: 'M',
      githubEmails: [
        { email: 'victim@example.test', primary: true, verified: false },
        { email: 'mallory@example.test', primary: false, verified: true },
      ],
    });
    const { start, callback } = await authorize(github);

    const identity = await finishAuthorization(github, callback, expected(start));
    expect(identity).toMatchObject({ subject: '90210', email: 'victim@example.test', emailVerified: false });
  });

  it('reports a failing userinfo endpoint as userinfo_failed', async () => {
    const google = server.providerConfig('google');
    const { start, callback } = await authorize(google);
    server.overrideNextUserinfo({ statusCode: 500, body: { error: 'server_error' } });

    await expectFailure(finishAuthorization(google, callback, expected(start)), 'userinfo_failed');
  });

  it('refuses a userinfo document about another user than the ID token names', async () => {
    const google = server.providerConfig('google');
    server.setNextUser({ sub: 'g-owner', email: 'owner@example.test', email_verified: true, name: 'Owner' });
    const { start, callback } = await authorize(google);
    server.overrideNextUserinfo({
      statusCode: 200,
      body: { sub: 'g-someone-else', email: 'else@example.test', email_verified: true },
    });

    await expectFailure(finishAuthorization(google, callback, expected(start)), 'userinfo_failed');
  });
});

describe('configuration', () => {
  it('refuses plain-http provider endpoints outside loopback', async () => {
    const google = server.providerConfig('google');
    await expectFailure(
      startAuthorization({ ...google, authorizeUrl: 'http://accounts.example.test/authorize' }, callbackFor('google')),
      'misconfigured',
    );

    const { start, callback } = await authorize(google);
    await expectFailure(
      finishAuthorization({ ...google, tokenUrl: 'http://oauth.example.test/token' }, callback, expected(start)),
      'misconfigured',
    );
  });
});
