// Livery's theme.tailwind.css in the client that consumes it: Tailwind CSS v4 (the real CLI) compiles a page's
// utilities against a tenant's theme, headless Chromium renders the page with that tenant's theme.css, and the
// computed styles must be the theme's. Expected values are the browser's own computation of the theme.css variable
// each utility stands for (named by the README rule from the token path), checked in turn against the token source
// data (tokens/base, plus the layer) — never read back from our generated files.
import { CHROMIUM, chromiumAvailable, launchChromium } from '../support/browser.ts';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { converter, parse, type Color } from 'culori';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cssVariable, liveryBuild, sourcePx, sourceTree, sourceValue, type Json, type Tree } from './support.ts';

const available = chromiumAvailable();

const run = promisify(execFile);
const require = createRequire(import.meta.url);
// The Tailwind v4 CLI as installed (devDependency @tailwindcss/cli), run on this Node.
const cliManifest = require.resolve('@tailwindcss/cli/package.json');
const TAILWIND_CLI = join(
  dirname(cliManifest),
  (JSON.parse(readFileSync(cliManifest, 'utf8')) as { bin: { tailwindcss: string } }).bin.tailwindcss,
);
// The node_modules that holds `tailwindcss`: linked into each temp project so `@import "tailwindcss"` resolves as in
// any app that installed it.
const NODE_MODULES = dirname(dirname(require.resolve('tailwindcss/package.json')));

/** A utility, the CSS property it sets, and the token it must follow (semantic tokens per mode). */
interface Case {
  utility: string;
  property: string;
  token: (mode: 'light' | 'dark') => string;
  /** The theme.css property, when it is not the token's own (a typography part: `-font-size`). */
  suffix?: string;
}
const semantic = (path: string) => (mode: 'light' | 'dark') => `semantic.${mode}.${path}`;
const primitive = (path: string) => () => `primitive.${path}`;

// Names from the mapping comment at the top of theme.tailwind.css (path after "primitive." / "semantic.<mode>.").
const COLORS: Case[] = [
  { utility: 'bg-background-canvas', property: 'background-color', token: semantic('background.canvas') },
  { utility: 'text-text-primary', property: 'color', token: semantic('text.primary') },
  { utility: 'bg-interactive-primary', property: 'background-color', token: semantic('interactive.primary') },
  { utility: 'bg-brand-600', property: 'background-color', token: primitive('color.brand.600') },
];
const SPACING: Case[] = [
  { utility: 'p-4', property: 'padding-top', token: primitive('spacing.4') },
  { utility: 'p-0-5', property: 'padding-top', token: primitive('spacing.0-5') },
];
const RADIUS: Case[] = [{ utility: 'rounded-md', property: 'border-top-left-radius', token: primitive('radius.md') }];
const TYPE: Case[] = [
  { utility: 'text-lg', property: 'font-size', token: primitive('font.size.lg') },
  { utility: 'font-sans', property: 'font-family', token: primitive('font.family.sans') },
  { utility: 'font-bold', property: 'font-weight', token: primitive('font.weight.bold') },
  { utility: 'leading-tight', property: 'line-height', token: primitive('font.lineHeight.tight') },
];
// Composite tokens: a text style sets size, line height and weight together; shadows paint the elevation tokens.
const COMPOSITES: Case[] = [
  { utility: 'text-heading-1', property: 'font-size', token: primitive('typography.heading-1'), suffix: '-font-size' },
  {
    utility: 'text-heading-1',
    property: 'line-height',
    token: primitive('typography.heading-1'),
    suffix: '-line-height',
  },
  {
    utility: 'text-heading-1',
    property: 'font-weight',
    token: primitive('typography.heading-1'),
    suffix: '-font-weight',
  },
  { utility: 'text-body', property: 'line-height', token: primitive('typography.body'), suffix: '-line-height' },
  { utility: 'shadow-card', property: 'box-shadow', token: semantic('elevation.card') },
  { utility: 'shadow-lg', property: 'box-shadow', token: primitive('shadow.lg') },
  { utility: 'inset-shadow-inner', property: 'box-shadow', token: primitive('shadow.inner') },
];
const ALL = [...COLORS, ...SPACING, ...RADIUS, ...TYPE];
const MAX_VARIANTS = ['md', 'lg'];

