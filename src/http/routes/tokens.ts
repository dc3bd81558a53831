// The token API: validate, overrides (with If-Match), versions, rollback, catalog theme selection, partner policy.
import { Hono } from 'hono';
import { z } from 'zod';
import { publishedLayer, publishedVersion, rollBack, versionHistory } from '../../themes/layers.ts';
import { publishLayer, RefusedChange, type LayerChange } from '../../themes/publish.ts';
import { validateLayer } from '../../themes/validate.ts';
import { customerPolicy, setCustomerPolicy } from '../../themes/policy.ts';
import type { TokenVersionRow } from '../../db/queries/tokens.ts';
import type { Policy, Violation } from '../../engine/types.ts';
import { readJsonBody, readTokenBody, readTokenBodyToValidate } from '../body.ts';
import type { AppContext, AppEnv, Principal } from '../context.ts';
import { ApiError, invalidTokens } from '../errors.ts';
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
    if (violation) return c.json({ ok: false, violations: [violation], warnings: [], impact: [] });
    const { tenantId, tier } = c.get('tenant');
    // Descendants are named only to the tenant's members (an anonymous caller may not see them).
    return c.json(
      await validateLayer(c.get('services'), {
        tenantId,
        tier,
        content: body,
        withImpact: Boolean(c.get('principal')?.role),
      }),
    );
  });

  routes.get('/tokens/overrides', async (c) => {
    requireMember(c);
    return overridesAnswer(c, await publishedLayer(c.get('services').db, c.get('tenant').tenantId));
  });

  routes.put('/tokens/overrides', async (c) => {
    const principal = requireRole(c, ['admin', 'editor']);
    const expectedVersion = parseIfMatch(c.req.header('if-match'));
    const tokens = await readTokenBody(c);
    const result = await write(c, principal, {
      content: tokens,
      action: 'tokens.publish',
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    return c.json(result, 200, { etag: `"${result.version}"` });
  });

  routes.get('/tokens/versions', async (c) => {
    requireMember(c);
    return versionsAnswer(c, await versionHistory(c.get('services').db, c.get('tenant').tenantId));
  });

  routes.get('/tokens/versions/:version', async (c) => {
    requireMember(c);
    const raw = c.req.param('version');
    const number = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
    const row =
      number <= 2 ** 31 - 1 ? await publishedVersion(c.get('services').db, c.get('tenant').tenantId, number) : null;
    if (!row) throw new ApiError(404, 'not_found', 'No version by that number.');
    return c.json({
      version: row.version,
      createdAt: row.createdAt,
      author: row.author,
      summary: row.summary,
      tokens: row.content,
    });
  });

  routes.post('/tokens/rollback', async (c) => {
    const principal = requireRole(c, ['admin']);
    const { version } = parseRequest(rollbackBody, await readJsonBody(c));
    const expectedVersion = parseIfMatch(c.req.header('if-match'));
    const result = await refusing(
      rollBack(
        c.get('services'),
        {
          ...writer(c, principal),
          ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        },
        version,
      ),
    );
    return c.json({ ...result, restored: version });
  });

  routes.get('/tokens/theme', async (c) => {
    requireTier(c, [1], 'select a catalog theme');
    requireRole(c, ['admin', 'editor']);
    const layer = await publishedLayer(c.get('services').db, c.get('tenant').tenantId);
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
    const result = await write(c, principal, {
      theme,
      action: 'tokens.theme',
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    return c.json({ ...result, theme });
  });

  routes.get('/tokens/policy', async (c) => {
    requireTier(c, [1], 'set a customer policy');
    requireRole(c, ['admin']);
    const { policy, version } = await customerPolicy(c.get('services').db, c.get('tenant').tenantId);
    // The version to send back as If-Match, as GET /tokens/overrides does
    return c.json(policy, 200, { etag: `"${version}"` });
  });

  routes.put('/tokens/policy', async (c) => {
    requireTier(c, [1], 'set a customer policy');
    const principal = requireRole(c, ['admin']);
    const policy = parseRequest(policySchema, await readJsonBody(c)) as Policy;
    const expected = parseIfMatch(c.req.header('if-match'));
    const version = await setCustomerPolicy(
      c.get('services').db,
      { tenantId: c.get('tenant').tenantId, actor: principal.actor },
      policy,
      expected,
    );
    return c.json(policy, 200, { etag: `"${version}"` });
  });

  return routes;
}

/** A published layer as `GET /tokens/overrides` answers it (also for an ancestor reading a descendant's). */
export function overridesAnswer(c: AppContext, layer: TokenVersionRow | null): Response {
  const version = layer?.version ?? null;
  return c.json({ version, tokens: layer?.content ?? {} }, 200, version === null ? {} : { etag: `"${version}"` });
}

/** A history as `GET /tokens/versions` answers it, newest first as given (also for an ancestor's read). */
export function versionsAnswer(
  c: AppContext,
  versions: Pick<TokenVersionRow, 'version' | 'createdAt' | 'author' | 'summary'>[],
): Response {
  return c.json(
    versions.map((v) => ({ version: v.version, createdAt: v.createdAt, author: v.author, summary: v.summary })),
  );
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
  if (!match)
    throw new ApiError(400, 'invalid_if_match', 'If-Match must be the quoted version number you last read, e.g. "3".');
  return Number(match[1]);
}

/** Who writes: the request's tenant (with its resolved chain, for the locks) and the principal's actor. */
function writer(c: AppContext, principal: Principal): Pick<LayerChange, 'tenantId' | 'tier' | 'chain' | 'actor'> {
  const tenant = c.get('tenant');
  return { tenantId: tenant.tenantId, tier: tenant.tier, chain: tenant.chain, actor: principal.actor };
}

async function write(
  c: AppContext,
  principal: Principal,
  change: Omit<LayerChange, 'tenantId' | 'tier' | 'chain' | 'actor'>,
): Promise<{ version: number; warnings: unknown[] }> {
  return refusing(publishLayer(c.get('services'), { ...change, ...writer(c, principal) }));
}

/** A governance refusal as the contract's 422 (or 403). */
async function refusing<T>(publishing: Promise<T>): Promise<T> {
  try {
    return await publishing;
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
