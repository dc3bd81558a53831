// Signing in with a provider: the anonymous/preview → oauth step, or signing into the account that owns the
// identity (merging the visitor into it). OAuth protocol work is oauth.ts's (oauth4webapi); this module binds a
// flow to the browser's session and host, consumes it once, and settles the identity atomically.
import type { OAuthProviderConfig, ProviderId } from '../config.ts';
import type { Tx } from '../db/core.ts';
import type { UserLevel } from '../db/schema.ts';
import type { AuthDeps, HostTenant } from './context.ts';
import { newVisitor, type SessionState } from './graduation.ts';
import { atLeast, higher } from './levels.ts';
import { mergeUser, type MergeSummary } from './merge.ts';
import { finishAuthorization, OAuthError, startAuthorization, type ExternalIdentity } from './oauth.ts';
import { consumeFlow, saveFlow, type PendingFlow } from '../db/queries/oauth-flows.ts';
import { ownOrigin, safeReturnPath } from './origin.ts';
import { failure, type AuthFailure, type Outcome } from './outcome.ts';
import { allowedProviders, isProviderId } from './providers.ts';
import {
  findSession,
  issueSession,
  revokeSession,
  rotateSession,
  type ActiveSession,
  type IssuedSession,
} from '../db/queries/sessions.ts';
import { identityOwner, linkIdentity, lockUsers, refreshIdentity, updateUser } from '../db/queries/users.ts';

/** The provider's configuration if this tenant host may use it (checked when a flow starts and again at its callback). */
async function usableProvider(
  deps: AuthDeps,
  tenant: HostTenant,
  provider: string,
): Promise<Outcome<{ config: OAuthProviderConfig }>> {
  if (!isProviderId(provider)) return failure('unknown_provider', `There is no sign-in provider "${provider}".`);
  const allowed = await allowedProviders(deps.db, deps.config, tenant);
  const config = deps.config.oauth[provider];
  if (!config || !allowed.includes(provider)) {
    return failure('provider_not_allowed', `Signing in with ${provider} is not available on this host.`, {
      provider,
      allowed,
    });
  }
  return { ok: true, config };
}

export function callbackPath(provider: ProviderId): string {
  return `/auth/oauth/${provider}/callback`;
}

/**
 * `GET /auth/oauth/:provider`: a flow bound to this browser's session (a visitor without one gets an anonymous
 * session first) and this host; returns the provider URL to redirect to. The callback comes back to this host.
 */
export async function beginSignIn(
  deps: AuthDeps,
  tenant: HostTenant,
  input: {
    provider: string;
    secret: string | undefined;
    hostHeader: string | undefined;
    returnPath: string | undefined;
  },
): Promise<Outcome<{ url: string; issued: IssuedSession | null }>> {
  const usable = await usableProvider(deps, tenant, input.provider);
  if (!usable.ok) return usable;
  const provider = usable.config.id;
  const origin = ownOrigin(tenant.host, input.hostHeader);
  const redirectUri = `${origin}${callbackPath(provider)}`;
  let start: Awaited<ReturnType<typeof startAuthorization>>;
  try {
    start = await startAuthorization(usable.config, redirectUri);
  } catch (error) {
    if (error instanceof OAuthError)
      return failure('oauth_unavailable', `Signing in with ${provider} is misconfigured: ${error.message}.`);
    throw error;
  }
  const now = deps.now();
  return deps.db.asAuth(async (tx) => {
    const existing =
      input.secret === undefined ? null : await findSession(tx, { secret: input.secret, host: tenant.host, now });
    const issued = existing ? null : (await newVisitor(tx, tenant, now)).issued;
    await saveFlow(tx, {
      state: start.state,
      codeVerifier: start.codeVerifier,
      redirectUri,
      returnPath: safeReturnPath(input.returnPath, origin),
      provider,
      host: tenant.host,
      sessionIdHash: existing?.idHash ?? issued!.idHash,
      now,
    });
    return { ok: true, url: start.url, issued };
  });
}

export interface SignedIn extends SessionState {
  issued: IssuedSession;
  returnPath: string;
  /** Set when the visitor was merged into the account that owns the identity. */
  merged: MergeSummary | null;
}

/**
 * `GET /auth/oauth/:provider/callback`: consume the flow (state + session + host + provider must all match, once),
 * finish the provider exchange (PKCE), then link the identity to the visitor — or, when another account owns it,
 * sign into that account and merge the visitor into it.
 */
