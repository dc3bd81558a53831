// The platform's token data — the T0 base, governance, the theme catalog (and, for local runs, the demo) — as
// read from a tokens directory, checked. Pure: ./tokens-dir.ts reads the directory (Node), and the Worker gets
// the same data from build/base.artifacts.json, written by `npm run build:base`.
//
// A tokens directory:
//   base/*.json                DTCG files, merged into one tree (a token in two files is an error)
//   governance/protected.json  ["semantic.*.status.error", …]            (optional: none)
//   governance/contrast-pairs.json  [{fg, bg, min, modes}, …]            (optional: none)
//   governance/required.json   ["semantic.*.text.primary", …]            (optional: none)
//   governance/cvd-pairs.json  [{a, b, modes}, …]                        (optional: only the status colors)
//   governance/cvd.json        {severity: "warning" | "error", threshold} (optional: a warning below 0.03)
//   governance/forced-colors.json  {"background.*": "Canvas", …}          (optional: no forced-colors block)
//   themes/catalog.json        [{name, title, description}, …] and themes/<name>.json   (optional: no catalog)
//   demo/demo.json             the demo tenants and their layers (optional; `npm start` seeds it)
import { z } from 'zod';
import { SYSTEM_COLORS } from './engine/accessibility.ts';
import { policySchema } from './engine/policy-schema.ts';
import type { CatalogTheme, Governance, Policy } from './engine/types.ts';

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

/** What the service needs from a tokens directory (the Worker gets exactly this). */
export interface PlatformTokens {
  base: unknown;
  governance: Governance;
  catalog: CatalogTheme[];
}

export interface TokensData extends PlatformTokens {
  demo: DemoManifest | null;
}

const patternList = z.array(z.string().min(1).max(512)).max(1000);
export const governanceSchema = z.strictObject({
  protected: patternList,
  required: patternList,
  pairs: z
    .array(
      z.strictObject({
        fg: z.string().min(1),
        bg: z.string().min(1),
        min: z.number().min(1).max(21),
        modes: z.array(z.enum(['light', 'dark'])).min(1),
      }),
    )
    .max(1000),
  cvdPairs: z
    .array(
      z.strictObject({
        a: z.string().min(1),
        b: z.string().min(1),
        modes: z.array(z.enum(['light', 'dark'])).min(1),
      }),
    )
    .max(1000)
    .optional(),
  cvd: z
    .strictObject({
      severity: z.enum(['warning', 'error']).optional(),
      threshold: z.number().gt(0).max(1).optional(),
    })
    .optional(),
  // A role (or pattern) below semantic.<mode>. → a CSS system color; the keyword list keeps the value safe in CSS.
  forcedColors: z
    .record(
      z.string().regex(/^[\w*-]+(\.[\w*-]+)*$/, 'a role such as text.link or background.*'),
      z.enum(SYSTEM_COLORS),
    )
    .optional(),
});

/** The files of a governance directory, each optional, and the field of Governance each fills. */
export const GOVERNANCE_FILES = {
  protected: 'protected.json',
  pairs: 'contrast-pairs.json',
  required: 'required.json',
  cvdPairs: 'cvd-pairs.json',
  cvd: 'cvd.json',
  forcedColors: 'forced-colors.json',
} as const satisfies Record<keyof Governance, string>;

const LIST_FIELDS: ReadonlySet<string> = new Set(['protected', 'pairs', 'required']);

/**
 * Governance from a directory's files, checked: `read` gives a file's parsed JSON, or undefined when it is missing.
 * A missing list is empty; missing settings take their defaults.
 */
export function parseGovernanceFiles(read: (file: string) => unknown) {
  return governanceSchema.safeParse(
    Object.fromEntries(
      Object.entries(GOVERNANCE_FILES).map(([field, file]) => {
        const value = read(file);
        return [field, value === undefined && LIST_FIELDS.has(field) ? [] : value];
      }),
    ),
  );
}

export const catalogSchema = z.array(
  z.strictObject({ name: z.string().regex(/^[a-z][a-z0-9-]*$/), title: z.string(), description: z.string() }),
);
const slug = z.string().regex(/^[a-z][a-z0-9-]*$/);
const fileName = z.string().regex(/^[\w.-]+\.json$/);
export const demoManifestSchema = z.strictObject({
  platform: z.strictObject({ slug, name: z.string() }),
  partners: z.array(
    z.strictObject({
      slug,
      name: z.string(),
      theme: z.string().nullable(),
      overrides: fileName.nullable(),
      policy: fileName.nullable(),
      providers: z.array(z.enum(['google', 'github'])),
      customers: z.array(z.strictObject({ slug, name: z.string(), overrides: fileName.nullable() })),
    }),
  ),
});

/** The demo manifest with its files inlined; `file` returns a file of the demo folder by name. */
export function demoFrom(
  manifest: unknown,
  file: (name: string) => unknown,
  catalog: readonly CatalogTheme[],
): DemoManifest {
  const parsed = demoManifestSchema.parse(manifest);
  const load = (name: string | null) => (name === null ? null : file(name));
  return {
    platform: parsed.platform,
    partners: parsed.partners.map((partner) => {
      if (partner.theme !== null && !catalog.some((theme) => theme.name === partner.theme)) {
        throw new Error(`demo partner "${partner.slug}" selects unknown theme "${partner.theme}"`);
      }
      return {
        ...partner,
        overrides: load(partner.overrides),
        policy: partner.policy === null ? null : policySchema.parse(load(partner.policy)),
        customers: partner.customers.map((customer) => ({ ...customer, overrides: load(customer.overrides) })),
      };
    }),
  };
}

/** Deep-frozen: the data is shared by every request of every tenant, and a merge that mutated it would leak. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'object' && item !== null && !Object.isFrozen(item)) {
      Object.freeze(item);
      for (const child of Object.values(item)) stack.push(child);
    }
  }
  return value;
}
