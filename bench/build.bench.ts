// Emission cost and payload, the README "Benchmarks" figures "cold theme build" and "payload":
//
//   npx node bench/build.bench.ts
//
// cold tenant build: what the service does on a cache miss for a T2 tenant — composeTheme for
//   base ← catalog theme ← T1 ← T2 (every rule, all contrast pairs in both modes) + the overlay CSS + the
//   accessibility blocks (more contrast, forced colors) + theme.json (DTCG tree) + the flat JSON, serialised — against one plain Style Dictionary
//   in-memory build of the same merged tree (transformGroup css, css/variables, formatPlatform).
//   Medians of 200, measured alternately in one run. The base artifacts are built once beforehand,
//   as in the service (that is the design being measured: no Style Dictionary per tenant).
// accessibility variants: the more-contrast and forced-colors blocks alone (their share of the cold build), against
//   the same plain Style Dictionary build, measured in the same loop.
// payload: gzipped base theme.css, and the largest gzipped overlay (accessibility blocks included) among the
//   shipped tenants.

import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import StyleDictionary from 'style-dictionary';
import type { DesignTokens } from 'style-dictionary/types';
import {
  buildBaseArtifacts,
  emitAccessibility,
  emitOverlay,
  joinCss,
  toDtcgTree,
  toFlat,
} from '../src/engine/emit/index.ts';
import { composeTheme, prepareBase, type BaseTheme, type ComposeOptions, type Layer } from '../src/engine/index.ts';
import { baseTree, catalog, demo, governance } from '../src/tokens.ts';

const RUNS = 200;
const WARMUP = 30;
const BUILD_RATIO_BAR = 0.2;
const BASE_GZIP_BAR = 20 * 1024;
const OVERLAY_GZIP_BAR = 5 * 1024;

interface Tenant {
  name: string;
  layers: Layer[];
  options: ComposeOptions;
}

/** Every shipped tenant chain: each catalog theme alone, each demo partner, each demo customer. */
function tenants(): Tenant[] {
  const out: Tenant[] = catalog.map((theme) => ({ name: `catalog/${theme.name}`, layers: [], options: { theme } }));
  for (const partner of demo.partners) {
    const theme = catalog.find((entry) => entry.name === partner.theme) ?? null;
    const t1: Layer[] = partner.overrides ? [{ source: 't1', tokens: partner.overrides }] : [];
    out.push({ name: partner.slug, layers: t1, options: { theme } });
    for (const customer of partner.customers) {
      const t2: Layer[] = customer.overrides ? [{ source: 't2', tokens: customer.overrides }] : [];
      out.push({
        name: `${partner.slug}/${customer.slug}`,
        layers: [...t1, ...t2],
        options: { theme, policy: partner.policy },
      });
    }
  }
  return out;
}

/** One cold per-tenant build, as served on a cache miss; returns the bytes so nothing is optimised away. */
function tenantBuild(base: BaseTheme, tenant: Tenant): number {
  const result = composeTheme(base, tenant.layers, tenant.options);
  if (!result.ok)
    throw new Error(`${tenant.name} does not validate: ${result.violations.map((v) => v.message).join('; ')}`);
  const overlay = emitOverlay(base.theme, result.theme);
  const accessibility = emitAccessibility(result.theme, base.governance);
  const json = JSON.stringify(toDtcgTree(result.theme));
  const flat = JSON.stringify(toFlat(result.theme));
  return overlay.css.length + accessibility.length + overlay.tailwind.length + json.length + flat.length;
}

/** The accessibility blocks alone, on a freshly composed theme (the variant is memoised per theme object). */
function accessibilityBuild(base: BaseTheme, tenant: Tenant): { ms: number; bytes: number } {
  const theme = composeTheme(base, tenant.layers, { ...tenant.options, rules: [] }).theme;
  const start = performance.now();
  const bytes = emitAccessibility(theme, base.governance).length;
  return { ms: performance.now() - start, bytes };
}

