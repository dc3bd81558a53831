import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { BUILD_DIR, buildBaseFiles } from '../../scripts/build-base.ts';
import type { PlatformArtifacts } from '../../src/themes/platform.ts';
import { buildPlatformArtifacts } from '../../src/themes/platform-node.ts';
import {
  buildBaseArtifacts,
  cssVariableName,
  emitOverlay,
  joinCss,
  themeDeclarations,
  toDtcgTree,
  toFlat,
} from '../../src/engine/emit/index.ts';
import { composeTheme, prepareBase, type Layer } from '../../src/engine/index.ts';
import { toDisplaySrgb } from '../../src/engine/color.ts';
import { baseTree, catalog, demo, governance } from '../../src/tokens.ts';
import { computedProperties, expectedMode, PAGE_STATES } from './emit-fixtures.ts';

const base = prepareBase(baseTree, governance);

/** Equal values; colors compared after formatting (theme.json writes a color object, which reads back as hex or rgb()). */
function sameColorOr(a: string | undefined, b: string | undefined, type: string): boolean {
  if (a === b) return true;
  if (type !== 'color' || a === undefined || b === undefined) return false;
  const x = toDisplaySrgb(a);
  const y = toDisplaySrgb(b);
  return (
    x !== undefined &&
    y !== undefined &&
    (['r', 'g', 'b', 'alpha'] as const).every((k) => Math.abs(x[k] - y[k]) < 1 / 512)
  );
}

/** Every merged theme the product ships: each catalog theme, each demo partner and customer. */
function shippedThemes() {
  const themes = [{ name: 'base', result: composeTheme(base, []) }];
  for (const entry of catalog)
    themes.push({ name: `catalog ${entry.name}`, result: composeTheme(base, [], { theme: entry }) });
  for (const partner of demo.partners) {
    const theme = catalog.find((entry) => entry.name === partner.theme) ?? null;
    const t1: Layer[] = partner.overrides ? [{ source: 't1', tokens: partner.overrides }] : [];
    themes.push({ name: partner.slug, result: composeTheme(base, t1, { theme }) });
    for (const customer of partner.customers) {
      const t2: Layer[] = customer.overrides ? [{ source: 't2', tokens: customer.overrides }] : [];
      themes.push({
        name: `${partner.slug}/${customer.slug}`,
        result: composeTheme(base, [...t1, ...t2], { theme, policy: partner.policy }),
      });
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
      expect(await readFile(join(BUILD_DIR, name), 'utf8'), `build/${name} is stale: run npm run build:base`).toBe(
        contents,
      );
    }
  });

  it('gives the Worker the same CSS and Tailwind as the standalone files, under a hash of everything that decides a theme', async () => {
    const importable = JSON.parse(await readFile(join(BUILD_DIR, 'base.artifacts.json'), 'utf8')) as PlatformArtifacts;
    expect(importable.css).toBe(await readFile(join(BUILD_DIR, 'base.css'), 'utf8'));
    expect(importable.tailwind).toBe(await readFile(join(BUILD_DIR, 'base.tailwind.css'), 'utf8'));
    expect(importable.tokens).toEqual({ base: baseTree, governance, catalog });
    // a catalog theme's content decides tenants' bytes without touching the base CSS: it must move the hash too
    const edited = structuredClone({ base: baseTree, governance, catalog });
    (edited.catalog[0]!.tokens as Record<string, unknown>).$description = 'edited';
    expect((await buildPlatformArtifacts(edited)).hash).not.toBe(importable.hash);
  });
});

describe('the real base and every shipped theme', () => {
  it('emits every base token (none unresolved, unsafe or colliding), each mode complete', async () => {
    expect(themeDeclarations(base.theme).omitted).toEqual([]);
    const { flat } = await buildBaseArtifacts(base.theme);
    for (const path of base.theme.tokens.keys()) {
      const { mode, name } = cssVariableName(path);
      for (const m of mode === null ? (['light', 'dark'] as const) : [mode])
        expect(flat[m], `${path} in ${m}`).toHaveProperty([name]);
    }
    // a typography token also emits one property per part
    expect(flat.light).toHaveProperty(['--primitive-typography-body-line-height'], '1.5');
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
      for (const state of PAGE_STATES)
        expect(computedProperties(css, state), `${name} ${JSON.stringify(state)}`).toEqual(flat[expectedMode(state)]);
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
      // Breakpoints are literal lengths: media queries cannot read variables.
      if (entry.prop.startsWith('--breakpoint-')) {
        expect(entry.value, entry.prop).toMatch(/^\d+(\.\d+)?(px|rem|em)$/);
        continue;
      }
      const target = /^var\((--[^)]+)\)$/.exec(entry.value)?.[1];
      expect(target && declared.has(target), `${entry.prop}: ${entry.value}`).toBe(true);
      expect(entry.prop).toMatch(
        /^--(color|spacing|radius|text|font|font-weight|leading|tracking|ease|shadow|inset-shadow)-/,
      );
    }
  });

  it('round-trips through theme.json: parsed back, every token has its $type and resolves to the same value', () => {
    for (const { name, result } of shippedThemes()) {
      const back = composeTheme(prepareBase(toDtcgTree(result.theme), { protected: [], pairs: [], required: [] }), []);
      for (const token of result.theme.tokens.values()) {
        const again = back.theme.tokens.get(token.path);
        expect(again?.type, `${name}: ${token.path}`).toBe(token.type);
        expect(again?.alias, `${name}: ${token.path}`).toBe(token.alias);
        expect(
          sameColorOr(again?.resolved, token.resolved, token.type),
          `${name}: ${token.path} ${again?.resolved} vs ${token.resolved}`,
        ).toBe(true);
      }
    }
  });
});
