// Tenancy API: tenants, domains (with verification), allowed auth providers, API keys, audit.
// Every query runs as the request's tenant, so Row-Level Security decides what a `:id` may reach; these handlers
// add only the rules RLS cannot express (tier of the caller, "descendant, not self").
import { Hono } from 'hono';
import { z } from 'zod';
import { PROVIDER_IDS } from '../../auth/providers.ts';
import type { Tx } from '../../db/core.ts';
import { claimDomain, claimExpired, getDomain, removeDomain, verifyDomainClaim, type DomainRow } from '../../db/queries/domains.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../db/queries/keys.ts';
import { createTenant, getTenant, listTenants, updateTenant, type TenantRow } from '../../db/queries/tenants.ts';
import { appendAudit, getPolicy, listAudit, setPolicy } from '../../db/queries/tokens.ts';
import { normalizeHost } from '../../tenancy/host.ts';
import { CHALLENGE_LABEL } from '../../tenancy/verify.ts';
import { readJsonBody } from '../body.ts';
import { parseIfMatch, versionConflict } from './tokens.ts';
import type { AppContext, AppEnv, RequestTenant } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { requireMember, requireRole, requireTier } from '../middleware/auth.ts';
import { parseRequest } from '../validate.ts';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const uuid = z.uuid();

export const tenantCreateBody = z.strictObject({
  slug: z.string().regex(SLUG, 'must be 1–63 lower-case letters, digits or hyphens, not starting or ending with a hyphen'),
  name: z.string().trim().min(1).max(200),
});
export const tenantUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  status: z.enum(['active', 'suspended', 'decommissioned']).optional(),
});
export const domainBody = z.strictObject({ domain: z.string().max(300) });
export const providersBody = z.strictObject({ providers: z.array(z.enum(PROVIDER_IDS)).max(PROVIDER_IDS.length) });
export const keyCreateBody = z.strictObject({ role: z.enum(['admin', 'editor', 'viewer']).default('editor'), label: z.string().max(200).default('') });

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

/** The request's tenant or one of its descendants (RLS shows only those). */
async function selfOrDescendant(tx: Tx, id: string): Promise<TenantRow> {
  if (!uuid.safeParse(id).success) throw notFound('The tenant');
  const row = await getTenant(tx, id);
  if (!row) throw notFound('The tenant');
  return row;
}

/** A descendant of the request's tenant: as selfOrDescendant, with self excluded. */
async function descendant(tx: Tx, c: AppContext, id: string): Promise<TenantRow> {
  const row = await selfOrDescendant(tx, id);
  if (row.id === c.get('tenant').tenantId) throw notFound('The tenant');
  return row;
}