async function plainStyleDictionaryBuild(tree: Record<string, unknown>): Promise<number> {
  const sd = new StyleDictionary({
    tokens: tree as DesignTokens,
    platforms: { css: { transformGroup: 'css', files: [{ destination: 'x.css', format: 'css/variables' }] } },
    log: { verbosity: 'silent' },
  });
  const [file] = await sd.formatPlatform('css');
  return String(file?.output ?? '').length;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function line(figure: string, value: string, bar: string, pass: boolean): void {
  console.log(`${figure}: ${value} (bar: ${bar}) ${pass ? 'PASS' : 'FAIL'}`);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

async function main(): Promise<void> {
  const base = prepareBase(baseTree, governance);
  const baseArtifacts = await buildBaseArtifacts(base.theme);
  const all = tenants();
  // the deepest chain: catalog theme + T1 + T2 under a policy
  const tenant = all.filter((t) => t.layers.some((l) => l.source === 't2') && t.options.theme).at(0) ?? all.at(-1)!;
  const merged = composeTheme(base, tenant.layers, tenant.options).theme;
  const tree = toDtcgTree(merged);

  for (let i = 0; i < WARMUP; i++) {
    tenantBuild(base, tenant);
    await plainStyleDictionaryBuild(tree);
  }
  const ours: number[] = [];
  const sd: number[] = [];
  const variants: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let start = performance.now();
    tenantBuild(base, tenant);
    ours.push(performance.now() - start);
    start = performance.now();
    await plainStyleDictionaryBuild(tree);
    sd.push(performance.now() - start);
    variants.push(accessibilityBuild(base, tenant).ms);
  }
  const ratio = median(ours) / median(sd);
  line(
    'cold tenant build (compose + all contrast pairs + overlay CSS + accessibility blocks + JSON) vs one plain Style Dictionary build',
    `${ratio.toFixed(3)}× (${median(ours).toFixed(3)} ms vs ${median(sd).toFixed(2)} ms, median of ${RUNS}, ${tenant.name}: base ← ${tenant.options.theme?.name ?? 'no'} theme ← T1 ← T2, ${merged.tokens.size} tokens)`,
    `≤ ${BUILD_RATIO_BAR}×`,
    ratio <= BUILD_RATIO_BAR,
  );

  line(
    'accessibility variants (more-contrast + forced-colors blocks) within the cold build, vs one plain Style Dictionary build',
    `${(median(variants) / median(sd)).toFixed(3)}× (${median(variants).toFixed(3)} ms of the cold build's ${median(ours).toFixed(3)} ms, median of ${RUNS})`,
    `cold build with them ≤ ${BUILD_RATIO_BAR}×`,
    ratio <= BUILD_RATIO_BAR,
  );

  const baseGzip = gzipSync(baseArtifacts.css, { level: 9 }).length;
  line(
    'payload: base theme.css gzipped',
    `${kb(baseGzip)} (${kb(baseArtifacts.css.length)} raw; Tailwind file ${kb(gzipSync(baseArtifacts.tailwind, { level: 9 }).length)} gzipped)`,
    '≤ 20 KB',
    baseGzip <= BASE_GZIP_BAR,
  );

  const overlays = all.map((t) => {
    const theme = composeTheme(base, t.layers, t.options).theme;
    const css = joinCss(emitOverlay(base.theme, theme).css, emitAccessibility(theme, base.governance));
    return { name: t.name, gzip: css === '' ? 0 : gzipSync(css, { level: 9 }).length, raw: css.length };
  });
  const largest = overlays.reduce((a, b) => (b.gzip > a.gzip ? b : a));
  line(
    'payload: per-tenant overlay gzipped (largest shipped tenant)',
    `${kb(largest.gzip)} (${largest.name}, ${kb(largest.raw)} raw; ${overlays.length} tenants, median ${kb(median(overlays.map((o) => o.gzip)))})`,
    '≤ 5 KB',
    largest.gzip <= OVERLAY_GZIP_BAR,
  );
}

await main();
