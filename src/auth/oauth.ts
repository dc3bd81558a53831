// OAuth 2.0 sign-in with Google (OIDC) and GitHub (plain OAuth 2.0): authorization code + PKCE (S256) + state.
// The protocol checks are oauth4webapi's; this module adds Livery's provider configuration, the identity
// normalisation and one typed error. No database, no HTTP framework, Web APIs only (Worker and Node).
// The caller stores {state, codeVerifier, redirectUri} server-side between the two calls.
import * as oauth from 'oauth4webapi';
import type { OAuthProviderConfig } from '../config.ts';
import {
  identityFromGitHub,
  identityFromOidcClaims,
  isGitHubUser,
  parseGitHubEmails,
  type ExternalIdentity,
} from './oauth-identity.ts';

export type { ExternalIdentity } from './oauth-identity.ts';

export type OAuthFailure =
  /** The callback is not for the flow the caller stored: tampered, stale, or no flow pending. */
  | 'state_mismatch'
  /** The provider redirected back with `?error=…` (the user declined, the client is not allowed, …). */
  | 'provider_error'
  /** The callback is malformed: no code, repeated parameters, or an `iss` naming another server (mix-up). */
  | 'invalid_callback'
  /** The token endpoint refused the code (wrong verifier, replayed code, bad client) or answered nonsense. */
  | 'token_exchange_failed'
  /** The user document could not be fetched or is not a usable identity. */
  | 'userinfo_failed'
  /** The provider configuration itself is unusable (e.g. plain http to a non-loopback host). */
  | 'misconfigured';

export class OAuthError extends Error {
  readonly reason: OAuthFailure;
  /** The OAuth `error` code the provider sent, when it sent one (`access_denied`, `invalid_grant`, …). */
  readonly providerError: string | undefined;

  constructor(reason: OAuthFailure, message: string, providerError?: string) {
    // Deliberately no `cause`: library errors carry response bodies, which can hold tokens, and this error is
    // meant to be safe to log.
    super(message);
    this.name = 'OAuthError';
    this.reason = reason;
    this.providerError = providerError;
  }
}

export interface AuthorizationStart {
  /** Where to send the browser (302). */
  url: string;
  state: string;
  codeVerifier: string;
  redirectUri: string;
}

export interface ExpectedCallback {
  state: string;
  codeVerifier: string;
  redirectUri: string;
}

/** A provider that hangs must not hold the callback request open indefinitely. */
const REQUEST_TIMEOUT_MS = 10_000;
/** GitHub's API refuses requests without a User-Agent, and Workers' fetch sends none. */
const PROVIDER_HEADERS = { accept: 'application/json', 'user-agent': 'Livery' };
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Endpoint {
  url: URL;
  /** Plain http, allowed only on loopback so local OAuth servers work in tests and `livery dev`. */
  insecure: boolean;
}

function endpoint(provider: OAuthProviderConfig, field: 'authorizeUrl' | 'tokenUrl' | 'userinfoUrl'): Endpoint {
  let url: URL;
  try {
    url = new URL(provider[field]);
  } catch {
    throw new OAuthError('misconfigured', `${provider.id} ${field} is not a URL`);
  }
  if (url.protocol === 'https:') return { url, insecure: false };
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return { url, insecure: true };
  throw new OAuthError('misconfigured', `${provider.id} ${field} must be https (plain http only on loopback)`);
}

function requestOptions(target: Endpoint, headers: Record<string, string> = PROVIDER_HEADERS) {
  return {
    headers,
    signal: () => AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    [oauth.allowInsecureRequests]: target.insecure,
  };
}

interface ProviderEndpoints {
  server: oauth.AuthorizationServer;
  client: oauth.Client;
  authorize: Endpoint;
  token: Endpoint;
  userinfo: Endpoint;
}

function providerEndpoints(provider: OAuthProviderConfig): ProviderEndpoints {
  const authorize = endpoint(provider, 'authorizeUrl');
  const token = endpoint(provider, 'tokenUrl');
  const userinfo = endpoint(provider, 'userinfoUrl');
  return {
    server: {
      // The configuration names endpoints, not an issuer. The issuer is the authorize endpoint's origin: that is
      // Google's real issuer (https://accounts.google.com) and a local OIDC server's; it is what an ID token's
      // `iss` and a callback's `iss` parameter are checked against.
      issuer: authorize.url.origin,
      authorization_endpoint: authorize.url.href,
      token_endpoint: token.url.href,
      userinfo_endpoint: userinfo.url.href,
    },
    client: { client_id: provider.clientId },
    authorize,
    token,
    userinfo,
  };
}

function absoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Build the provider's authorize URL with a fresh state and PKCE (S256) verifier. The caller stores state,
 * verifier and redirect URI server-side (bound to the visitor's session) and redirects to `url`.
 */
export async function startAuthorization(
  provider: OAuthProviderConfig,
  redirectUri: string,
): Promise<AuthorizationStart> {
  const { authorize } = providerEndpoints(provider);
  if (!absoluteHttpUrl(redirectUri))
    throw new OAuthError('misconfigured', 'redirect URI must be an absolute http(s) URL');
  const state = oauth.generateRandomState();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const url = new URL(authorize.url);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', provider.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.href, state, codeVerifier, redirectUri };
}

/**
 * Validate the callback against the stored flow, exchange the code with the stored PKCE verifier, fetch the
 * user document and return the identity. Every failure rejects with an OAuthError carrying a `reason`.
 */
export async function finishAuthorization(
  provider: OAuthProviderConfig,
  callbackUrl: URL,
  expected: ExpectedCallback,
): Promise<ExternalIdentity> {
  const endpoints = providerEndpoints(provider);
  const callback = checkCallback(endpoints, callbackUrl, expected);
  const tokens = await exchangeCode(provider, endpoints, callback, expected);
  return fetchIdentity(provider, endpoints, tokens);
}

function checkCallback(endpoints: ProviderEndpoints, callbackUrl: URL, expected: ExpectedCallback): URLSearchParams {
  // A missing stored flow (no cookie, expired row) must not turn into "expect no state", which would accept a
  // callback without one.
  if (typeof expected.state !== 'string' || expected.state === '' || typeof expected.codeVerifier !== 'string') {
    throw new OAuthError('state_mismatch', 'no authorization flow is pending');
  }
  // State first, before looking at `error`: an error response that is not for our flow is not trusted either.
  const received = callbackUrl.searchParams.getAll('state');
  if (received.length !== 1 || received[0] !== expected.state) {
    throw new OAuthError('state_mismatch', 'the callback state does not match the stored one');
  }
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(endpoints.server, endpoints.client, callbackUrl, expected.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      throw new OAuthError('provider_error', `the provider answered ${error.error}`, error.error);
    }
    throw new OAuthError('invalid_callback', messageOf(error));
  }
  if (!params.get('code')) throw new OAuthError('invalid_callback', 'the callback carries no authorization code');
  return params;
}

async function exchangeCode(
  provider: OAuthProviderConfig,
  { server, client, token }: ProviderEndpoints,
  callback: URLSearchParams,
  expected: ExpectedCallback,
): Promise<oauth.TokenEndpointResponse> {
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      server,
      client,
      oauth.ClientSecretPost(provider.clientSecret),
      callback,
      expected.redirectUri,
      expected.codeVerifier,
      requestOptions(token),
    );
    // Checks status, token type and, when an ID token is present, its iss/aud/exp/iat (and that it has no nonce).
    return await oauth.processAuthorizationCodeResponse(server, client, response);
  } catch (error) {
    throw new OAuthError('token_exchange_failed', `token exchange failed: ${messageOf(error)}`, tokenErrorCode(error));
  }
}

function tokenErrorCode(error: unknown): string | undefined {
  if (error instanceof oauth.ResponseBodyError) return error.error;
  // GitHub answers a bad code with HTTP 200 and {error: …}; oauth4webapi then reports the missing access_token
  // and keeps the body as the cause.
  if (error instanceof oauth.OperationProcessingError) {
    const body: unknown = (error.cause as { body?: unknown } | undefined)?.body;
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') {
      return body.error;
    }
  }
  return undefined;
}

async function fetchIdentity(
  provider: OAuthProviderConfig,
  { server, client, userinfo }: ProviderEndpoints,
  tokens: oauth.TokenEndpointResponse,
): Promise<ExternalIdentity> {
  const response = await userinfoFailure(async () => {
    const answer = await oauth.userInfoRequest(server, client, tokens.access_token, requestOptions(userinfo));
    if (answer.status !== 200) throw new Error(`userinfo answered HTTP ${answer.status}`);
    return answer;
  });
  const document: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);

  if (provider.id === 'github' && isGitHubUser(document)) {
    const emails = await fetchGitHubEmails(userinfo, tokens.access_token);
    return identityFromGitHub(document, emails);
  }

  // OIDC-shaped (Google, or a local OIDC server configured for either provider). When the token response held an
  // ID token, the userinfo `sub` must be the same user (oauth4webapi compares them).
  const idTokenSubject = oauth.getValidatedIdTokenClaims(tokens)?.sub;
  const claims = await userinfoFailure(() =>
    oauth.processUserInfoResponse(server, client, idTokenSubject ?? oauth.skipSubjectCheck, response),
  );
  const identity = identityFromOidcClaims(provider.id, claims);
  if (identity === null) throw new OAuthError('userinfo_failed', 'the userinfo document has no subject');
  return identity;
}

/** GitHub lists verified addresses only at `/user/emails`, next to the configured `/user` endpoint. */
async function fetchGitHubEmails(userinfo: Endpoint, accessToken: string) {
  const target: Endpoint = { url: new URL(userinfo.url), insecure: userinfo.insecure };
  target.url.pathname = `${target.url.pathname.replace(/\/+$/, '')}/emails`;
  return userinfoFailure(async () => {
    const response = await oauth.protectedResourceRequest(
      accessToken,
      'GET',
      target.url,
      new Headers(PROVIDER_HEADERS),
      null,
      requestOptions(target),
    );
    if (response.status !== 200) throw new Error(`${target.url.pathname} answered HTTP ${response.status}`);
    const emails = parseGitHubEmails(await response.json());
    if (emails === null) throw new Error(`${target.url.pathname} did not answer a list`);
    return emails;
  });
}

async function userinfoFailure<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof OAuthError) throw error;
    throw new OAuthError('userinfo_failed', `fetching the user failed: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
