// Drafts: a visitor's saved override trees on one tenant, each with its latest validation result. Tenant data under RLS (run as the tenant); every query also names the user, because a
// partner's context can see its customers' rows.
import { and, asc, count, eq } from 'drizzle-orm';
import type { Violation, Warning } from '../../engine/types.ts';
import type { Tx } from '../core.ts';
import { drafts } from '../schema.ts';

export type DraftRow = typeof drafts.$inferSelect;

export interface DraftValidation {
  ok: boolean;
  violations: Violation[];
  warnings: Warning[];
  /** Descendants the tree would break, for a member of a platform or partner (POST /tokens/validate's `impact`). */
  impact: Array<{ tenant: { id: string; slug: string }; violations: Violation[] }>;
}

export async function listDrafts(tx: Tx, tenantId: string, userId: string): Promise<DraftRow[]> {
  return tx
    .select()
    .from(drafts)
    .where(and(eq(drafts.tenantId, tenantId), eq(drafts.userId, userId)))
    .orderBy(asc(drafts.name));
}

export async function countDrafts(tx: Tx, tenantId: string, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(drafts)
    .where(and(eq(drafts.tenantId, tenantId), eq(drafts.userId, userId)));
  return Number(row?.n ?? 0);
}

export async function findDraft(tx: Tx, tenantId: string, userId: string, name: string): Promise<DraftRow | null> {
  const [row] = await tx
    .select()
    .from(drafts)
    .where(and(eq(drafts.tenantId, tenantId), eq(drafts.userId, userId), eq(drafts.name, name)));
  return row ?? null;
}

export async function saveDraft(
  tx: Tx,
  input: { tenantId: string; userId: string; name: string; content: unknown; validation: DraftValidation; now: Date },
): Promise<DraftRow> {
  const [row] = await tx
    .insert(drafts)
    .values({
      tenantId: input.tenantId,
      userId: input.userId,
      name: input.name,
      content: input.content,
      validation: input.validation,
      updatedAt: input.now,
    })
    .onConflictDoUpdate({
      target: [drafts.tenantId, drafts.userId, drafts.name],
      set: { content: input.content, validation: input.validation, updatedAt: input.now },
    })
    .returning();
  return row!;
}

export async function deleteDraft(tx: Tx, tenantId: string, userId: string, name: string): Promise<boolean> {
  const deleted = await tx
    .delete(drafts)
    .where(and(eq(drafts.tenantId, tenantId), eq(drafts.userId, userId), eq(drafts.name, name)))
    .returning({ name: drafts.name });
  return deleted.length > 0;
}
