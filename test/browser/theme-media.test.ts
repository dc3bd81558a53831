// Every demo tenant's theme.css in headless Chromium under emulated user preferences (prefers-contrast,
// prefers-color-scheme, forced-colors) and each data-theme on <html>: the browser's computed colors are what the
// accessibility blocks promise. The expectations come from the theme.json flat values and from theme.css as
// lightningcss parses it, chosen by what each block is for (the mode it targets), not by re-running the cascade:
// a block that loses the cascade where it should win is exactly the bug this looks for. Ratios are measured with
// wcag-contrast, the independent oracle.
import {
  type MediaCondition,
  type RGBColor,
  type Rule,
  type Selector,
  type TokenOrValue,
  transform,
} from 'lightningcss';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { moreContrast } from '../../src/engine/accessibility.ts';
import { cssVariableName } from '../../src/engine/emit/light.ts';
import { composeTheme } from '../../src/engine/index.ts';
import type { Mode } from '../../src/engine/types.ts';
import { CHROMIUM, chromiumAvailable } from '../support/browser.ts';
import { tenantPages } from '../support/tenant-pages.ts';
import { computedRatio, enhanced } from '../support/wcag-oracle.ts';

type Declarations = Map<string, string>;

/** The custom properties of one style rule of theme.css, with the media query and selector list it sits under. */
interface ParsedRule {
  media: string | null;
  selectors: string[];
  declarations: Declarations;
}

// Only what theme.css uses is understood; anything else throws, so a new construct cannot pass unnoticed.
function selectorText(selector: Selector): string {
  return selector
    .map((part) => {
      if (part.type === 'pseudo-class' && part.kind === 'root') return ':root';
      if (part.type === 'pseudo-class' && part.kind === 'not') {
        return `:not(${part.selectors.map(selectorText).join(', ')})`;
      }
      if (part.type === 'attribute' && !part.operation) return `[${part.name}]`;
      if (part.type === 'attribute' && part.operation?.operator === 'equal') {
        return `[${part.name}="${part.operation.value}"]`;
      }
      throw new Error(`unexpected selector component ${JSON.stringify(part)}`);
    })
    .join('');
}

function conditionText(condition: MediaCondition): string {
  if (condition.type === 'feature' && condition.value.type === 'plain' && condition.value.value.type === 'ident') {
    return `(${condition.value.name}: ${condition.value.value.value})`;
  }
  if (condition.type === 'operation' && condition.operator === 'and') {
    return condition.conditions.map(conditionText).join(' and ');
  }
  throw new Error(`unexpected media condition ${JSON.stringify(condition)}`);
}

function valueText(value: TokenOrValue[]): string {
  if (value.length !== 1) return JSON.stringify(value); // not a color: no pair reads it
  const token = value[0]!;
  // lightningcss's types leave out the `type: 'rgb'` tag its rgb colors carry.
  if (token.type === 'color' && (token.value as { type?: string }).type === 'rgb') {
    const { r, g, b, alpha } = token.value as RGBColor;
    return `rgb(${r} ${g} ${b} / ${alpha})`;
  }
  if (token.type === 'token' && token.value.type === 'ident') return token.value.value;
  if (token.type === 'var' && token.value.fallback === null) return `var(${token.value.name.ident})`;
  return JSON.stringify(value);
}

/** theme.css's style rules, top level or inside one @media, in source order. */
function parseThemeCss(css: string): ParsedRule[] {
  const rules: ParsedRule[] = [];
  const style = (rule: Rule, media: string | null) => {
    if (rule.type !== 'style') throw new Error(`unexpected rule ${rule.type}`);
    const declarations: Declarations = new Map();
    for (const d of rule.value.declarations?.declarations ?? []) {
      if (d.property !== 'custom') throw new Error(`a non-custom declaration: ${d.property}`);
      declarations.set(d.value.name, valueText(d.value.value));
    }
    expect(rule.value.declarations?.importantDeclarations ?? []).toEqual([]);
    rules.push({ media, selectors: rule.value.selectors.map(selectorText), declarations });
  };
  transform({
    filename: 'theme.css',
    code: Buffer.from(css),
    errorRecovery: false,
    visitor: {
      StyleSheet(sheet) {
        for (const rule of sheet.rules) {
          if (rule.type !== 'media') {
            style(rule, null);
            continue;
          }
          const queries = rule.value.query.mediaQueries;
          const query = queries[0];
          if (queries.length !== 1 || !query?.condition || query.qualifier !== null || query.mediaType !== 'all') {
            throw new Error(`unexpected media query ${JSON.stringify(queries)}`);
          }
          const media = conditionText(query.condition);
          for (const inner of rule.value.rules) style(inner, media);
        }
      },
    },
  });
  return rules;
}

