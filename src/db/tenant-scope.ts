// Tenant data inside an identity transaction. Graduation changes identity rows (livery_auth's) and tenant rows
// (memberships, invitations, inquiries: under RLS) together, atomically; this switches the same transaction to
// `livery_app` with the tenant's context for the tenant part, so RLS still decides what it may touch, and back.
// SET ROLE checks the login's memberships, not the current role's: the service login is a member of both.
import { contextStatement, leaveTenantStatement, type Tx } from './core.ts';

/**
 * Runs `work` as livery_app with app.tenant_id = tenantId, inside a transaction opened by `db.asAuth`, then
 * returns to livery_auth. Both settings are transaction-local. If `work` throws, let the whole transaction roll
 * back (do not catch and carry on inside it: the role would still be livery_app).
 */
export async function inTenantScope<T>(tx: Tx, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  await tx.execute(contextStatement('livery_app', tenantId));
  const result = await work(tx);
  await tx.execute(leaveTenantStatement);
  return result;
}
