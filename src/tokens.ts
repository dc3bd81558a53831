// The bundled tokens directory (`tokens/`), read once: the T0 base, governance, the theme catalog and the demo.
// Node only (it reads files). The service uses the platform in ./themes/platform.ts, which is this data as
// `npm run build:base` built it (or an operator's own directory, LIVERY_TOKENS_DIR); tests and the demo seed
// read the bundled data directly from here.
import type { CatalogTheme, Governance } from './engine/types.ts';
import type { DemoManifest } from './tokens-data.ts';
import { BUNDLED_TOKENS_DIR, readTokensDir } from './tokens-dir.ts';

export type { DemoCustomer, DemoManifest, DemoPartner } from './tokens-data.ts';

const bundled = readTokensDir(BUNDLED_TOKENS_DIR);

/** The T0 base: tokens/base/*.json merged. */
export const baseTree = bundled.base as Record<string, unknown>;

/** Protected path patterns, contrast pairs and required paths from tokens/governance/*.json. */
export const governance: Governance = bundled.governance;

/** The curated theme catalog, in catalog.json order, each with its token layer. */
export const catalog: CatalogTheme[] = bundled.catalog;

/** The catalog theme with this name, or null. */
export function findTheme(name: string): CatalogTheme | null {
  return catalog.find((theme) => theme.name === name) ?? null;
}

/** The seeded demo: platform, partners and customers with their override layers and policies inlined. */
export const demo: DemoManifest = bundled.demo!;
