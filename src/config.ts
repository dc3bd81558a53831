// Configuration, read once by an entry point from its environment (process.env or Worker bindings).
// Names and defaults are the contract's (CONTRACT.md "Configuration"). Nothing else reads the environment.
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

export interface Config {
  platformHost: string;
  partnerRoot: string;
  oauth: Partial<Record<ProviderId, OAuthProviderConfig>>;
  /** Cache-Control for theme responses, in seconds. */
  themeCache: { maxAge: number; staleWhileRevalidate: number; staleIfError: number };
  /** How long a host → tenant answer is reused before asking the database again (seconds). */
  hostCacheTtl: number;
  /** LIVERY_TOKENS_DIR: the operator's own tokens directory (Node and the CLI); unset → the bundled build. */
  tokensDir?: string;
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

// LIVERY_SECRET (CONTRACT.md: "signs cookies and state") is accepted but not needed: Livery signs nothing. Session
// ids and OAuth states are 256-bit random values kept server-side (hashed), so there is no signature to forge.
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
    hostCacheTtl: seconds(env, 'LIVERY_HOST_CACHE_TTL', 30),
    ...(env.LIVERY_TOKENS_DIR ? { tokensDir: env.LIVERY_TOKENS_DIR } : {}),
  };
}
