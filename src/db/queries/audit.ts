// The audit log: one row per change (and per platform access), written in the change's own transaction.
import { desc } from 'drizzle-orm';
import type { Tx } from '../core.ts';
import { auditLog } from '../schema.ts';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditEntry {
  tenantId: string;
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
  fromVersion?: number | null;
  toVersion?: number | null;
}

export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    tenantId: entry.tenantId,
    actor: entry.actor,
    action: entry.action,
    detail: entry.detail ?? {},
    fromVersion: entry.fromVersion ?? null,
    toVersion: entry.toVersion ?? null,
  });
}

/** Audit entries visible in this transaction (for T0/T1 that includes descendants), newest first. */
export async function listAudit(tx: Tx, limit = 100): Promise<AuditRow[]> {
  return tx.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
}
