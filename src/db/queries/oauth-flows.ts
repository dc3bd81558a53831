// Pending OAuth flows (oauth_states), between the redirect to the provider and its callback. A flow is bound to
// the host it started on and to the browser's session (login-CSRF defence: a callback carrying someone else's
// state does not match), lives ten minutes and is consumed exactly once.
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Tx } from '../core.ts';
import { oauthStates } from '../schema.ts';
import { hashSecret } from '../../lib/secrets.ts';

export const FLOW_TTL_MS = 10 * 60 * 1000;

export interface PendingFlow {
  state: string;
  codeVerifier: string;
  redirectUri: string;
  returnPath: string;
}

export async function saveFlow(
  tx: Tx,
  flow: PendingFlow & { provider: string; host: string; sessionIdHash: string; now: Date },
): Promise<void> {
  // Expired flows are worthless; clearing them here keeps the table small without a scheduler.
  await tx.delete(oauthStates).where(lt(oauthStates.expiresAt, flow.now));
  await tx.insert(oauthStates).values({
    stateHash: hashSecret(flow.state),
    provider: flow.provider,
    codeVerifier: flow.codeVerifier,
    host: flow.host,
    sessionIdHash: flow.sessionIdHash,
    redirectUri: flow.redirectUri,
    returnPath: flow.returnPath,
    expiresAt: new Date(flow.now.getTime() + FLOW_TTL_MS),
  });
}

/**
 * Consumes the flow this callback belongs to, atomically: one UPDATE … WHERE consumed_at IS NULL, so a replayed
 * or concurrent second callback finds nothing. Every binding is part of the match, so a callback from another
 * session, host or provider neither succeeds nor burns the real flow. Null when nothing matches.
 */
export async function consumeFlow(
  tx: Tx,
  input: { state: string; provider: string; host: string; sessionIdHash: string; now: Date },
): Promise<PendingFlow | null> {
  const [row] = await tx
    .update(oauthStates)
    .set({ consumedAt: input.now })
    .where(
      and(
        eq(oauthStates.stateHash, hashSecret(input.state)),
        isNull(oauthStates.consumedAt),
        gt(oauthStates.expiresAt, input.now),
        eq(oauthStates.provider, input.provider),
        eq(oauthStates.host, input.host),
        eq(oauthStates.sessionIdHash, input.sessionIdHash),
      ),
    )
    .returning({
      codeVerifier: oauthStates.codeVerifier,
      redirectUri: oauthStates.redirectUri,
      returnPath: oauthStates.returnPath,
    });
  return row ? { state: input.state, ...row } : null;
}
