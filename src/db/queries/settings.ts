// The hosts the database answers for (livery_settings, written by the owner: src/db/migrate.ts storeHostSettings).
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../core.ts';

export interface StoredHosts {
  platformHost: string;
  partnerRoot: string;
}

/** The stored platform host and partner root, or null when none are stored (livery_app may read them). */
export async function storedHosts(tx: Tx): Promise<StoredHosts | null> {
  const [row] = await rows<{ platform_host: string; partner_root: string }>(
    tx,
    sql`select platform_host, partner_root from livery_settings`,
  );
  return row ? { platformHost: row.platform_host, partnerRoot: row.partner_root } : null;
}