/** The declarations of the rules under exactly `media` with exactly `selectors`, merged in source order. */
function block(rules: ParsedRule[], media: string, selectors: string[]): Declarations {
  const merged: Declarations = new Map();
  for (const rule of rules) {
    if (rule.media === media && JSON.stringify(rule.selectors) === JSON.stringify(selectors)) {
      for (const [name, value] of rule.declarations) merged.set(name, value);
    }
  }
  return merged;
}

/** Follows var() through the flat values of one mode to a literal (primitives included there). */
function literal(value: string, flat: Record<string, string>): string {
  let current = value;
  for (let depth = 0; depth < 20; depth++) {
    const reference = /^var\((--[\w-]+)\)$/.exec(current);
    if (reference === null) return current;
    const next = flat[reference[1]!];
    if (next === undefined) throw new Error(`${reference[1]} is not in the flat values`);
    current = next;
  }
  throw new Error(`${value}: var() too deep`);
}

/**
 * In one page.evaluate: each entry's CSS color as the browser computes it on a probe in <body>, forced-color-adjust
 * off so forced colors do not repaint it (a `var(--x)` entry reads the property; a literal or system color is itself).
 */
function computed(page: Page, values: Record<string, string>): Promise<Record<string, string>> {
  return page.evaluate((entries) => {
    const probe = document.createElement('span');
    probe.style.forcedColorAdjust = 'none';
    document.body.append(probe);
    const out: Record<string, string> = {};
    for (const [key, value] of entries) {
      probe.style.color = '';
      probe.style.color = value;
      // An invalid value would leave color empty and the probe inherit: say so rather than compare the inherited.
      out[key] = probe.style.color === '' ? `invalid: ${value}` : getComputedStyle(probe).color;
    }
    probe.remove();
    return out;
  }, Object.entries(values));
}

const available = chromiumAvailable();

