// What the studio's server side (src/studio/page.ts, src/http/routes/studio.ts) hands its browser side
// (src/studio/client/): the page embeds one JSON document of this shape (<script type="application/json"
// id="studio-data">), and GET /studio/platform.json answers the platform's token data. Types only: imported by both
// sides, bundled into neither as code.
import type { CatalogTheme, Policy } from '../engine/types.ts';

export type StudioTier = 0 | 1 | 2;

/** Who is looking: the session's graduation level and, for a member, the role in this tenant. */
export interface StudioViewer {
  /** null: no session yet (the studio starts one anonymously on the first draft). */
  level: 'anonymous' | 'preview' | 'oauth' | 'full' | null;
  /** The member's role in this tenant, or null (not a member: may draft and validate, not publish). */
  role: 'admin' | 'editor' | 'viewer' | null;
  /** Sign-in providers this tenant allows, each `{id, title, href}` (href starts the OAuth flow and returns here). */
  providers: { id: string; title: string; href: string }[];
}

/** One ancestor's (or the tenant's own) published layer, root first, as the merge reads it. */
export interface StudioChainMember {
  tenantId: string;
  tier: StudioTier;
  version: number | null;
  /** The published override tree (null: nothing published). */
  content: unknown;
  /** The catalog theme a partner selected with this version. */
  theme: string | null;
}

export interface StudioData {
  tenant: { id: string; slug: string; name: string; tier: StudioTier; host: string };
  viewer: StudioViewer;
  /** The chain down to this tenant, root first; the last member is the tenant itself. */
  chain: StudioChainMember[];
  /** The policy that binds this tenant (its partner's, for a T2), or null. */
  policy: Policy | null;
  /** The platform's key for GET /studio/platform.json (changes with the base build). */
  platformKey: string;
  /** The URL of the tenant's current theme.css (for the live preview's base). */
  themeHref: string;
}

/** GET /studio/platform.json: the inputs the engine needs in the browser (the same the server validates with). */
export interface StudioPlatform {
  base: unknown;
  governance: unknown;
  catalog: CatalogTheme[];
}
