// Invitations: a tenant admin invites an email with a role (the work is src/auth/invitations.ts's).
import { Hono } from 'hono';
import { z } from 'zod';
import {
  invitationStatus,
  invite,
  normaliseEmail,
  tenantInvitations,
  withdrawInvitation,
} from '../../auth/invitations.ts';
import type { InvitationRow } from '../../db/queries/invitations.ts';
import { readJsonBody } from '../body.ts';
import type { AppEnv } from '../context.ts';
import { requireRole } from '../middleware/auth.ts';
import { parseRequest } from '../validate.ts';

export const invitationBody = z.strictObject({
  email: z.email().max(254).transform(normaliseEmail),
  role: z.enum(['admin', 'editor', 'viewer']),
});

function invitationView(row: InvitationRow, now: Date) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row, now),
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    acceptedAt: row.acceptedAt,
  };
}

export function invitationRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post('/invitations', async (c) => {
    const principal = requireRole(c, ['admin']);
    const body = parseRequest(invitationBody, await readJsonBody(c));
    const row = await invite(c.get('services'), principal, body);
    return c.json({ id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt }, 201);
  });

  routes.get('/invitations', async (c) => {
    requireRole(c, ['admin']);
    const { db, now } = c.get('services');
    const rows = await tenantInvitations(db, c.get('tenant').tenantId);
    return c.json(rows.map((row) => invitationView(row, now())));
  });

  routes.delete('/invitations/:id', async (c) => {
    const principal = requireRole(c, ['admin']);
    await withdrawInvitation(c.get('services').db, principal, c.req.param('id'));
    return c.body(null, 204);
  });

  return routes;
}
