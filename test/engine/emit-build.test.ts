import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { BUILD_DIR, baseBuildFiles, buildBaseFiles, type BaseArtifactsFile } from '../../scripts/build-base.ts';
import { buildBaseArtifacts, emitOverlay, joinCss, themeDeclarations, toDtcgTree, toFlat } from '../../src/engine/emit/index.ts';
import { composeTheme, prepareBase, type Layer } from '../../src/engine/index.ts';
import { baseTree, catalog, demo, governance } from '../../src/tokens.ts';
import { computedProperties, expectedMode, PAGE_STATES } from './emit-fixtures.ts';

const base = prepareBase(baseTree, governance);

/** Every merged theme the product ships: each catalog theme, each demo partner and customer. */
function shippedThemes() {
  const themes = [{ name: 'base', result: composeTheme(base, []) }];
  for (const entry of catalog) themes.push({ name: `catalog ${entry.name}`, result: composeTheme(base, [], { theme: entry }) });
  for (const partner of demo.partners) {
    const theme = catalog.find((entry) => entry.name === partner.theme) ?? null;
    const t1: Layer[] = partner.overrides ? [{ source: 't1', tokens: partner.overrides }] : [];
    themes.push({ name: partner.slug, result: composeTheme(base, t1, { theme }) });
    for (const customer of partner.customers) {
      const t2: Layer[] = customer.overrides ? [{ source: 't2', tokens: customer.overrides }] : [];
      themes.push({ name: `${partner.slug}/${customer.slug}`, result: composeTheme(base, [...t1, ...t2], { theme, policy: partner.policy }) });
    }
  }
  return themes;
}

describe('build/ (npm run build:base)', () => {
  it('is what building tokens/ produces now, byte for byte (rebuild after editing tokens/)', async () => {
    const fresh = await buildBaseFiles();
    const onDisk = (await readdir(BUILD_DIR)).filter((name) => name.startsWith('base.')).sort();
    expect(onDisk).toEqual(Object.keys(fresh).sort());
    for (const [name, contents] of Object.entries(fresh)) {
      expect(await readFile(join(BUILD_DIR, name), 'utf8'), `build/${name} is stale: run npm run build:base`).toBe(contents);
    }
  });

  it('gives the Worker the same CSS and Tailwind as the standalone files, under a hash that changes with them', async () => {
    const importable = JSON.parse(await readFile(join(BUILD_DIR, 'base.artifacts.json'), 'utf8')) as BaseArtifactsFile;
    expect(importable.css).toBe(await readFile(join(BUILD_DIR, 'base.css'), 'utf8'));
    expect(importable.tailwind).toBe(await readFile(join(BUILD_DIR, 'base.tailwind.css'), 'utf8'));
    const artifacts = await buildBaseArtifacts(base.theme);
    const edited = JSON.parse(baseBuildFiles({ ...artifacts, css: `${artifacts.css} ` })['base.artifacts.json']!) as BaseArtifactsFile;
    expect(edited.hash).not.toBe(importable.hash);
  });
});

describe('the real base and every shipped theme', () => {
  it('emits every base token (none unresolved, unsafe or colliding), each mode complete', async () => {
    expect(themeDeclarations(base.theme).omitted).toEqual([]);
    const { flat } = await buildBaseArtifacts(base.theme);
    const paths = [...base.theme.tokens.keys()];
    expect(Object.keys(flat.light)).toHaveLength(paths.filter((p) => !p.startsWith('semantic.dark.')).length);
    expect(Object.keys(flat.dark)).toHaveLength(paths.filter((p) => !p.startsWith('semantic.light.')).length);
  });

  it('is written by Style Dictionary with exactly what the SD-free emitter writes (CSS and Tailwind)', async () => {
    const { css, tailwind } = await buildBaseArtifacts(base.theme);
    const whole = emitOverlay({ tokens: new Map() }, base.theme);
    expect(css.slice(css.indexOf(':root {'))).toBe(whole.css);
    expect(tailwind.slice(tailwind.indexOf('@theme inline {'))).toBe(whole.tailwind);
  });

  it('cascades to the flat values of each mode, base alone and base + overlay, in every page state', async () => {
    const { css: baseCss } = await buildBaseArtifacts(base.theme);
    const themes = shippedThemes();
    expect(themes.length).toBeGreaterThan(catalog.length);
    for (const { name, result } of themes) {
      expect(result.violations, name).toEqual([]);
      const css = joinCss(baseCss, emitOverlay(base.theme, result.theme).css);
      const flat = toFlat(result.theme);
      for (const state of PAGE_STATES) expect(computedProperties(css, state), `${name} ${JSON.stringify(state)}`).toEqual(flat[expectedMode(state)]);
    }
  });

  it('writes a Tailwind file whose every entry points at a property theme.css declares', async () => {
    const { css, tailwind } = await buildBaseArtifacts(base.theme);
    const declared = new Set<string>();
    postcss.parse(css).walkDecls((d) => void declared.add(d.prop));
    const root = postcss.parse(tailwind);
    const atRules = root.nodes.filter((n) => n.type === 'atrule') as postcss.AtRule[];
    expect(atRules.map((r) => `@${r.name} ${r.params}`)).toEqual(['@theme inline']);
    const entries: postcss.Declaration[] = [];
    root.walkDecls((d) => void entries.push(d));
    expect(entries.map((d) => d.prop)).toContain('--color-background-canvas');
    expect(entries.find((d) => d.prop === '--color-background-canvas')?.value).toBe('var(--background-canvas)');
    for (const entry of entries) {
      const target = /^var\((--[^)]+)\)$/.exec(entry.value)?.[1];
      expect(target && declared.has(target), `${entry.prop}: ${entry.value}`).toBe(true);
      expect(entry.prop).toMatch(/^--(color|spacing|radius|text|breakpoint|font|font-weight|leading|tracking|ease)-/);
    }
  });

  it('round-trips the merged DTCG tree: every token with its $type and $value as written', () => {
    const partner = demo.partners.find((p) => p.overrides)!;
    const { theme } = composeTheme(base, [{ source: 't1', tokens: partner.overrides }]);
    const tree = toDtcgTree(theme);
    for (const token of theme.tokens.values()) {
      const node = token.path.split('.').reduce<unknown>((n, key) => (n as Record<string, unknown>)[key], tree) as Record<string, unknown>;
      expect(node.$type).toBe(token.type);
      expect(node.$value).toEqual(token.raw);
    }
  });
});