export function tenancyRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/tenants', async (c) => {
    const principal = requireMember(c);
    const { db } = c.get('services');
    const tenant = c.get('tenant');
    const rows = await db.asTenant(tenant.tenantId, async (tx) => {
      if (tenant.tier === 0) await auditPlatformAccess(tx, tenant, principal.actor, 'tenants.list');
      return listTenants(tx);
    });
    return c.json(rows.map((row) => tenantView(row, tenant)));
  });

  routes.post('/tenants', async (c) => {
    requireTier(c, [0, 1], 'create tenants');
    const principal = requireRole(c, ['admin']);
    const body = parseRequest(tenantCreateBody, await readJsonBody(c));
    const { db } = c.get('services');
    const tenant = c.get('tenant');
    const row = await db.asTenant(tenant.tenantId, async (tx) => {
      const created = await createTenant(tx, { tier: (tenant.tier + 1) as 1 | 2, parentId: tenant.tenantId, slug: body.slug, name: body.name });
      await appendAudit(tx, { tenantId: tenant.tenantId, actor: principal.actor, action: 'tenant.create', detail: { id: created.id, slug: created.slug } });
      return created;
    });
    // The new tenant's host may be remembered as unknown (someone asked before it existed): serve it at once.
    c.get('services').hosts.forget((_host, resolved) => resolved === null);
    return c.json(tenantView(row, tenant), 201);
  });

  routes.patch('/tenants/:id', async (c) => {
    const principal = requireRole(c, ['admin']);
    const body = parseRequest(tenantUpdateBody, await readJsonBody(c));
    const { db, hosts, themes } = c.get('services');
    const tenant = c.get('tenant');
    const row = await db.asTenant(tenant.tenantId, async (tx) => {
      const target = await descendant(tx, c, c.req.param('id'));
      if (target.status === 'decommissioned' && body.status && body.status !== 'decommissioned') {
        throw new ApiError(409, 'tenant_decommissioned', 'A decommissioned tenant cannot be brought back.');
      }
      const updated = await updateTenant(tx, target.id, body);
      // Recorded on the acting tenant: an ancestor's credentials never show up in a descendant's audit log.
      await appendAudit(tx, {
        tenantId: tenant.tenantId, actor: principal.actor, action: 'tenant.update',
        detail: { tenant: target.id, before: { name: target.name, status: target.status }, after: body },
      });
      return updated!;
    });
    // Status is part of every host answer for this tenant and its descendants.
    hosts.forget((_host, resolved) => resolved?.chain.includes(row.id) ?? false);
    themes.invalidate(row.id);
    return c.json(tenantView(row, tenant));
  });

  routes.post('/tenants/:id/domains', async (c) => {
    requireTier(c, [0, 1], 'add domains');
    const principal = requireRole(c, ['admin']);
    const { domain: raw } = parseRequest(domainBody, await readJsonBody(c));
    const { db, config } = c.get('services');
    const normal = normalizeHost(raw);
    if (!normal.ok) throw new ApiError(422, 'invalid_domain', `"${raw}" is not a usable domain: ${normal.reason}.`);
    const domain = normal.host;
    // A custom domain is a public name under some parent domain; a single label ("localhost") is not one.
    if (!domain.includes('.')) throw new ApiError(422, 'invalid_domain', `"${raw}" is not a usable domain: it needs at least two labels.`);
    for (const reserved of [config.platformHost, config.partnerRoot]) {
      if (domain === reserved || domain.endsWith(`.${reserved}`)) {
        throw new ApiError(422, 'invalid_domain', `${domain} is under the platform's own domain ${reserved}; it cannot be mapped.`);
      }
    }
    const tenant = c.get('tenant');
    const row = await db.asTenant(tenant.tenantId, async (tx) => {
      const target = await selfOrDescendant(tx, c.req.param('id'));
      // The database makes the claim (livery_claim_domain): unverified, its own token, 7 days; an expired claim of
      // anyone's is replaced, a live one answers domain_taken.
      const added = await claimDomain(tx, { tenantId: target.id, domain });
      await appendAudit(tx, { tenantId: tenant.tenantId, actor: principal.actor, action: 'domain.add', detail: { tenant: target.id, domain } });
      return added;
    });
    return c.json(domainView(row), 201);
  });

  // Withdrawing a claim, or removing a verified mapping (the host stops resolving at once): the owning tenant's admin
  // or an ancestor's. Someone else's domain, or one not mapped to :id, is 404 — RLS shows the caller nothing else.
  routes.delete('/tenants/:id/domains/:domain', async (c) => {
    const principal = requireRole(c, ['admin']);
    const { db, hosts } = c.get('services');
    const normal = normalizeHost(c.req.param('domain'));
    if (!normal.ok) throw notFound('The domain');
    const domain = normal.host;
    const tenant = c.get('tenant');
    const removed = await db.asTenant(tenant.tenantId, async (tx) => {
      const target = await selfOrDescendant(tx, c.req.param('id'));
      const row = await removeDomain(tx, target.id, domain);
      if (!row) throw notFound('The domain');
      await appendAudit(tx, {
        tenantId: tenant.tenantId, actor: principal.actor, action: 'domain.remove',
        detail: { tenant: target.id, domain, verified: row.verifiedAt !== null },
      });
      return row;
    });
    if (removed.verifiedAt) hosts.forget((host) => host === domain);
    return c.body(null, 204);
  });

  routes.post('/domains/:domain/verify', async (c) => {
    requireTier(c, [0, 1], 'verify domains');
    const principal = requireRole(c, ['admin']);
    const { db, verifier, hosts, now } = c.get('services');
    const normal = normalizeHost(c.req.param('domain'));
    if (!normal.ok) throw notFound('The domain');
    const domain = normal.host;
    const tenant = c.get('tenant');
    const existing = await db.asTenant(tenant.tenantId, (tx) => getDomain(tx, domain));
    if (!existing) throw notFound('The domain');
    if (existing.verifiedAt) return c.json(domainView(existing));
    if (claimExpired(existing, now())) throw claimExpiredError(existing);
    if (!(await verifier.verify(domain, existing.verificationToken))) {
      throw new ApiError(422, 'verification_failed', `No TXT record ${CHALLENGE_LABEL}.${domain} with the verification token was found.`, {
        verification: verification(existing),
      });
    }
    // The DNS record is there; the database sets verified_at (livery_verify_domain), and only for this tenant's
    // subtree's unexpired claim still holding the token that was checked.
    const row = await db.asTenant(tenant.tenantId, async (tx) => {
      const verified = await verifyDomainClaim(tx, domain, existing.verificationToken);
      if (!verified) return null;
      await appendAudit(tx, { tenantId: tenant.tenantId, actor: principal.actor, action: 'domain.verify', detail: { tenant: existing.tenantId, domain } });
      return verified;
    });
    if (!row) {
      // Between the read and the update the claim expired, was withdrawn, or was replaced with a new token.
      const current = await db.asTenant(tenant.tenantId, (tx) => getDomain(tx, domain));
      if (!current) throw notFound('The domain');
      if (current.verifiedAt) return c.json(domainView(current));
      if (claimExpired(current, now())) throw claimExpiredError(current);
      throw new ApiError(409, 'claim_changed', `The claim on ${domain} changed while it was being verified; publish the current token and verify again.`, {
        verification: verification(current),
      });
    }
    hosts.forget((host) => host === domain);
    return c.json(domainView(row));
  });

  routes.get('/auth/providers', async (c) => {
    requireTier(c, [1], 'choose their customers\' sign-in providers');
    requireRole(c, ['admin']);
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const row = await db.asTenant(tenantId, (tx) => getPolicy(tx, tenantId));
    return c.json({ providers: row?.providers ?? [] }, 200, { etag: `"${row?.providersVersion ?? 0}"` });
  });

  routes.put('/auth/providers', async (c) => {
    requireTier(c, [1], 'choose their customers\' sign-in providers');
    const principal = requireRole(c, ['admin']);
    const { providers } = parseRequest(providersBody, await readJsonBody(c));
    const expected = parseIfMatch(c.req.header('if-match'));
    const unique = [...new Set(providers)].sort();
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const version = await db.asTenant(tenantId, async (tx) => {
      const before = await getPolicy(tx, tenantId);
      const row = await setPolicy(tx, {
        tenantId, providers: unique, updatedBy: principal.actor, ...(expected !== undefined ? { expected: { providers: expected ?? 0 } } : {}),
      });
      if (!row) throw versionConflict('provider list', before?.providersVersion ?? 0, expected);
      await appendAudit(tx, { tenantId, actor: principal.actor, action: 'providers.update', detail: { providers: unique } });
      return row.providersVersion;
    });
    return c.json({ providers: unique }, 200, { etag: `"${version}"` });
  });

  routes.post('/keys', async (c) => {
    const principal = requireRole(c, ['admin']);
    const body = parseRequest(keyCreateBody, await readJsonBody(c));
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const created = await db.asTenant(tenantId, async (tx) => {
      const key = await createApiKey(tx, { tenantId, role: body.role, label: body.label });
      await appendAudit(tx, { tenantId, actor: principal.actor, action: 'key.create', detail: { id: key.id, role: body.role } });
      return key;
    });
    return c.json({ id: created.id, key: created.key, prefix: created.prefix, role: body.role, label: body.label }, 201);
  });

  routes.get('/keys', async (c) => {
    requireRole(c, ['admin']);
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    const keys = await db.asTenant(tenantId, (tx) => listApiKeys(tx, tenantId));
    return c.json(keys.map((k) => ({
      id: k.id, prefix: k.prefix, role: k.role, label: k.label, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt,
    })));
  });

  routes.delete('/keys/:id', async (c) => {
    const principal = requireRole(c, ['admin']);
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) throw notFound('The key');
    const { db } = c.get('services');
    const tenantId = c.get('tenant').tenantId;
    await db.asTenant(tenantId, async (tx) => {
      if (!(await revokeApiKey(tx, id, tenantId))) throw notFound('The key');
      await appendAudit(tx, { tenantId, actor: principal.actor, action: 'key.revoke', detail: { id } });
    });
    return c.body(null, 204);
  });

  routes.get('/audit', async (c) => {
    const principal = requireRole(c, ['admin']);
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1000);
    const { db } = c.get('services');
    const tenant = c.get('tenant');
    const entries = await db.asTenant(tenant.tenantId, async (tx) => {
      if (tenant.tier === 0) await auditPlatformAccess(tx, tenant, principal.actor, 'audit.read');
      return listAudit(tx, limit);
    });
    return c.json(entries.map((e) => ({
      id: e.id, tenantId: e.tenantId, actor: e.actor, action: e.action, detail: e.detail,
      fromVersion: e.fromVersion, toVersion: e.toVersion, createdAt: e.createdAt,
    })));
  });

  return routes;
}

/** The platform sees everything, and every such access is logged (PRODUCT.md "Tiers"). */
async function auditPlatformAccess(tx: Tx, tenant: RequestTenant, actor: string, what: string): Promise<void> {
  await appendAudit(tx, { tenantId: tenant.tenantId, actor, action: 'platform.access', detail: { what } });
}

function verification(row: { domain: string; verificationToken: string }) {
  return { type: 'TXT', name: `${CHALLENGE_LABEL}.${row.domain}`, value: row.verificationToken };
}

function domainView(row: DomainRow) {
  return {
    domain: row.domain, tenantId: row.tenantId, verified: row.verifiedAt !== null, verifiedAt: row.verifiedAt,
    // An unverified claim holds the name until then (null once verified).
    expiresAt: row.expiresAt,
    verification: verification(row),
  };
}

function claimExpiredError(row: DomainRow): ApiError {
  return new ApiError(410, 'claim_expired',
    `The claim on ${row.domain} expired at ${row.expiresAt!.toISOString()} (claims last 7 days): claim the domain again for a new token.`,
    { expiresAt: row.expiresAt });
}
