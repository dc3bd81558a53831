// Invitations (issue 5; the contract names them, these endpoints are new): a tenant admin invites an email with a
// role; the invitee signs in on this tenant's host with a provider that verifies that email and completes their
// account (POST /auth/complete) to get the role. Only this tenant's own invitations are listed or deleted.
import { Hono } from 'hono';
import { z } from 'zod';
import { createInvitation, deleteInvitation, getInvitation, invitationStatus, listInvitations, normaliseEmail, type InvitationRow } from '../../auth/invitations.ts';
import { appendAudit } from '../../db/queries/tokens.ts';
import { readJsonBody } from '../body.ts';
import type { AppEnv } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { requireRole } from '../middleware/auth.ts';
import { parseRequest } from '../validate.ts';

export const invitationBody = z.strictObject({
  email: z.email().max(254).transform(normaliseEmail),
  role: z.enum(['admin', 'editor', 'viewer']),
});
const uuid = z.uuid();

function invitationView(row: InvitationRow, now: Date) {
  return {
    id: row.id, email: row.email, role: row.role, status: invitationStatus(row, now),
    expiresAt: row.expiresAt, createdAt: row.createdAt, acceptedAt: row.acceptedAt,
  };
}

export function invitationRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post('/invitations', async (c) => {
    const principal = requireRole(c, ['admin']);
    const body = parseRequest(invitationBody, await readJsonBody(c));
    const { db, now } = c.get('services');
    const { tenantId } = c.get('tenant');
    const row = await db.asTenant(tenantId, async (tx) => {
      const created = await createInvitation(tx, { tenantId, ...body, createdBy: principal.userId ?? null, now: now() });
      await appendAudit(tx, { tenantId, actor: principal.actor, action: 'invitation.create', detail: { id: created.id, email: created.email, role: created.role } });
      return created;
    });
    return c.json({ id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt }, 201);
  });

  routes.get('/invitations', async (c) => {
    requireRole(c, ['admin']);
    const { db, now } = c.get('services');
    const { tenantId } = c.get('tenant');
    const rows = await db.asTenant(tenantId, (tx) => listInvitations(tx, tenantId));
    return c.json(rows.map((row) => invitationView(row, now())));
  });

  routes.delete('/invitations/:id', async (c) => {
    const principal = requireRole(c, ['admin']);
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) throw notFound('The invitation');
    const { db } = c.get('services');
    const { tenantId } = c.get('tenant');
    await db.asTenant(tenantId, async (tx) => {
      const row = await getInvitation(tx, tenantId, id);
      if (!row) throw notFound('The invitation');
      if (row.acceptedAt) throw new ApiError(409, 'invitation_accepted', 'This invitation was already accepted; it is kept as a record.');
      await deleteInvitation(tx, tenantId, id);
      await appendAudit(tx, { tenantId, actor: principal.actor, action: 'invitation.delete', detail: { id, email: row.email } });
    });
    return c.body(null, 204);
  });

  return routes;
}
