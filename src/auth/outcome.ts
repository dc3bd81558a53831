// Auth refusals are values: the HTTP edge turns each code into a status and the contract's error JSON.

export type AuthFailureCode =
  /** No live session on this host. */
  | 'unauthenticated'
  /** The session's level or role does not allow it. */
  | 'forbidden'
  /** The provider is not configured, or not allowed on this tenant host. */
  | 'provider_not_allowed'
  /** Not a provider Livery knows. */
  | 'unknown_provider'
  /** No pending flow matches this callback (tampered, replayed, expired, another session, host or provider). */
  | 'invalid_state'
  /** The provider flow failed after the state matched (denied, code refused, PKCE mismatch, bad userinfo). */
  | 'oauth_failed'
  /** The provider configuration cannot work (e.g. plain http to a remote host). */
  | 'oauth_unavailable'
  /** The platform tenant admits members by invitation only. */
  | 'invitation_required'
  /** A concurrent sign-in from this browser already moved its visitor into another account. */
  | 'session_superseded';

export interface AuthFailure {
  ok: false;
  code: AuthFailureCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Outcome<T> = ({ ok: true } & T) | AuthFailure;

export function failure(code: AuthFailureCode, message: string, details?: Record<string, unknown>): AuthFailure {
  return { ok: false, code, message, ...(details ? { details } : {}) };
}

export const noSession = () =>
  failure('unauthenticated', 'There is no session on this host; start one with POST /auth/anonymous.');