describe.skipIf(!available)(
  `theme.css under emulated media in headless Chromium${available ? '' : ` — skipped: no ${CHROMIUM} (apt-get install chromium)`}`,
  () => {
    const pages = tenantPages();

    it('gives every demo tenant the values its blocks declare, for each preference and data-theme', async () => {
      const governance = pages.server.running.services.platform.base.governance;
      const pairs = governance.pairs;
      const property = (mode: Mode, role: string) => cssVariableName(`semantic.${mode}.${role}`).name;
      const pairNames = (mode: Mode) => [
        ...new Set(
          pairs.filter((p) => p.modes.includes(mode)).flatMap((p) => [property(mode, p.fg), property(mode, p.bg)]),
        ),
      ];
      const hosts = pages.server.tenants.map((t) => t.host);
      expect(hosts.length).toBeGreaterThanOrEqual(7);
      let liftedChecked = 0;

      const page = await pages.browser.newPage();
      for (const host of hosts) {
        const cssResponse = await pages.server.request({ host, path: '/theme.css' });
        expect(cssResponse.status, host).toBe(200);
        const rules = parseThemeCss(cssResponse.text);
        const flat = (await pages.server.request({ host, path: '/theme.json?format=flat' })).json() as Record<
          Mode,
          Record<string, string>
        >;

        // What each accessibility block declares, by the mode it is for.
        const more = {
          light: block(rules, '(prefers-contrast: more)', [':root']),
          darkByAttribute: block(rules, '(prefers-contrast: more)', ['[data-theme="dark"]']),
          darkBySystem: block(rules, '(prefers-contrast: more) and (prefers-color-scheme: dark)', [
            ':root:not([data-theme="light"])',
          ]),
        };
        const forced = block(rules, '(forced-colors: active)', [
          ':root',
          '[data-theme]',
          ':root:not([data-theme="light"])',
        ]);
        // The demo's variants change something, or the checks below would prove nothing.
        expect(more.light.size + more.darkByAttribute.size, host).toBeGreaterThan(0);
        expect(forced.size, host).toBeGreaterThan(0);
        // Both ways of being dark are promised the same lifted values.
        expect(Object.fromEntries(more.darkBySystem), host).toEqual(Object.fromEntries(more.darkByAttribute));

        // The service's own account of the variant, for this tenant's merged theme (recomposed from its tokens).
        const tokens = (await pages.server.request({ host, path: '/theme.json' })).json();
        const theme = composeTheme(pages.server.running.services.platform.base, [{ source: 't0', tokens }], {
          theme: null,
          policy: null,
          rules: [],
        }).theme;
        const variant = moreContrast(theme, pairs);
        // The recomposed theme is this tenant's: it lifts the very properties theme.css's light block declares.
        expect(
          variant.declarations
            .filter((d) => d.mode === 'light')
            .map((d) => d.name)
            .sort(),
          host,
        ).toEqual([...more.light.keys()].sort());
        // The demo data lets every pair be lifted, so every pair is held to its enhanced level below.
        expect(variant.unmet, host).toEqual([]);

        // A page on the tenant's origin whose only style is the real theme.css.
        await page.route(pages.url(host, '/__media-probe'), (route) =>
          route.fulfill({
            contentType: 'text/html',
            body: '<!doctype html><html><head><link rel="stylesheet" href="/theme.css"></head><body></body></html>',
          }),
        );
        const loaded = page.waitForResponse((r) => r.url() === pages.url(host, '/theme.css'));
        await page.goto(pages.url(host, '/__media-probe'));
        expect((await loaded).status(), host).toBe(200);

        for (const contrast of ['no-preference', 'more'] as const) {
          for (const colorScheme of ['light', 'dark'] as const) {
            for (const forcedColors of ['none', 'active'] as const) {
              await page.emulateMedia({ contrast, colorScheme, forcedColors });
              for (const dataTheme of [null, 'light', 'dark'] as const) {
                await page.evaluate((value) => {
                  if (value === null) delete document.documentElement.dataset.theme;
                  else document.documentElement.dataset.theme = value;
                }, dataTheme);
                const mode: Mode = dataTheme ?? colorScheme;
                const at = `${host} contrast=${contrast} scheme=${colorScheme} forced=${forcedColors} data-theme=${dataTheme}`;

                if (forcedColors === 'active') {
                  // Each role the forced-colors block maps is the system color itself, whatever else applies.
                  const names = [...forced.keys()];
                  const got = await computed(page, Object.fromEntries(names.map((n) => [n, `var(${n})`])));
                  const want = await computed(page, Object.fromEntries(forced));
                  expect(got, at).toEqual(want);
                  continue;
                }

                const names = pairNames(mode);
                // The block for this mode: lifted values where it declares one, the normal value elsewhere.
                const lifted =
                  contrast === 'no-preference'
                    ? new Map<string, string>()
                    : mode === 'light'
                      ? more.light
                      : dataTheme === 'dark'
                        ? more.darkByAttribute
                        : more.darkBySystem;
                const expectedText = Object.fromEntries(
                  names.map((n) => [n, literal(lifted.get(n) ?? flat[mode][n] ?? `missing ${n}`, flat[mode])]),
                );
                const got = await computed(page, Object.fromEntries(names.map((n) => [n, `var(${n})`])));
                const want = await computed(page, expectedText);
                expect(got, at).toEqual(want);
                if (contrast === 'no-preference') continue;
                liftedChecked += names.filter((n) => lifted.has(n)).length;

                // Every governed pair of the mode reaches its enhanced level as the browser paints it.
                for (const pair of pairs.filter((p) => p.modes.includes(mode))) {
                  const ratio = computedRatio(got[property(mode, pair.fg)]!, got[property(mode, pair.bg)]!);
                  expect(ratio, `${at}: ${pair.fg} on ${pair.bg}`).toBeGreaterThanOrEqual(enhanced(pair.min));
                }
              }
            }
          }
        }
        await page.unroute(pages.url(host, '/__media-probe'));
      }
      await page.close();
      // The lifted values were really exercised, across the hosts and modes.
      expect(liftedChecked).toBeGreaterThan(0);
    }, 120_000);
  },
);
