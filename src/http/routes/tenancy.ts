// Tenancy API: tenants, domains (with verification), allowed auth providers, API keys, audit. The work is the
// tenancy administration service's (src/tenancy/admin/); these handlers check the caller's tier and role, parse,
// call it, and shape the answer.
import { Hono } from 'hono';
import { z } from 'zod';
import { chooseProviders, providerChoice, PROVIDER_IDS } from '../../auth/providers.ts';
import type { DomainRow } from '../../db/queries/domains.ts';
import type { TenantRow } from '../../db/queries/tenants.ts';
import { readAudit } from '../../tenancy/admin/audit.ts';
import type { Acting } from '../../tenancy/admin/context.ts';
import { claimDomain, verificationRecord, verifyDomain, withdrawDomain } from '../../tenancy/admin/domains.ts';
import { createKey, listKeys, revokeKey } from '../../tenancy/admin/keys.ts';
import { descendantHistory, descendantLayer } from '../../tenancy/admin/layers.ts';
import { createChild, updateDescendant, visibleTenants } from '../../tenancy/admin/tenants.ts';
import { readJsonBody } from '../body.ts';
import { overridesAnswer, parseIfMatch, versionsAnswer } from './tokens.ts';
import type { AppContext, AppEnv, Principal, RequestTenant } from '../context.ts';
import { requireMember, requireRole, requireTier } from '../middleware/auth.ts';
import { parseRequest } from '../validate.ts';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const tenantCreateBody = z.strictObject({
  slug: z
    .string()
    .regex(SLUG, 'must be 1–63 lower-case letters, digits or hyphens, not starting or ending with a hyphen'),
  name: z.string().trim().min(1).max(200),
});
export const tenantUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  status: z.enum(['active', 'suspended', 'decommissioned']).optional(),
});
export const domainBody = z.strictObject({ domain: z.string().max(300) });
export const providersBody = z.strictObject({ providers: z.array(z.enum(PROVIDER_IDS)).max(PROVIDER_IDS.length) });
export const keyCreateBody = z.strictObject({
  role: z.enum(['admin', 'editor', 'viewer']).default('editor'),
  label: z.string().max(200).default(''),
});

/** A tenant as the caller may see it: a tenant's own parent is never shown (a customer must not learn its partner). */
function tenantView(row: TenantRow, viewer: RequestTenant) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    tier: row.tier,
    status: row.status,
    ...(row.id !== viewer.tenantId ? { parentId: row.parentId } : {}),
    createdAt: row.createdAt,
  };
}

function domainView(row: DomainRow) {
  return {
    domain: row.domain,
    tenantId: row.tenantId,
    verified: row.verifiedAt !== null,
    verifiedAt: row.verifiedAt,
    // An unverified claim holds the name until then (null once verified).
    expiresAt: row.expiresAt,
    verification: verificationRecord(row),
  };
}

/** The request's tenant acting through `principal`. */
function acting(c: AppContext, principal: Principal): Acting {
  const { tenantId, tier } = c.get('tenant');
  return { tenantId, tier, actor: principal.actor };
}

