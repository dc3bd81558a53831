// Turning a provider's user documents into one ExternalIdentity. Pure: no I/O, so the rules about what counts
// as a verified email sit in one readable place.
import type { ProviderId } from '../config.ts';

export interface ExternalIdentity {
  provider: ProviderId;
  /** The provider's stable user id (OIDC `sub`, GitHub's numeric `id` as a string). Link accounts by this. */
  subject: string;
  email: string | null;
  /** True only when the provider said so explicitly; linking by an unverified email is account takeover. */
  emailVerified: boolean;
  name: string | null;
}

/** A GitHub `/user/emails` entry. */
export interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** An OIDC userinfo document (`sub`, `email`, `email_verified`, `name`), as Google and local OIDC servers send. */
export function identityFromOidcClaims(provider: ProviderId, claims: unknown): ExternalIdentity | null {
  if (!isObject(claims)) return null;
  const subject = text(claims.sub);
  if (subject === null) return null;
  const email = text(claims.email);
  return {
    provider,
    subject,
    email,
    // Strictly the boolean true: a string "true", a missing claim or anything else is not a verification.
    emailVerified: email !== null && claims.email_verified === true,
    name: text(claims.name),
  };
}

/** Whether a userinfo document is GitHub's REST `/user` shape rather than OIDC claims. */
export function isGitHubUser(document: unknown): document is Json & { id: number } {
  return isObject(document) && typeof document.sub !== 'string' && Number.isSafeInteger(document.id);
}

/** GitHub's `/user/emails` answer, keeping only well-formed entries (null when it is not a list). */
export function parseGitHubEmails(document: unknown): GitHubEmail[] | null {
  if (!Array.isArray(document)) return null;
  const emails: GitHubEmail[] = [];
  for (const entry of document) {
    if (!isObject(entry)) continue;
    const email = text(entry.email);
    if (email === null) continue;
    emails.push({ email, primary: entry.primary === true, verified: entry.verified === true });
  }
  return emails;
}

/**
 * GitHub's `/user` plus `/user/emails`. The identity's email is the account's primary address, verified only when
 * GitHub marks that address `verified: true`; the public `/user.email` is never trusted as verified.
 */
export function identityFromGitHub(user: Json & { id: number }, emails: GitHubEmail[]): ExternalIdentity {
  const primary = emails.find((entry) => entry.primary) ?? null;
  return {
    provider: 'github',
    subject: String(user.id),
    email: primary?.email ?? null,
    emailVerified: primary?.verified === true,
    name: text(user.name) ?? text(user.login),
  };
}
