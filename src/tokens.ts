// The one place that loads Livery's token data (tokens/): the T0 base, governance, the theme catalog and the demo.
// Static JSON imports, so the same module bundles into the Worker and runs in Node 22 and vitest without file I/O.
// Everything exported is deep-frozen (typed as plain engine types for convenience; do not mutate): these objects are shared by every request of every tenant, and a merge
// that mutated them in place would leak one tenant's overrides into the next tenant's theme.
import { z } from 'zod';
import { isPlainObject } from './engine/dtcg.ts';
import { policySchema } from './engine/policy-schema.ts';
import type { CatalogTheme, Governance, Policy } from './engine/types.ts';

import primitiveFile from '../tokens/base/primitive.json' with { type: 'json' };
import semanticFile from '../tokens/base/semantic.json' with { type: 'json' };
import protectedFile from '../tokens/governance/protected.json' with { type: 'json' };
import contrastPairsFile from '../tokens/governance/contrast-pairs.json' with { type: 'json' };
import requiredFile from '../tokens/governance/required.json' with { type: 'json' };
import catalogFile from '../tokens/themes/catalog.json' with { type: 'json' };
import ocean from '../tokens/themes/ocean.json' with { type: 'json' };
import forest from '../tokens/themes/forest.json' with { type: 'json' };
import sunset from '../tokens/themes/sunset.json' with { type: 'json' };
import orchid from '../tokens/themes/orchid.json' with { type: 'json' };
import demoFile from '../tokens/demo/demo.json' with { type: 'json' };
import acme from '../tokens/demo/acme.json' with { type: 'json' };
import acmePolicy from '../tokens/demo/acme.policy.json' with { type: 'json' };
import acmeShop from '../tokens/demo/acme.shop.json' with { type: 'json' };
import globex from '../tokens/demo/globex.json' with { type: 'json' };
import globexPolicy from '../tokens/demo/globex.policy.json' with { type: 'json' };
import globexStore from '../tokens/demo/globex.store.json' with { type: 'json' };
import globexDocs from '../tokens/demo/globex.docs.json' with { type: 'json' };

/** Theme token files by catalog name. A theme added to catalog.json must be imported here too (a test checks). */
const themeFiles: Record<string, unknown> = { ocean, forest, sunset, orchid };

/** Demo files by the name demo.json uses for them. */
const demoFiles: Record<string, unknown> = {
  'acme.json': acme,
  'acme.policy.json': acmePolicy,
  'acme.shop.json': acmeShop,
  'globex.json': globex,
  'globex.policy.json': globexPolicy,
  'globex.store.json': globexStore,
  'globex.docs.json': globexDocs,
};

export interface BaseTree {
  primitive: Record<string, unknown>;
  semantic: Record<string, unknown>;
}

export interface DemoCustomer {
  slug: string;
  name: string;
  /** The customer's T2 override layer (a DTCG tree), or null for none. */
  overrides: unknown | null;
}

export interface DemoPartner {
  slug: string;
  name: string;
  /** Catalog theme name, or null for none. */
  theme: string | null;
  /** The partner's T1 override layer (a DTCG tree), or null for none. */
  overrides: unknown | null;
  /** The partner's policy for its customers, or null (the default: customers may change nothing). */
  policy: Policy | null;
  /** OAuth providers the partner allows its customers to use. */
  providers: string[];
  customers: DemoCustomer[];
}

export interface DemoManifest {
  platform: { slug: string; name: string };
  partners: DemoPartner[];
}

// Shapes of the data files. Parsing them here turns a careless edit into a clear error at startup
// (and in test/tokens) instead of a confusing failure deep inside the engine.
const patternList = z.array(z.string().min(1));
const governanceSchema = z.strictObject({
  protected: patternList,
  required: patternList,
  pairs: z.array(z.strictObject({
    fg: z.string().min(1),
    bg: z.string().min(1),
    min: z.number().min(1).max(21),
    modes: z.array(z.enum(['light', 'dark'])).min(1),
  })),
});
const catalogSchema = z.array(z.strictObject({ name: z.string().regex(/^[a-z][a-z0-9-]*$/), title: z.string(), description: z.string() }));
const slug = z.string().regex(/^[a-z][a-z0-9-]*$/);
const fileName = z.string().regex(/\.json$/);
const manifestSchema = z.strictObject({
  platform: z.strictObject({ slug, name: z.string() }),
  partners: z.array(z.strictObject({
    slug,
    name: z.string(),
    theme: z.string().nullable(),
    overrides: fileName.nullable(),
    policy: fileName.nullable(),
    providers: z.array(z.enum(['google', 'github'])),
    customers: z.array(z.strictObject({ slug, name: z.string(), overrides: fileName.nullable() })),
  })),
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function lookup(files: Record<string, unknown>, name: string, what: string): unknown {
  if (!Object.hasOwn(files, name)) throw new Error(`tokens: ${what} "${name}" is not imported in src/tokens.ts`);
  return files[name];
}

function loadBaseTree(): BaseTree {
  const primitive: unknown = primitiveFile.primitive;
  const semantic: unknown = semanticFile.semantic;
  if (!isPlainObject(primitive) || !isPlainObject(semantic)) throw new Error('tokens: base needs "primitive" and "semantic" groups');
  return { primitive, semantic };
}

function loadCatalog(): CatalogTheme[] {
  return catalogSchema.parse(catalogFile).map((entry) => ({ ...entry, tokens: lookup(themeFiles, entry.name, 'theme') }));
}

function loadDemo(): DemoManifest {
  const manifest = manifestSchema.parse(demoFile);
  const file = (name: string | null) => (name === null ? null : lookup(demoFiles, name, 'demo file'));
  return {
    platform: manifest.platform,
    partners: manifest.partners.map((partner) => {
      if (partner.theme !== null && !findTheme(partner.theme)) throw new Error(`tokens: demo partner "${partner.slug}" selects unknown theme "${partner.theme}"`);
      return {
        ...partner,
        overrides: file(partner.overrides),
        policy: partner.policy === null ? null : policySchema.parse(file(partner.policy)),
        customers: partner.customers.map((customer) => ({ ...customer, overrides: file(customer.overrides) })),
      };
    }),
  };
}

/** The T0 base: `{primitive, semantic}` from tokens/base/*.json. */
export const baseTree: BaseTree = deepFreeze(loadBaseTree());

/** Protected path patterns, contrast pairs and required paths from tokens/governance/*.json. */
export const governance: Governance = deepFreeze(governanceSchema.parse({
  protected: protectedFile,
  pairs: contrastPairsFile,
  required: requiredFile,
}));

/** The curated theme catalog, in catalog.json order, each with its token layer. */
export const catalog: CatalogTheme[] = deepFreeze(loadCatalog());

/** The catalog theme with this name, or null. */
export function findTheme(name: string): CatalogTheme | null {
  return catalog.find((theme) => theme.name === name) ?? null;
}

/** The seeded demo: platform, partners and customers with their override layers and policies inlined. */
export const demo: DemoManifest = deepFreeze(loadDemo());
