// Drafts: any session, anonymous included, keeps named override trees on this tenant with
// their latest validation result (the same answer as POST /tokens/validate). They are the visitor's history and
// survive graduation (src/auth/merge.ts). API keys have no drafts: a key is not a visitor.
import { Hono } from 'hono';
import { deleteDraft, saveDraft, visitorDrafts, type DraftOwner } from '../../auth/drafts.ts';
import type { DraftRow } from '../../db/queries/drafts.ts';
import { readTokenBody } from '../body.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { forbidden, unauthenticated } from '../errors.ts';

/** The visitor's drafts on this tenant: a session's user; API keys have none. */
function owner(c: AppContext): DraftOwner {
  const principal = c.get('principal');
  if (!principal) throw unauthenticated();
  if (principal.kind !== 'session' || !principal.userId) {
    throw forbidden('Drafts belong to a browser session; API keys have none.');
  }
  const { tenantId, tier } = c.get('tenant');
  return { tenantId, tier, userId: principal.userId, member: Boolean(principal.role) };
}

function draftView(row: DraftRow) {
  return { name: row.name, tokens: row.content, validation: row.validation, updatedAt: row.updatedAt };
}

export function draftRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/tokens/drafts', async (c) => {
    const rows = await visitorDrafts(c.get('services').db, owner(c));
    return c.json(rows.map(draftView));
  });

  // Saves are rate-limited as writes (src/http/rate-limit.ts).
  routes.put('/tokens/drafts/:name', async (c) => {
    const drafts = owner(c);
    const { row, created } = await saveDraft(c.get('services'), drafts, c.req.param('name'), await readTokenBody(c));
    return c.json(draftView(row), created ? 201 : 200);
  });

  routes.delete('/tokens/drafts/:name', async (c) => {
    await deleteDraft(c.get('services').db, owner(c), c.req.param('name'));
    return c.body(null, 204);
  });

  return routes;
}
