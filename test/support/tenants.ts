// Tenants inserted directly (as the owner), for database tests that need a small hierarchy and nothing else.
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../../src/db/core.ts';

/** Inserts a tenant named after its slug and returns its id. */
export async function insertTenant(tx: Tx, tier: number, parent: string | null, slug: string): Promise<string> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`insert into tenants (tier, parent_id, slug, name) values (${tier}, ${parent}, ${slug}, ${slug}) returning id`,
  );
  return row!.id;
}
