// What GET /studio embeds for its browser code (./contract.ts StudioData): the tenant, who is looking, the chain of
// published layers the editor merges over the base, the policy that binds a customer, and where the theme is.
// Read as the tenant (RLS): a customer sees its partner's layer and policy only through livery_chain_layers().
import type { Principal } from '../auth/principal.ts';
import { allowedProviders } from '../auth/providers.ts';
import type { ProviderId } from '../config.ts';
import { chainLayers } from '../db/queries/tokens.ts';
import type { AppContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { readSessionCookie } from '../http/session-cookie.ts';
import { ownTenant } from '../tenancy/admin/tenants.ts';
import { bindingPolicy } from '../themes/policy.ts';
import type { StudioData, StudioViewer } from './contract.ts';

const PROVIDER_TITLES: Record<ProviderId, string> = { github: 'GitHub', google: 'Google' };

/** Where sign-in returns to: the studio itself. */
export const STUDIO_PATH = '/studio';

export async function studioData(c: AppContext): Promise<StudioData> {
  const services = c.get('services');
  const tenant = c.get('tenant');
  const [row, layers, theme, principal, providers] = await Promise.all([
    ownTenant(services, tenant.tenantId),
    services.db.asTenant(tenant.tenantId, (tx) => chainLayers(tx)),
    services.directory.theme(tenant),
    sessionPrincipal(c),
    services.sessions ? allowedProviders(services.db, services.config, tenant) : Promise.resolve([]),
  ]);
  if (!row || !theme) throw new ApiError(404, 'unknown_host', `No studio is served at ${tenant.host} any more.`);
  return {
    tenant: { id: row.id, slug: row.slug, name: row.name, tier: tenant.tier, host: tenant.host },
    viewer: viewerOf(principal, providers),
    chain: layers.map((layer) => ({
      tenantId: layer.tenantId,
      tier: layer.tier,
      version: layer.version,
      content: layer.content,
      theme: layer.theme,
    })),
    policy: tenant.tier === 2 ? bindingPolicy(layers) : null,
    platformKey: services.platform.baseHash,
    themeHref: `/theme/${theme.key}.css`,
  };
}

/** The browser's session on this host (the studio is a page: API keys do not apply). */
async function sessionPrincipal(c: AppContext): Promise<Principal | undefined> {
  const services = c.get('services');
  const tenant = c.get('tenant');
  const secret = services.sessions && readSessionCookie(c, tenant.host);
  return secret ? services.sessions!.principal(services, tenant, secret) : undefined;
}

function viewerOf(principal: Principal | undefined, providers: readonly ProviderId[]): StudioViewer {
  return {
    level: principal?.level ?? null,
    role: principal?.role ?? null,
    providers: providers.map((id) => ({
      id,
      title: PROVIDER_TITLES[id],
      href: `/auth/oauth/${id}?return=${encodeURIComponent(STUDIO_PATH)}`,
    })),
  };
}
