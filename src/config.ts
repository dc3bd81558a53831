// Configuration, read once by an entry point from its environment (process.env or Worker bindings).
// Names and defaults are the contract's (README "Configuration"). Nothing else reads the environment.
import { normalizeConfiguredHost } from './tenancy/host.ts';

export type ProviderId = 'google' | 'github';

export interface OAuthProviderConfig {
  id: ProviderId;
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  scopes: string[];
}

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * The route classes rate limits apply to (src/http/rate-limit.ts classifies requests):
 * - signIn: `/auth/oauth/*` (a provider start and its callback; each start may create an anonymous visitor);
 * - anonymous: `POST /auth/anonymous` (a new user and session each);
 * - account: the other `/auth` writes (`preview`, `complete`, `logout`);
 * - validate: `POST /api/v1/tokens/validate` (a full validation, open to anyone on the host);
 * - write: every other PUT/POST/PATCH/DELETE under `/api` (draft saves included: each runs a full validation).
 * Reads (`GET /auth/session`, `GET /api/…`, themes, the preview page) are not limited.
 */
export type RateLimitClass = 'signIn' | 'anonymous' | 'account' | 'validate' | 'write';

/** Per class; null: that class is not limited. */
export type RateLimits = Record<RateLimitClass, RateLimit | null>;

const MINUTE = 60_000;

export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = {
  signIn: { limit: 30, windowMs: MINUTE },
  anonymous: { limit: 20, windowMs: MINUTE },
  account: { limit: 30, windowMs: MINUTE },
  validate: { limit: 60, windowMs: MINUTE },
  write: { limit: 60, windowMs: MINUTE },
};

/** The variable that sets each class: `<requests>/<window>` (`30/min`, `600/h`, `5/10s`) or `off`. */
export const RATE_LIMIT_ENV: Readonly<Record<RateLimitClass, string>> = {
  signIn: 'LIVERY_RATE_LIMIT_SIGN_IN',
  anonymous: 'LIVERY_RATE_LIMIT_ANONYMOUS',
  account: 'LIVERY_RATE_LIMIT_ACCOUNT',
  validate: 'LIVERY_RATE_LIMIT_VALIDATE',
  write: 'LIVERY_RATE_LIMIT_WRITE',
};

export interface Config {
  platformHost: string;
  partnerRoot: string;
  oauth: Partial<Record<ProviderId, OAuthProviderConfig>>;
  /**
   * Cache-Control for theme responses, in seconds. `maxAge` is also the edge's freshness window: how long what the
   * database said about a host (its tenant, the chain's versions) is used before one background lookup refreshes it.
   */
  themeCache: { maxAge: number; staleWhileRevalidate: number; staleIfError: number };
  /**
   * LIVERY_EDGE_MEMORY_TTL (Worker): seconds an isolate answers from its own memory before re-reading its data
   * center's cache, which writes purge — how long another isolate of the same data center may lag a write.
   */
  edgeMemoryTtl: number;
  /** LIVERY_TOKENS_DIR: the operator's own tokens directory (Node and the CLI); unset → the bundled build. */
  tokensDir?: string;
  /** LIVERY_RATE_LIMIT_*: per route class and client address. */
  rateLimits: RateLimits;
  /**
   * Node only (the Worker always uses CF-Connecting-IP): LIVERY_CLIENT_IP_HEADER, the header a trusted reverse proxy
   * puts the client's address in, and LIVERY_TRUSTED_PROXIES, how many proxies append to it (default 1).
   */
  clientIp: { header?: string; trustedProxies: number };
  /** LIVERY_SECRET, when set: the key of the HMAC that hashes client addresses in request logs. */
  logKey?: string;
}

type Env = Record<string, string | undefined>;

const PROVIDER_DEFAULTS: Record<ProviderId, Omit<OAuthProviderConfig, 'clientId' | 'clientSecret' | 'id'>> = {
  google: {
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
    scopes: ['openid', 'email', 'profile'],
  },
  github: {
    authorizeUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    userinfoUrl: 'https://api.github.com/user',
    scopes: ['read:user', 'user:email'],
  },
};

function seconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of seconds, got "${raw}"`);
  return value;
}

const UNIT_MS: Record<string, number> = { s: 1000, sec: 1000, m: MINUTE, min: MINUTE, h: 3_600_000, hour: 3_600_000 };

/** `30/min`, `30/60s`, `600/h`, `off` (null). Throws a message naming the variable for anything else. */
export function parseRateLimit(name: string, raw: string): RateLimit | null {
  const value = raw.trim().toLowerCase();
  if (value === 'off') return null;
  const match = /^(\d+)\s*\/\s*(\d*)\s*(s|sec|m|min|h|hour)$/.exec(value);
  const limit = match ? Number(match[1]) : NaN;
  const windowMs = match ? Number(match[2] || 1) * UNIT_MS[match[3]!]! : NaN;
  if (!Number.isSafeInteger(limit) || limit < 1 || !Number.isSafeInteger(windowMs) || windowMs < 1000) {
    throw new Error(`${name} must be "<requests>/<window>" (e.g. "30/min", "600/h", "5/10s") or "off", got "${raw}"`);
  }
  return { limit, windowMs };
}

function rateLimits(env: Env): RateLimits {
  const limits = { ...DEFAULT_RATE_LIMITS };
  for (const [cls, name] of Object.entries(RATE_LIMIT_ENV) as [RateLimitClass, string][]) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') limits[cls] = parseRateLimit(name, raw);
  }
  return limits;
}

function clientIp(env: Env): Config['clientIp'] {
  const header = env.LIVERY_CLIENT_IP_HEADER?.trim().toLowerCase() || undefined;
  if (header !== undefined && !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) {
    throw new Error(`LIVERY_CLIENT_IP_HEADER must be a header name, got "${env.LIVERY_CLIENT_IP_HEADER}"`);
  }
  const raw = env.LIVERY_TRUSTED_PROXIES;
  const trustedProxies = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!Number.isInteger(trustedProxies) || trustedProxies < 1 || trustedProxies > 32) {
    throw new Error(`LIVERY_TRUSTED_PROXIES must be a whole number from 1 to 32, got "${raw}"`);
  }
  return { ...(header ? { header } : {}), trustedProxies };
}

// LIVERY_SECRET (reserved for signing) signs nothing: session ids and OAuth states are 256-bit
// random values kept server-side (hashed), so there is no signature to forge. It only keys the hash of client
// addresses in request logs.
export function loadConfig(env: Env): Config {
  const oauth: Config['oauth'] = {};
  for (const id of ['google', 'github'] as const) {
    const P = id.toUpperCase();
    const clientId = env[`OAUTH_${P}_CLIENT_ID`];
    const clientSecret = env[`OAUTH_${P}_CLIENT_SECRET`];
    if (!clientId || !clientSecret) continue;
    const d = PROVIDER_DEFAULTS[id];
    oauth[id] = {
      id,
      clientId,
      clientSecret,
      authorizeUrl: env[`OAUTH_${P}_AUTHORIZE_URL`] || d.authorizeUrl,
      tokenUrl: env[`OAUTH_${P}_TOKEN_URL`] || d.tokenUrl,
      userinfoUrl: env[`OAUTH_${P}_USERINFO_URL`] || d.userinfoUrl,
      scopes: d.scopes,
    };
  }
  const platformHost = normalizeConfiguredHost(env.LIVERY_PLATFORM_HOST || 'livery.localhost', 'LIVERY_PLATFORM_HOST');
  const partnerRoot = normalizeConfiguredHost(env.LIVERY_PARTNER_ROOT || 'livery.localhost', 'LIVERY_PARTNER_ROOT');
  return {
    platformHost,
    partnerRoot,
    oauth,
    themeCache: {
      maxAge: seconds(env, 'LIVERY_THEME_MAX_AGE', 60),
      staleWhileRevalidate: seconds(env, 'LIVERY_THEME_SWR', 600),
      staleIfError: seconds(env, 'LIVERY_THEME_SIE', 86_400),
    },
    edgeMemoryTtl: seconds(env, 'LIVERY_EDGE_MEMORY_TTL', 1),
    ...(env.LIVERY_TOKENS_DIR ? { tokensDir: env.LIVERY_TOKENS_DIR } : {}),
    rateLimits: rateLimits(env),
    clientIp: clientIp(env),
    ...(env.LIVERY_SECRET ? { logKey: env.LIVERY_SECRET } : {}),
  };
}
