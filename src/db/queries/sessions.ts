// Session rows. The browser holds a random secret; the row holds its hash, the host it was issued on (valid only
// there), the user and the level at issue. A session is never updated into something else: a level change or a
// sign-in revokes it and issues a new one (rotation), so a secret known before sign-in is worthless after it.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../core.ts';
import { sessions, users, type UserLevel } from '../schema.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface IssuedSession {
  /** For the cookie only; never stored. */
  secret: string;
  idHash: string;
  expiresAt: Date;
}

export interface ActiveSession {
  idHash: string;
  userId: string;
  /** The user's level now (the user row is the authority; the session's copy is what it was issued at). */
  level: UserLevel;
  host: string;
  expiresAt: Date;
}

export async function issueSession(
  tx: Tx,
  input: { userId: string; host: string; level: UserLevel; now: Date; ttlMs?: number },
): Promise<IssuedSession> {
  const secret = newSecret();
  const idHash = hashSecret(secret);
  const expiresAt = new Date(input.now.getTime() + (input.ttlMs ?? SESSION_TTL_MS));
  await tx.insert(sessions).values({ idHash, userId: input.userId, host: input.host, level: input.level, expiresAt });
  return { secret, idHash, expiresAt };
}

/** The live session for this secret on this host: not revoked, not expired, its user not merged away. */
export async function findSession(
  tx: Tx,
  input: { secret: string; host: string; now: Date },
): Promise<ActiveSession | null> {
  const [row] = await tx
    .select({
      idHash: sessions.idHash,
      userId: sessions.userId,
      level: users.level,
      host: sessions.host,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.idHash, hashSecret(input.secret)),
        eq(sessions.host, input.host),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, input.now),
        isNull(users.mergedInto),
      ),
    );
  return row ?? null;
}

export async function revokeSession(tx: Tx, idHash: string, now: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** Rotation: the old session ends and a new one (new secret) starts for `userId` on the same host. */
export async function rotateSession(
  tx: Tx,
  old: Pick<ActiveSession, 'idHash' | 'host'>,
  input: { userId: string; level: UserLevel; now: Date; ttlMs?: number },
): Promise<IssuedSession> {
  await revokeSession(tx, old.idHash, input.now);
  return issueSession(tx, { ...input, host: old.host });
}
