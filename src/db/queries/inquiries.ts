// Inquiries: the email (and message) a visitor leaves on a tenant at the preview step. Tenant data, under RLS.
import type { Tx } from '../core.ts';
import { inquiries } from '../schema.ts';

export async function recordInquiry(
  tx: Tx,
  inquiry: { tenantId: string; userId: string; email: string; message: string },
): Promise<void> {
  await tx.insert(inquiries).values(inquiry);
}
