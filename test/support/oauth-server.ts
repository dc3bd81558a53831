// A real OAuth 2.0 / OIDC server on a loopback port for tests, built on oauth2-mock-server.
//
// The mock alone hands out tokens for any code and only checks PKCE when the client volunteers a verifier, so
// this wrapper adds what a real provider enforces, through the mock's hooks:
//   - authorize: the client must be registered and send an S256 code challenge; the code is bound to the client,
//     the redirect URI, the challenge and the user signing in; the redirect carries `iss` (RFC 9207);
//   - token: client authentication, a code that was issued and is redeemed once, the same client and redirect URI,
//     and a code_verifier that hashes to the challenge; anything else is a 4xx OAuth error;
//   - userinfo: answers for the user the access token was issued to, 401 for an unknown token.
// It also serves GitHub's REST shape (`/github/user`, `/github/user/emails`) for the same users.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  OAuth2Issuer,
  OAuth2Service,
  type MutableRedirectUri,
  type MutableResponse,
  type MutableToken,
  type TokenRequestIncomingMessage,
} from 'oauth2-mock-server';
import type { OAuthProviderConfig, ProviderId } from '../../src/config.ts';

export interface OAuthTestUser {
  /** OIDC subject. For the GitHub REST shape it must be numeric: GitHub ids are numbers. */
  sub: string;
  email: string | null;
  /** Passed through as given, so tests can send non-boolean values. */
  email_verified: unknown;
  name: string | null;
  /** GitHub `/user/emails` entries; by default one primary entry made of `email` and `email_verified`. */
  githubEmails?: Array<{ email: string; primary: boolean; verified: boolean }>;
}

export interface ProviderConfigOptions {
  /** 'oidc' (default): userinfo is the OIDC endpoint. 'github-api': GitHub's REST `/user` + `/user/emails`. */
  userinfo?: 'oidc' | 'github-api';
}

export interface OAuthTestServer {
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  /** A provider configuration registered with this server (its client id and secret are accepted). */
  providerConfig(id: ProviderId, options?: ProviderConfigOptions): OAuthProviderConfig;
  /** The user who signs in at the next authorization (afterwards the default user again). */
  setNextUser(user: OAuthTestUser): void;
  /** The next authorization redirects back with `?error=<error>` instead of a code. */
  denyNextAuthorization(error?: string): void;
  /** The next code redemption at the token endpoint answers this instead (the code still counts as used). */
  overrideNextTokenResponse(response: { statusCode: number; body: Record<string, unknown> }): void;
  /** The next userinfo request (OIDC or GitHub `/user`) answers this instead. */
  overrideNextUserinfo(response: { statusCode: number; body: Record<string, unknown> }): void;
  stop(): Promise<void>;
}

const DEFAULT_USER: OAuthTestUser = {
  sub: '100001',
  email: 'ada@example.test',
  email_verified: true,
  name: 'Ada Lovelace',
};

const SCOPES: Record<ProviderId, string[]> = {
  google: ['openid', 'email', 'profile'],
  github: ['read:user', 'user:email'],
};

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  user: OAuthTestUser;
  redeemed: boolean;
}

interface OAuthErrorAnswer {
  statusCode: number;
  error: string;
  description: string;
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** Client credentials from HTTP Basic or from the form body (client_secret_post). */
function clientCredentials(req: IncomingMessage, body: Record<string, unknown>): { id: unknown; secret: unknown } {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    const [id = '', secret = ''] = Buffer.from(basic[1], 'base64').toString().split(':');
    return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
  }
  return { id: body.client_id, secret: body.client_secret };
}

