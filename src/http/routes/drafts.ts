// Drafts (CONTRACT.md token API): any session, anonymous included, keeps named override trees on this tenant with
// their latest validation result (the same answer as POST /tokens/validate). They are the visitor's history and
// survive graduation (src/auth/merge.ts). API keys have no drafts: a key is not a visitor.
import { Hono } from 'hono';
import { countDrafts, deleteDraft, DRAFT_NAME, findDraft, listDrafts, MAX_DRAFTS_PER_TENANT, saveDraft, type DraftRow } from '../../auth/drafts.ts';
import { readTokenBody } from '../body.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { ApiError, forbidden, notFound, unauthenticated } from '../errors.ts';
import { validateAsTenant } from './tokens.ts';

function visitor(c: AppContext): string {
  const principal = c.get('principal');
  if (!principal) throw unauthenticated();
  if (principal.kind !== 'session' || !principal.userId) {
    throw forbidden('Drafts belong to a browser session; API keys have none.');
  }
  return principal.userId;
}

function draftName(c: AppContext): string {
  const name = c.req.param('name') ?? '';
  if (!DRAFT_NAME.test(name)) {
    throw new ApiError(422, 'invalid_draft_name', 'A draft name is 1–100 letters, digits, spaces or . _ - ( ), starting with a letter or digit.');
  }
  return name;
}

function draftView(row: DraftRow) {
  return { name: row.name, tokens: row.content, validation: row.validation, updatedAt: row.updatedAt };
}

export function draftRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/tokens/drafts', async (c) => {
    const userId = visitor(c);
    const { db } = c.get('services');
    const { tenantId } = c.get('tenant');
    const rows = await db.asTenant(tenantId, (tx) => listDrafts(tx, tenantId, userId));
    return c.json(rows.map(draftView));
  });

  routes.put('/tokens/drafts/:name', async (c) => {
    const userId = visitor(c);
    const name = draftName(c);
    const { db, now } = c.get('services'); // saves are rate-limited as writes (src/http/rate-limit.ts)
    const tokens = await readTokenBody(c);
    const validation = await validateAsTenant(c, tokens);
    const { tenantId } = c.get('tenant');
    const { row, created } = await db.asTenant(tenantId, async (tx) => {
      const existing = await findDraft(tx, tenantId, userId, name);
      if (!existing && (await countDrafts(tx, tenantId, userId)) >= MAX_DRAFTS_PER_TENANT) {
        throw new ApiError(409, 'too_many_drafts', `You have ${MAX_DRAFTS_PER_TENANT} drafts here; delete one first.`);
      }
      return { row: await saveDraft(tx, { tenantId, userId, name, content: tokens, validation, now: now() }), created: !existing };
    });
    return c.json(draftView(row), created ? 201 : 200);
  });

  routes.delete('/tokens/drafts/:name', async (c) => {
    const userId = visitor(c);
    const name = draftName(c);
    const { db } = c.get('services');
    const { tenantId } = c.get('tenant');
    if (!(await db.asTenant(tenantId, (tx) => deleteDraft(tx, tenantId, userId, name)))) throw notFound(`The draft "${name}"`);
    return c.body(null, 204);
  });

  return routes;
}