export function tenancyRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/tenants', async (c) => {
    const rows = await visibleTenants(c.get('services'), acting(c, requireMember(c)));
    return c.json(rows.map((row) => tenantView(row, c.get('tenant'))));
  });

  routes.post('/tenants', async (c) => {
    requireTier(c, [0, 1], 'create tenants');
    const principal = requireRole(c, ['admin']);
    const body = parseRequest(tenantCreateBody, await readJsonBody(c));
    const row = await createChild(c.get('services'), acting(c, principal), body);
    return c.json(tenantView(row, c.get('tenant')), 201);
  });

  routes.patch('/tenants/:id', async (c) => {
    const principal = requireRole(c, ['admin']);
    const body = parseRequest(tenantUpdateBody, await readJsonBody(c));
    const row = await updateDescendant(c.get('services'), acting(c, principal), c.req.param('id'), body);
    return c.json(tenantView(row, c.get('tenant')));
  });

  // A descendant's layer and history, read-only, for any member of an ancestor (and of the tenant itself).
  routes.get('/tenants/:id/tokens/overrides', async (c) => {
    const layer = await descendantLayer(c.get('services'), acting(c, requireMember(c)), c.req.param('id'));
    return overridesAnswer(c, layer);
  });

  routes.get('/tenants/:id/tokens/versions', async (c) => {
    const versions = await descendantHistory(c.get('services'), acting(c, requireMember(c)), c.req.param('id'));
    return versionsAnswer(c, versions);
  });

  routes.post('/tenants/:id/domains', async (c) => {
    requireTier(c, [0, 1], 'add domains');
    const principal = requireRole(c, ['admin']);
    const { domain } = parseRequest(domainBody, await readJsonBody(c));
    const row = await claimDomain(c.get('services'), acting(c, principal), c.req.param('id'), domain);
    return c.json(domainView(row), 201);
  });

  // Withdrawing a claim, or removing a verified mapping: the owning tenant's admin or an ancestor's.
  routes.delete('/tenants/:id/domains/:domain', async (c) => {
    const principal = requireRole(c, ['admin']);
    await withdrawDomain(c.get('services'), acting(c, principal), c.req.param('id'), c.req.param('domain'));
    return c.body(null, 204);
  });

  routes.post('/domains/:domain/verify', async (c) => {
    requireTier(c, [0, 1], 'verify domains');
    const principal = requireRole(c, ['admin']);
    return c.json(domainView(await verifyDomain(c.get('services'), acting(c, principal), c.req.param('domain'))));
  });

  routes.get('/auth/providers', async (c) => {
    requireTier(c, [1], "choose their customers' sign-in providers");
    requireRole(c, ['admin']);
    const { providers, version } = await providerChoice(c.get('services').db, c.get('tenant').tenantId);
    return c.json({ providers }, 200, { etag: `"${version}"` });
  });

  routes.put('/auth/providers', async (c) => {
    requireTier(c, [1], "choose their customers' sign-in providers");
    const principal = requireRole(c, ['admin']);
    const { providers } = parseRequest(providersBody, await readJsonBody(c));
    const expected = parseIfMatch(c.req.header('if-match'));
    const chosen = await chooseProviders(c.get('services').db, acting(c, principal), providers, expected);
    return c.json({ providers: chosen.providers }, 200, { etag: `"${chosen.version}"` });
  });

  routes.post('/keys', async (c) => {
    const principal = requireRole(c, ['admin']);
    const body = parseRequest(keyCreateBody, await readJsonBody(c));
    const created = await createKey(c.get('services'), acting(c, principal), body);
    return c.json(
      { id: created.id, key: created.key, prefix: created.prefix, role: body.role, label: body.label },
      201,
    );
  });

  routes.get('/keys', async (c) => {
    requireRole(c, ['admin']);
    const keys = await listKeys(c.get('services'), c.get('tenant').tenantId);
    return c.json(
      keys.map((k) => ({
        id: k.id,
        prefix: k.prefix,
        role: k.role,
        label: k.label,
        createdAt: k.createdAt,
        lastUsedAt: k.lastUsedAt,
        revokedAt: k.revokedAt,
      })),
    );
  });

  routes.delete('/keys/:id', async (c) => {
    const principal = requireRole(c, ['admin']);
    await revokeKey(c.get('services'), acting(c, principal), c.req.param('id'));
    return c.body(null, 204);
  });

  routes.get('/audit', async (c) => {
    const principal = requireRole(c, ['admin']);
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1000);
    const entries = await readAudit(c.get('services'), acting(c, principal), limit);
    return c.json(
      entries.map((e) => ({
        id: e.id,
        tenantId: e.tenantId,
        actor: e.actor,
        action: e.action,
        detail: e.detail,
        fromVersion: e.fromVersion,
        toVersion: e.toVersion,
        createdAt: e.createdAt,
      })),
    );
  });

  return routes;
}