const T1_LAYER: Tree = {
  primitive: { breakpoint: { md: { $value: '900px' } } },
  semantic: { light: { interactive: { primary: { $value: '#0f766e' } } } },
};
const BUILDS: { name: string; layer: Tree }[] = [
  { name: 'the base theme (an empty layer)', layer: {} },
  { name: 'a T1 layer with its own brand color and a 900px md breakpoint', layer: T1_LAYER },
];

/** Breakpoint name → px, from the token source (tokens/base/primitive.json, then the layer). */
function breakpoints(tree: Tree): [string, number][] {
  const group = (tree.primitive as Tree).breakpoint as Tree;
  return Object.keys(group)
    .filter((k) => !k.startsWith('$'))
    .map((name) => [name, sourcePx(sourceValue(tree, `primitive.breakpoint.${name}`))]);
}

const elements = (cases: Case[]) =>
  cases.map((c) => `    <div class="${c.utility}" data-utility="${c.utility}">Aa</div>`).join('\n');

function pageHtml(breakpointNames: string[]): string {
  return `<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <link rel="stylesheet" href="theme.css">
  <link rel="stylesheet" href="out.css">
</head>
<body>
  <main id="page" style="font-size: 16px">
${elements(ALL)}
  </main>
  <section id="composites">
${COMPOSITES.map((c) => `    <div class="${c.utility}" data-utility="${c.utility}">Aa</div>`)
  .filter((line, i, all) => all.indexOf(line) === i)
  .join('\n')}
  </section>
  <section id="dark-section" data-theme="dark" style="font-size: 16px">
${elements(COLORS)}
  </section>
${breakpointNames.map((name) => `  <div class="hidden ${name}:block" data-min="${name}">from ${name}</div>`).join('\n')}
${MAX_VARIANTS.map((name) => `  <div class="block max-${name}:hidden" data-max="${name}">below ${name}</div>`).join('\n')}
</body>
</html>
`;
}

// The input CSS an app writes; automatic source detection is off so exactly the page is scanned.
const INPUT_CSS = `@import "tailwindcss" source(none);
@import "./theme.tailwind.css";
@source "./page.html";
`;

interface Measured {
  utility: string;
  variable: string;
  /** The utility's computed value. */
  actual: string;
  /** The computed value of the same property set to `var(<variable>)` in the same place. */
  expected: string;
  /** The custom property's computed value there ('' when theme.css does not declare it). */
  declared: string;
}

/** Computes, inside `scope`, each utility's property next to a probe styled with the theme.css variable. */
async function measure(page: Page, scope: string, cases: Case[], mode: 'light' | 'dark'): Promise<Measured[]> {
  const input = cases.map((c) => ({
    utility: c.utility,
    property: c.property,
    variable: `${cssVariable(c.token(mode).split('.')).name}${c.suffix ?? ''}`,
  }));
  return page.evaluate(
    ({ scope, input }) => {
      const root = document.querySelector(scope)!;
      return input.map(({ utility, property, variable }) => {
        const element = root.querySelector(`[data-utility="${utility}"]`);
        if (!element) throw new Error(`no element for ${utility} in ${scope}`);
        const probe = document.createElement('div');
        // the same font size as the element, so lengths relative to it compute alike
        probe.style.fontSize = getComputedStyle(element).fontSize;
        probe.style.setProperty(property, `var(${variable})`);
        root.append(probe);
        const measured = {
          utility,
          variable,
          actual: getComputedStyle(element).getPropertyValue(property),
          expected: getComputedStyle(probe).getPropertyValue(property),
          declared: getComputedStyle(probe).getPropertyValue(variable).trim(),
        };
        probe.remove();
        return measured;
      });
    },
    { scope, input },
  );
}

