// The token API: validate, overrides (with If-Match), versions, rollback, catalog theme selection, partner policy.
import { Hono } from 'hono';
import { z } from 'zod';
import { getPolicy, getPublishedLayer, getVersion, listVersions, setPolicy, appendAudit } from '../../db/queries/tokens.ts';
import { publishLayer, RefusedChange, validateLayer, type LayerChange } from '../../themes/publish.ts';
import { normalisePolicy } from '../../themes/policy.ts';
import type { Policy, Violation, Warning } from '../../engine/types.ts';
import { readJsonBody } from '../body.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { ApiError, invalidTokens, notFound } from '../errors.ts';
import { requireMember, requireRole, requireTier } from '../middleware/auth.ts';
import { parseRequest } from '../validate.ts';
import { policySchema } from './policy-schema.ts';

export const VALIDATE_LIMIT = { limit: 60, windowMs: 60_000 };

export function tokenRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/themes', (c) => {
    const { platform } = c.get('services');
    return c.json(platform.catalog.map(({ name, title, description }) => ({ name, title, description })));
  });

  routes.post('/tokens/validate', async (c) => {
    const { limiter } = c.get('services');
    limiter.hit('validate', c.get('services').clientAddress(c), VALIDATE_LIMIT);
    const tokens = await readJsonBody(c);
    return c.json(await validateAsTenant(c, tokens));
  });

  routes.get('/tokens/overrides', async (c) => {
    requireMember(c);
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const layer = await db.asTenant(tenantId, (tx) => getPublishedLayer(tx, tenantId));
    const version = layer?.version ?? null;
    return c.json({ version, tokens: layer?.content ?? {} }, 200, version === null ? {} : { etag: `"${version}"` });
  });

  routes.put('/tokens/overrides', async (c) => {
    const principal = requireRole(c, ['admin', 'editor']);
    const expectedVersion = parseIfMatch(c.req.header('if-match'));
    const tokens = await readJsonBody(c);
    const result = await write(c, {
      actor: principal.actor, content: tokens, action: 'tokens.publish',
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    return c.json(result, 200, { etag: `"${result.version}"` });
  });

  routes.get('/tokens/versions', async (c) => {
    requireMember(c);
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const versions = await db.asTenant(tenantId, (tx) => listVersions(tx, tenantId));
    return c.json(versions.map((v) => ({ version: v.version, createdAt: v.createdAt, author: v.author, summary: v.summary })));
  });

  routes.post('/tokens/rollback', async (c) => {
    const principal = requireRole(c, ['admin']);
    const { version } = parseRequest(z.strictObject({ version: z.number().int().positive() }), await readJsonBody(c));
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const target = await db.asTenant(tenantId, (tx) => getVersion(tx, tenantId, version));
    if (!target) throw notFound(`Version ${version}`);
    const result = await write(c, {
      actor: principal.actor, content: target.content, theme: target.theme, action: 'tokens.rollback', note: `rollback to v${version}`,
    });
    return c.json({ ...result, restored: version });
  });

  routes.get('/tokens/theme', async (c) => {
    requireTier(c, [1], 'select a catalog theme');
    requireRole(c, ['admin', 'editor']);
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const layer = await db.asTenant(tenantId, (tx) => getPublishedLayer(tx, tenantId));
    return c.json({ theme: layer?.theme ?? null, version: layer?.version ?? null });
  });

  routes.put('/tokens/theme', async (c) => {
    requireTier(c, [1], 'select a catalog theme');
    const principal = requireRole(c, ['admin', 'editor']);
    const { theme } = parseRequest(z.strictObject({ theme: z.string().nullable() }), await readJsonBody(c));
    const { platform } = c.get('services');
    if (theme !== null && !platform.findTheme(theme)) {
      throw new ApiError(422, 'unknown_theme', `There is no catalog theme named "${theme}".`, {
        available: platform.catalog.map((t) => t.name),
      });
    }
    const expectedVersion = parseIfMatch(c.req.header('if-match'));
    const result = await write(c, {
      actor: principal.actor, theme, action: 'tokens.theme',
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    return c.json({ ...result, theme });
  });

  routes.get('/tokens/policy', async (c) => {
    requireTier(c, [1], 'set a customer policy');
    requireRole(c, ['admin']);
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const row = await db.asTenant(tenantId, (tx) => getPolicy(tx, tenantId));
    return c.json(normalisePolicy(row?.policy));
  });

  routes.put('/tokens/policy', async (c) => {
    requireTier(c, [1], 'set a customer policy');
    const principal = requireRole(c, ['admin']);
    const policy = parseRequest(policySchema, await readJsonBody(c)) as Policy;
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    await db.asTenant(tenantId, async (tx) => {
      const before = await getPolicy(tx, tenantId);
      await setPolicy(tx, { tenantId, policy, updatedBy: principal.actor });
      await appendAudit(tx, {
        tenantId, actor: principal.actor, action: 'policy.update', detail: { before: normalisePolicy(before?.policy), after: policy },
      });
    });
    return c.json(policy);
  });

  return routes;
}

/**
 * The validation of `tokens` as if the request's tenant submitted them as its override layer: what
 * `POST /tokens/validate` answers, and what a draft stores (issue 5). Nothing is stored here.
 */
export async function validateAsTenant(c: AppContext, tokens: unknown): Promise<{ ok: boolean; violations: Violation[]; warnings: Warning[] }> {
  const tenant = c.get('tenant');
  return validateLayer(c.get('services'), { tenantId: tenant.tenantId, tier: tenant.tier, content: tokens });
}

/** `If-Match: "3"` → 3. `*` (any current version) and absence mean no precondition. */
export function parseIfMatch(header: string | undefined): number | null | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw new ApiError(400, 'invalid_if_match', 'If-Match must be the quoted version number you last read, e.g. "3".');
  return Number(match[1]);
}

async function write(c: AppContext, change: Omit<LayerChange, 'tenantId' | 'tier'>): Promise<{ version: number; warnings: unknown[] }> {
  const services = c.get('services');
  const tenant = c.get('tenant');
  try {
    return await publishLayer(services, { ...change, tenantId: tenant.tenantId, tier: tenant.tier, chain: tenant.chain });
  } catch (error) {
    if (error instanceof RefusedChange) throw refusal(error.violations, error.warnings);
    throw error;
  }
}

/** 422 with every violation — or 403 when the change touches what only the platform may change. */
function refusal(violations: Violation[], warnings: RefusedChange['warnings']): ApiError {
  const error = invalidTokens(violations, warnings);
  if (!violations.some((v) => v.rule === 'protected')) return error;
  return new ApiError(403, error.code, `Protected tokens belong to the platform. ${error.message}`, error.details);
}

