// Compile on write: a chain's artifact built and stored inside the write's transaction, so the first read of the new
// version finds it (children rebuild theirs lazily on read: ./directory.ts).
import type { Tx } from '../db/core.ts';
import { storeArtifact } from '../db/queries/artifacts.ts';
import { buildArtifact, chainKey, type ChainMember } from './compile.ts';
import type { Platform } from './platform.ts';

/**
 * `chain` is the chain as the database now holds it (root first, the writer's new layer last, as stored), so the
 * artifact is the one a later rebuild from the database would make.
 */
export async function storeCompiled(
  tx: Tx,
  platform: Platform,
  tenantId: string,
  chain: readonly ChainMember[],
): Promise<void> {
  await storeArtifact(tx, tenantId, buildArtifact(platform, chain, await chainKey(platform, chain)));
}