export async function startOAuthServer(): Promise<OAuthTestServer> {
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate('RS256');
  const service = new OAuth2Service(issuer);

  const clientSecrets = new Map<string, string>();
  const clientIds: Record<ProviderId, string> = { google: 'livery-google', github: 'livery-github' };
  for (const id of Object.values(clientIds)) clientSecrets.set(id, randomBytes(16).toString('hex'));

  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, OAuthTestUser>();
  let nextUser: OAuthTestUser | null = null;
  let nextDenial: string | null = null;
  let nextTokenResponse: { statusCode: number; body: Record<string, unknown> } | null = null;
  let nextUserinfo: { statusCode: number; body: Record<string, unknown> } | null = null;

  service.on('beforeAuthorizeRedirect', (redirect: MutableRedirectUri, req: IncomingMessage) => {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const target = redirect.url.searchParams;
    const code = target.get('code');
    const user = nextUser ?? DEFAULT_USER;
    nextUser = null;
    const refuse = (error: string) => {
      target.delete('code');
      target.set('error', error);
    };
    target.set('iss', issuer.url ?? '');
    if (nextDenial !== null) {
      refuse(nextDenial);
      nextDenial = null;
    } else if (!clientSecrets.has(query.get('client_id') ?? '')) {
      refuse('unauthorized_client');
    } else if (query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) {
      refuse('invalid_request'); // PKCE is required, and only S256
    } else if (code !== null) {
      codes.set(code, {
        clientId: query.get('client_id') ?? '',
        redirectUri: query.get('redirect_uri') ?? '',
        challenge: query.get('code_challenge') ?? '',
        user,
        redeemed: false,
      });
    }
  });

  // The access token and the ID token name the user bound to the code.
  service.on('beforeTokenSigning', (token: MutableToken, req: TokenRequestIncomingMessage) => {
    const issued = req.body.code === undefined ? undefined : codes.get(req.body.code);
    if (issued) token.payload.sub = issued.user.sub;
  });

  const refuseRedemption = (req: TokenRequestIncomingMessage): OAuthErrorAnswer | IssuedCode => {
    const body = req.body as unknown as Record<string, unknown>;
    const client = clientCredentials(req, body);
    if (typeof client.id !== 'string' || clientSecrets.get(client.id) !== client.secret) {
      return { statusCode: 401, error: 'invalid_client', description: 'unknown client or wrong secret' };
    }
    const issued = typeof body.code === 'string' ? codes.get(body.code) : undefined;
    if (!issued) return { statusCode: 400, error: 'invalid_grant', description: 'unknown code' };
    if (issued.redeemed) return { statusCode: 400, error: 'invalid_grant', description: 'code already used' };
    issued.redeemed = true; // one attempt per code, successful or not
    if (issued.clientId !== client.id) {
      return { statusCode: 400, error: 'invalid_grant', description: 'code issued to another client' };
    }
    if (body.redirect_uri !== issued.redirectUri) {
      return { statusCode: 400, error: 'invalid_grant', description: 'redirect_uri differs from the authorization' };
    }
    if (typeof body.code_verifier !== 'string' || s256(body.code_verifier) !== issued.challenge) {
      return { statusCode: 400, error: 'invalid_grant', description: 'code_verifier does not match the challenge' };
    }
    return issued;
  };

  service.on('beforeResponse', (response: MutableResponse, req: TokenRequestIncomingMessage) => {
    if (req.body.grant_type !== 'authorization_code') return;
    const outcome = refuseRedemption(req);
    if (nextTokenResponse !== null) {
      response.statusCode = nextTokenResponse.statusCode;
      response.body = nextTokenResponse.body;
      nextTokenResponse = null;
      return;
    }
    if ('error' in outcome) {
      response.statusCode = outcome.statusCode;
      response.body = { error: outcome.error, error_description: outcome.description };
      return;
    }
    if (response.body !== '' && typeof response.body.access_token === 'string') {
      accessTokens.set(response.body.access_token, outcome.user);
    }
  });

  const takeUserinfoOverride = () => {
    const override = nextUserinfo;
    nextUserinfo = null;
    return override;
  };

  service.on('beforeUserinfo', (response: MutableResponse, req: IncomingMessage) => {
    const override = takeUserinfoOverride();
    if (override) {
      response.statusCode = override.statusCode;
      response.body = override.body;
      return;
    }
    const user = accessTokens.get(bearerToken(req) ?? '');
    if (!user) {
      response.statusCode = 401;
      response.body = { error: 'invalid_token' };
      return;
    }
    const { githubEmails: _ignored, ...claims } = user;
    response.body = claims;
  });

  const githubApi = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const send = (statusCode: number, body: unknown) => {
      res.writeHead(statusCode, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const override = path === '/github/user' ? takeUserinfoOverride() : null;
    if (override) return send(override.statusCode, override.body);
    const user = accessTokens.get(bearerToken(req) ?? '');
    if (!user) return send(401, { message: 'Bad credentials' });
    if (!/^\d+$/.test(user.sub)) return send(500, { message: 'GitHub-shaped users need a numeric sub' });
    if (path === '/github/user') {
      return send(200, { id: Number(user.sub), login: `user${user.sub}`, name: user.name, email: user.email });
    }
    const emails =
      user.githubEmails ??
      (user.email === null ? [] : [{ email: user.email, primary: true, verified: user.email_verified === true }]);
    return send(
      200,
      emails.map((entry) => ({ ...entry, visibility: entry.primary ? 'public' : null })),
    );
  };

  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'GET' && (path === '/github/user' || path === '/github/user/emails')) {
      githubApi(req, res, path);
      return;
    }
    service.requestHandler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject).listen(0, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('OAuth test server has no port');
  // 127.0.0.1 rather than `localhost`, which Node may resolve to ::1 where nothing listens.
  const base = `http://127.0.0.1:${address.port}`;
  issuer.url = base;

  return {
    issuer: base,
    authorizeUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    userinfoUrl: `${base}/userinfo`,
    providerConfig(id, options = {}) {
      const clientId = clientIds[id];
      return {
        id,
        clientId,
        clientSecret: clientSecrets.get(clientId) ?? '',
        authorizeUrl: `${base}/authorize`,
        tokenUrl: `${base}/token`,
        userinfoUrl: options.userinfo === 'github-api' ? `${base}/github/user` : `${base}/userinfo`,
        scopes: SCOPES[id],
      };
    },
    setNextUser(user) {
      nextUser = user;
    },
    denyNextAuthorization(error = 'access_denied') {
      nextDenial = error;
    },
    overrideNextTokenResponse(response) {
      nextTokenResponse = response;
    },
    overrideNextUserinfo(response) {
      nextUserinfo = response;
    },
    async stop() {
      const closed = new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
      http.closeAllConnections(); // fetch keeps connections alive; close() alone would wait for them
      await closed;
    },
  };
}