export async function finishSignIn(
  deps: AuthDeps,
  tenant: HostTenant,
  input: { provider: string; secret: string | undefined; query: URLSearchParams },
): Promise<Outcome<SignedIn>> {
  const usable = await usableProvider(deps, tenant, input.provider);
  if (!usable.ok) return usable;
  const provider = usable.config.id;
  const states = input.query.getAll('state');
  if (states.length !== 1 || !states[0] || input.secret === undefined) return unmatched();
  const state = states[0];
  const now = deps.now();

  const pending = await deps.db.asAuth(async (tx) => {
    const session = await findSession(tx, { secret: input.secret!, host: tenant.host, now });
    if (!session) return null;
    const flow = await consumeFlow(tx, { state, provider, host: tenant.host, sessionIdHash: session.idHash, now });
    return flow ? { session, flow } : null;
  });
  if (!pending) return unmatched();

  let identity: ExternalIdentity;
  try {
    identity = await finishAuthorization(usable.config, callbackUrl(pending.flow, input.query), pending.flow);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return failure(
      error.reason === 'misconfigured' ? 'oauth_unavailable' : 'oauth_failed',
      `Signing in with ${provider} failed: ${error.message}.`,
      {
        reason: error.reason,
        ...(error.providerError ? { providerError: error.providerError } : {}),
      },
    );
  }

  const settled = await settleIdentity(deps, tenant, pending.session, identity);
  if (!settled.ok) return settled;
  return { ...settled, returnPath: pending.flow.returnPath };
}

function unmatched(): AuthFailure {
  return failure(
    'invalid_state',
    'No sign-in in progress in this browser matches this callback (used already, expired, or started elsewhere).',
  );
}

/** The URL the provider redirected to: the stored redirect URI with the callback's query. */
function callbackUrl(flow: PendingFlow, query: URLSearchParams): URL {
  const url = new URL(flow.redirectUri);
  url.search = query.toString();
  return url;
}

const RETRY = Symbol('retry');
const MAX_ATTEMPTS = 3;

/**
 * Link or merge, in one transaction per attempt. The users involved are locked in id order, so concurrent
 * callbacks (two flows of one visitor, or two visitors with one new identity) serialise: the second finds the
 * visitor already merged or the identity already linked and neither duplicates nor loses anything. An attempt
 * that discovers an owner it has not locked starts again with that owner known.
 */
async function settleIdentity(
  deps: AuthDeps,
  tenant: HostTenant,
  session: ActiveSession,
  identity: ExternalIdentity,
): Promise<Outcome<Omit<SignedIn, 'returnPath'>>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const result = await deps.db.asAuth((tx) => settleOnce(tx, tenant, session, identity, deps.now()));
    if (result !== RETRY) return result;
  }
  throw new Error('signing in kept racing with concurrent sign-ins for the same identity');
}

async function settleOnce(
  tx: Tx,
  tenant: HostTenant,
  session: ActiveSession,
  identity: ExternalIdentity,
  now: Date,
): Promise<Outcome<Omit<SignedIn, 'returnPath'>> | typeof RETRY> {
  const seenOwner = await identityOwner(tx, identity);
  const locked = await lockUsers(tx, seenOwner ? [session.userId, seenOwner] : [session.userId]);
  const owner = await identityOwner(tx, identity);
  if (owner !== null && !locked.has(owner)) return RETRY;
  const visitor = locked.get(session.userId);
  if (!visitor) throw new Error(`session user ${session.userId} does not exist`);

  const signInAs = async (userId: string, level: UserLevel, merged: MergeSummary | null) => {
    const issued = await issueSession(tx, { userId, host: tenant.host, level, now });
    return { ok: true as const, userId, level, issued, merged };
  };

  if (visitor.mergedInto !== null) {
    // A concurrent callback from this browser already merged the visitor. Into this identity's account: that
    // callback did the work, this one only signs in. Into another account: nothing left to link to.
    if (owner === visitor.mergedInto) return signInAs(owner, locked.get(owner)!.level, null);
    return failure('session_superseded', 'This browser signed into another account meanwhile; sign in again.');
  }

  if (owner === null) {
    if (!(await linkIdentity(tx, visitor.id, identity))) return RETRY;
    const level = higher(visitor.level, 'oauth');
    await updateUser(
      tx,
      visitor.id,
      { level, name: visitor.name ?? identity.name, email: visitor.email ?? identity.email },
      now,
    );
    const issued = await rotateSession(tx, session, { userId: visitor.id, level, now });
    return { ok: true, userId: visitor.id, level, issued, merged: null };
  }

  await refreshIdentity(tx, identity);
  if (owner === visitor.id) {
    const level = higher(visitor.level, 'oauth');
    if (level !== visitor.level) await updateUser(tx, visitor.id, { level }, now);
    const issued = await rotateSession(tx, session, { userId: visitor.id, level, now });
    return { ok: true, userId: visitor.id, level, issued, merged: null };
  }

  const account = locked.get(owner)!;
  if (atLeast(visitor.level, 'oauth')) {
    // The visitor is an account of its own (it has identities): switch accounts, merge nothing.
    await revokeSession(tx, session.idHash, now);
    return signInAs(account.id, account.level, null);
  }
  const merged = await mergeUser(tx, visitor, account, now); // also ends every session of the visitor
  return signInAs(account.id, account.level, merged);
}