// Tailwind's box-shadow utilities stack their ring and inset layers (transparent unless set) around the theme's.
const unsetLayersRemoved = (shadow: string) =>
  shadow
    .split(/, (?=rgba?\()/)
    .filter((layer) => layer !== 'rgba(0, 0, 0, 0) 0px 0px 0px 0px')
    .join(', ');

/** The utilities compute to what their theme.css variables compute to, and each variable is declared. */
function expectFollowsVariables(measured: Measured[]): void {
  expect(
    measured.filter((m) => m.declared === '').map((m) => `${m.variable} (for ${m.utility})`),
    'theme.css variables not declared',
  ).toEqual([]);
  const key = (m: Measured) => `${m.utility} ${m.variable}`;
  const actual = (m: Measured) => unsetLayersRemoved(m.actual);
  expect(Object.fromEntries(measured.map((m) => [key(m), actual(m)]))).toEqual(
    Object.fromEntries(measured.map((m) => [key(m), m.expected])),
  );
}

const toRgb = converter('rgb');
const clamp = (x: number) => Math.min(1, Math.max(0, x));
function rgba(color: Color | undefined, what: string): number[] {
  const rgb = color && toRgb(color);
  if (!rgb) throw new Error(`not a color: ${what}`);
  return [clamp(rgb.r), clamp(rgb.g), clamp(rgb.b), rgb.alpha ?? 1];
}
/** A source color: a CSS string or a DTCG color object (srgb components, else its hex). */
function sourceColor(value: Json): number[] {
  if (typeof value === 'string') return rgba(parse(value), value);
  const object = value as { colorSpace?: string; components?: number[]; alpha?: number; hex?: string };
  if (object.colorSpace === 'srgb' && object.components) {
    const [r, g, b] = object.components;
    return rgba({ mode: 'rgb', r: r!, g: g!, b: b!, alpha: object.alpha ?? 1 }, JSON.stringify(value));
  }
  return rgba(parse(object.hex ?? ''), JSON.stringify(value));
}
const families = (list: string) =>
  list.split(',').map((f) =>
    f
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .replace(/\s+/g, ' '),
  );

/** Does a computed value (in a 16px context) equal the token's source value? Returns a complaint or null. */
function differsFromSource(property: string, computed: string, source: Json): string | null {
  const show = `${computed} ≠ source ${JSON.stringify(source)}`;
  if (property === 'color' || property === 'background-color') {
    const [a, b] = [rgba(parse(computed), computed), sourceColor(source)];
    return a.every((x, i) => Math.abs(x - b[i]!) <= 1 / 255 + 1e-9) ? null : show;
  }
  if (property === 'font-family') {
    const expected = Array.isArray(source) ? source.map(String) : families(String(source));
    return JSON.stringify(families(computed)) === JSON.stringify(expected) ? null : show;
  }
  if (property === 'font-weight') return Number(computed) === Number(source) ? null : show;
  if (property === 'line-height') return Math.abs(parseFloat(computed) - Number(source) * 16) < 0.01 ? null : show;
  return Math.abs(parseFloat(computed) - sourcePx(source)) < 0.01 ? null : show;
}

function expectSourceValues(measured: Measured[], cases: Case[], tree: Tree, mode: 'light' | 'dark'): void {
  const complaints = cases.flatMap((c, i) => {
    const path = c.token(mode);
    const complaint = differsFromSource(c.property, measured[i]!.expected, sourceValue(tree, path));
    return complaint ? [`${c.utility} → ${path}: ${complaint}`] : [];
  });
  expect(complaints).toEqual([]);
}

describe.skipIf(!available)(
  `Livery's theme in Tailwind CSS v4 and headless Chromium${available ? '' : ` — skipped: no ${CHROMIUM} (apt-get install chromium)`}`,
  () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    describe.each(BUILDS)('$name', ({ layer }) => {
      const tree = sourceTree(layer);
      const points = breakpoints(tree);
      let dir: string;
      let link: string | undefined;
      let page: Page;

      beforeAll(async () => {
        dir = await mkdtemp(join(tmpdir(), 'livery-tailwind-'));
        const built = await liveryBuild(dir, layer);
        link = join(built.dir, 'node_modules');
        await symlink(NODE_MODULES, link, 'dir');
        await writeFile(join(built.dir, 'in.css'), INPUT_CSS);
        await writeFile(join(built.dir, 'page.html'), pageHtml(points.map(([name]) => name)));
        await run(process.execPath, [TAILWIND_CLI, '-i', 'in.css', '-o', 'out.css'], { cwd: built.dir });
        page = await browser.newPage();
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        await page.goto(pathToFileURL(join(built.dir, 'page.html')).href);
        expect(problems).toEqual([]);
      });
      afterAll(async () => {
        await page?.close();
        if (link) await unlink(link).catch(() => {}); // the link only, before removing the folder
        if (dir) await rm(dir, { recursive: true, force: true });
      });
      beforeEach(async () => {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.emulateMedia({ colorScheme: 'light' });
        await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
      });

      it('theme.css gives each tested token its value from the token source', async () => {
        expectSourceValues(await measure(page, '#page', ALL, 'light'), ALL, tree, 'light');
        expectSourceValues(await measure(page, '#dark-section', COLORS, 'dark'), COLORS, tree, 'dark');
      });

      it('color utilities (semantic and primitive scale) paint the theme.css colors', async () => {
        expectFollowsVariables(await measure(page, '#page', COLORS, 'light'));
      });

      it('spacing utilities p-4 and the half step p-0-5 pad by the spacing tokens', async () => {
        expectFollowsVariables(await measure(page, '#page', SPACING, 'light'));
      });

      it('rounded-md rounds by the radius token', async () => {
        expectFollowsVariables(await measure(page, '#page', RADIUS, 'light'));
      });

      it('type utilities text-lg, font-sans, font-bold and leading-tight follow the font tokens', async () => {
        expectFollowsVariables(await measure(page, '#page', TYPE, 'light'));
      });

      it("a text-style utility (text-heading-1, text-body) sets the typography token's size, line height and weight", async () => {
        const measured = await measure(
          page,
          '#composites',
          COMPOSITES.filter((c) => c.utility.startsWith('text-')),
          'light',
        );
        expectFollowsVariables(measured);
        // and those are the font scale values the text style refers to in the token source: 2.25rem, 1.25, 700
        const heading = Object.fromEntries(
          measured
            .filter((m) => m.utility === 'text-heading-1')
            .map((m) => [m.variable.split('-').slice(-2).join('-'), m.actual]),
        );
        const source = sourceValue(tree, 'primitive.typography.heading-1') as Record<string, string>;
        const part = (ref: string) => sourceValue(tree, ref.slice(1, -1));
        expect(parseFloat(heading['font-size']!)).toBeCloseTo(sourcePx(part(source.fontSize!)), 3);
        expect(parseFloat(heading['line-height']!)).toBeCloseTo(
          Number(part(source.lineHeight!)) * sourcePx(part(source.fontSize!)),
          3,
        );
        expect(Number(heading['font-weight'])).toBe(Number(part(source.fontWeight!)));
      });

      it('shadow utilities (shadow-card, shadow-lg, inset-shadow-inner) paint the elevation and shadow tokens', async () => {
        const measured = await measure(
          page,
          '#composites',
          COMPOSITES.filter((c) => c.property === 'box-shadow'),
          'light',
        );
        expectFollowsVariables(measured);
        for (const m of measured) expect(m.expected, m.variable).toMatch(/\d+px/);
      });

      const display = (selector: string) =>
        page.evaluate((s) => getComputedStyle(document.querySelector(s)!).display, selector);
      async function at(width: number, selector: string): Promise<string> {
        await page.setViewportSize({ width, height: 800 });
        return display(selector);
      }

      it.each(points)('%s: applies from the %spx breakpoint token width, not 1px below it', async (name, px) => {
        const selector = `[data-min="${name}"]`;
        expect({ below: await at(px - 1, selector), at: await at(px, selector) }).toEqual({
          below: 'none',
          at: 'block',
        });
      });

      it.each(MAX_VARIANTS)('max-%s: applies below the breakpoint token width and stops at it', async (name) => {
        const px = points.find(([n]) => n === name)![1];
        const selector = `[data-max="${name}"]`;
        expect({ below: await at(px - 1, selector), at: await at(px, selector) }).toEqual({
          below: 'none',
          at: 'block',
        });
      });

      it('under a dark color-scheme preference the color utilities take the dark theme values', async () => {
        await page.emulateMedia({ colorScheme: 'dark' });
        const measured = await measure(page, '#page', COLORS, 'dark');
        expectFollowsVariables(measured);
        expectSourceValues(measured, COLORS, tree, 'dark');
      });

      it('data-theme="dark" on <html> switches the color utilities to the dark values', async () => {
        await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
        const measured = await measure(page, '#page', COLORS, 'dark');
        expectFollowsVariables(measured);
        expectSourceValues(measured, COLORS, tree, 'dark');
      });

      it('data-theme="light" on <html> keeps the light values under a dark preference', async () => {
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
        const measured = await measure(page, '#page', COLORS, 'light');
        expectFollowsVariables(measured);
        expectSourceValues(measured, COLORS, tree, 'light');
      });

      it('a data-theme="dark" section of a light page gets dark utility colors (the values are not frozen at :root)', async () => {
        const measured = await measure(page, '#dark-section', COLORS, 'dark');
        expectFollowsVariables(measured);
        expectSourceValues(measured, COLORS, tree, 'dark');
        expectSourceValues(await measure(page, '#page', COLORS, 'light'), COLORS, tree, 'light');
      });
    });
  },
);
