// Opaque bearer secrets (session ids, OAuth state) and how they are stored: the browser holds 32 random bytes,
// the database only their SHA-256. The secrets are random, so a slow hash would add nothing, and a stolen table
// holds nothing a browser could present.
import { createHash, randomBytes } from 'node:crypto';

const SECRET_BYTES = 32;
/** 32 bytes in base64url, unpadded: exactly 43 characters of the URL-safe alphabet. */
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether a presented value could be one of ours; anything else is ignored without asking the database. */
export function isWellFormedSecret(value: string | undefined): value is string {
  return value !== undefined && WELL_FORMED.test(value);
}
