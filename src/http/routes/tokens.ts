// The token API: validate, overrides (with If-Match), versions, rollback, catalog theme selection, partner policy.
import { Hono } from 'hono';
import { z } from 'zod';
import { getPolicy, getPublishedLayer, getVersion, listVersions, setPolicy, appendAudit } from '../../db/queries/tokens.ts';
import { publishLayer, RefusedChange, validateLayer, type LayerChange } from '../../themes/publish.ts';
import { normalisePolicy } from '../../themes/policy.ts';
import type { Policy, Violation, Warning } from '../../engine/types.ts';
import { readJsonBody, readTokenBody, readTokenBodyToValidate } from '../body.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { ApiError, invalidTokens, notFound } from '../errors.ts';
import { requireMember, requireRole, requireTier } from '../middleware/auth.ts';
import { parseRequest } from '../validate.ts';
import { policySchema } from './policy-schema.ts';

export function tokenRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/themes', (c) => {
    const { platform } = c.get('services');
    return c.json(platform.catalog.map(({ name, title, description }) => ({ name, title, description })));
  });

  routes.post('/tokens/validate', async (c) => {
    // What PUT /tokens/overrides would refuse, answered as a validation: a body no tree can be read from is `ok: false`.
    const { body, violation } = await readTokenBodyToValidate(c);
    if (violation) return c.json({ ok: false, violations: [violation], warnings: [] });
    return c.json(await validateAsTenant(c, body));
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
    const tokens = await readTokenBody(c);
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
    const { version } = parseRequest(rollbackBody, await readJsonBody(c));
    const expectedVersion = parseIfMatch(c.req.header('if-match'));
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const target = await db.asTenant(tenantId, (tx) => getVersion(tx, tenantId, version));
    if (!target) throw notFound(`Version ${version}`);
    const result = await write(c, {
      actor: principal.actor, content: target.content, theme: target.theme, action: 'tokens.rollback', note: `rollback to v${version}`,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
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
    const { theme } = parseRequest(themeSelectionBody, await readJsonBody(c));
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
    // The version to send back as If-Match, as GET /tokens/overrides does
    return c.json(normalisePolicy(row?.policy), 200, { etag: `"${row?.policyVersion ?? 0}"` });
  });

  routes.put('/tokens/policy', async (c) => {
    requireTier(c, [1], 'set a customer policy');
    const principal = requireRole(c, ['admin']);
    const policy = parseRequest(policySchema, await readJsonBody(c)) as Policy;
    const expected = parseIfMatch(c.req.header('if-match'));
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const version = await db.asTenant(tenantId, async (tx) => {
      const before = await getPolicy(tx, tenantId);
      const row = await setPolicy(tx, {
        tenantId, policy, updatedBy: principal.actor, ...(expected !== undefined ? { expected: { policy: expected ?? 0 } } : {}),
      });
      if (!row) throw versionConflict('policy', before?.policyVersion ?? 0, expected);
      await appendAudit(tx, {
        tenantId, actor: principal.actor, action: 'policy.update', detail: { before: normalisePolicy(before?.policy), after: policy },
      });
      return row.policyVersion;
    });
    return c.json(policy, 200, { etag: `"${version}"` });
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

/** 412: the versioned state moved on since the caller read it. */
export function versionConflict(what: string, current: number, expected: number | null | undefined): ApiError {
  return new ApiError(412, 'version_conflict', `The ${what} moved on: the current version is ${current}, not ${expected ?? 'none'}.`);
}

/** A version number as stored (PostgreSQL integer): 1 to 2^31 − 1. */
const versionNumber = z.number().int().positive().max(2_147_483_647, 'a version is at most 2147483647');

// Request bodies (exported for the OpenAPI document, src/http/openapi)
export const rollbackBody = z.strictObject({ version: versionNumber });
export const themeSelectionBody = z.strictObject({ theme: z.string().nullable() });

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

