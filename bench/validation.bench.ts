// Validation cost, the README "Benchmarks" figure "validation alone: 50 contrast pairs × 2 modes on a 300-token merged
// theme, median ≤ 1 ms", plus context figures (failing pairs with suggestions, the T2 policy rules).
//
//   npx node bench/validation.bench.ts
//
// The theme is built here rather than through the merge so the figure isolates validation. Its colors are
// written the way current design systems write them: half hex, half OKLCH (some outside sRGB, as in
// Tailwind v4's palette, which makes gamut mapping part of the cost), a few translucent.

import { performance } from 'node:perf_hooks';
import { moreContrast } from '../src/engine/accessibility.ts';
import { prepareBase } from '../src/engine/index.ts';
import { contrastRule } from '../src/engine/rules/contrast.ts';
import { contrastEnhancedRule } from '../src/engine/rules/contrast-enhanced.ts';
import { baseTree, governance } from '../src/tokens.ts';
import type { RuleContext } from '../src/engine/rules/index.ts';
import { notAllowedRule, outOfRangeRule } from '../src/engine/rules/policy.ts';
import type {
  ContrastPair,
  MergedTheme,
  MergedToken,
  Mode,
  ParsedToken,
  Policy,
  TokenType,
} from '../src/engine/types.ts';

const HUES = [25, 50, 85, 130, 150, 180, 220, 260, 290, 330, 0];
const STEPS = [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950];
const LIGHTNESS = [0.97, 0.94, 0.88, 0.81, 0.71, 0.62, 0.54, 0.47, 0.4, 0.33, 0.25];

function palette(): Map<string, string> {
  const colors = new Map<string, string>();
  HUES.forEach((hue, h) => {
    STEPS.forEach((step, s) => {
      const l = LIGHTNESS[s]!;
      // chroma peaks mid-scale; the greys (hue 0) have none; at 0.2 several hues leave sRGB
      const c = hue === 0 ? 0 : 0.2 * (1 - Math.abs(s - 5) / 7);
      colors.set(`primitive.color.h${h}.${step}`, h % 2 === 0 ? `oklch(${l} ${c.toFixed(3)} ${hue})` : toHexGrey(l, h));
    });
  });
  return colors;
}

// Deterministic hex colors for the odd hues (no culori needed here): a tinted ramp by lightness.
function toHexGrey(l: number, tint: number): string {
  const v = Math.round(l ** 2.2 * 255);
  const channel = (x: number) => Math.max(0, Math.min(255, x)).toString(16).padStart(2, '0');
  return `#${channel(v - tint)}${channel(v)}${channel(v + tint)}`;
}

function token(path: string, type: TokenType, resolved: string): MergedToken {
  return { path, type, raw: resolved, css: resolved, resolved, source: 'base' };
}

/** ≈300 tokens: a 121-color palette, 30 dimensions, and 75 semantic colors per mode. */
function buildTheme(): { theme: MergedTheme; pairs: ContrastPair[] } {
  const tokens = new Map<string, MergedToken>();
  const colors = palette();
  for (const [path, value] of colors) tokens.set(path, token(path, 'color', value));
  for (let i = 0; i < 30; i++)
    tokens.set(`primitive.spacing.s${i}`, token(`primitive.spacing.s${i}`, 'dimension', `${i * 2}px`));

  const at = (h: number, step: number) => colors.get(`primitive.color.h${h}.${step}`)!;
  const pairs: ContrastPair[] = [];
  const semantic: Record<Mode, Record<string, string>> = { light: {}, dark: {} };
  for (let i = 0; i < 25; i++) {
    const h = i % HUES.length;
    // foregrounds: deep steps in light mode, pale steps in dark mode (as a semantic alias would resolve)
    semantic.light[`text.t${i}`] = at(h, i % 2 === 0 ? 900 : 950);
    semantic.dark[`text.t${i}`] = at(h, i % 2 === 0 ? 50 : 100);
    semantic.light[`background.b${i}`] = i % 5 === 0 ? 'rgb(255 255 255 / 0.92)' : at((h + 3) % HUES.length, 50);
    semantic.dark[`background.b${i}`] = i % 5 === 0 ? 'rgb(2 6 23 / 0.9)' : at((h + 3) % HUES.length, 950);
    semantic.light[`border.r${i}`] = at(h, 300);
    semantic.dark[`border.r${i}`] = at(h, 700);
    pairs.push({ fg: `text.t${i}`, bg: `background.b${i}`, min: 4.5, modes: ['light', 'dark'] });
    pairs.push({ fg: `text.t${i}`, bg: `background.b${(i + 7) % 25}`, min: 3, modes: ['light', 'dark'] });
  }
  for (const mode of ['light', 'dark'] as const) {
    for (const [rest, value] of Object.entries(semantic[mode])) {
      const path = `semantic.${mode}.${rest}`;
      tokens.set(path, token(path, 'color', value));
    }
  }
  return { theme: { tokens }, pairs };
}

function context(
  theme: MergedTheme,
  pairs: ContrastPair[],
  t2?: { paths: string[]; partner: MergedTheme; policy: Policy },
): RuleContext {
  const layers: RuleContext['layers'] = [];
  if (t2 !== undefined) {
    const tokens = new Map<string, ParsedToken>(t2.paths.map((path) => [path, { path, raw: '' }]));
    layers.push({ source: 't2', parsed: { tokens, violations: [], warnings: [] }, entries: [] });
  }
  return {
    governance: { protected: [], required: [], pairs },
    base: theme,
    reference: theme,
    partner: t2?.partner ?? null,
    merged: theme,
    layers,
    policy: t2?.policy ?? null,
    protectedPaths: [],
    warn: () => {},
  };
}

function medianMs(run: () => unknown, samples: number): number {
  for (let i = 0; i < Math.min(200, samples); i++) run(); // warm the JIT
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const { theme, pairs } = buildTheme();
const tokenCount = theme.tokens.size;
const checks = pairs.reduce((n, pair) => n + pair.modes.length, 0);
const compliant = context(theme, pairs);
const failures = contrastRule.check(compliant);
if (failures.length > 0) {
  throw new Error(`the benchmark theme should pass every pair, but ${failures.length} fail: ${failures[0]!.message}`);
}

let failed = false;
const bar = (ok: boolean) => {
  failed ||= !ok;
  return ok ? 'PASS' : 'FAIL';
};

// A fresh theme object per run, as every validation merges anew: nothing memoised per theme (the more-contrast
// variant the rule checks, the declarations) carries over from one run to the next.
/** What a write's contrast validation runs: the minimums, and the more-contrast variant's warning. */
const checkContrast = (ctx: RuleContext) => [...contrastRule.check(ctx), ...contrastEnhancedRule.check(ctx)];
const validation = medianMs(() => checkContrast({ ...compliant, merged: { tokens: theme.tokens } }), 2000);
console.log(
  `validation alone (${pairs.length} contrast pairs × 2 modes = ${checks} checks, ${tokenCount}-token theme): ` +
    `median ${validation.toFixed(3)} ms (bar: ≤ 1 ms) ${bar(validation <= 1)}`,
);

// Context: the bundled base, whose more-contrast variant has colors to lift (contrast_enhanced computes it), on a
// fresh theme object per run.
const bundled = prepareBase(baseTree, governance);
const bundledCtx = context(bundled.theme, governance.pairs);
const bundledMs = medianMs(() => checkContrast({ ...bundledCtx, merged: { tokens: bundled.theme.tokens } }), 500);
const lifted = moreContrast(bundled.theme, governance.pairs).declarations.length;
console.log(
  `validation of the bundled base (${governance.pairs.length} pairs, ${lifted} colors lifted in its more-contrast variant): median ${bundledMs.toFixed(3)} ms (context, no bar)`,
);

// Context: a rejected write pays for suggestions on its failing pairs (a gamut-mapped lightness search each).
const broken = new Map(theme.tokens);
for (let i = 0; i < 5; i++) {
  const path = `semantic.light.text.t${i}`;
  broken.set(path, token(path, 'color', `oklch(0.8 0.15 ${HUES[i]})`));
}
const brokenCtx = context({ tokens: broken }, pairs);
const failing = contrastRule.check(brokenCtx).length;
const withSuggestions = medianMs(() => contrastRule.check(brokenCtx), 200);
console.log(
  `validation with ${failing} failing checks (suggestions computed): median ${withSuggestions.toFixed(3)} ms (context, no bar)`,
);

// Context: the T2 policy rules on the same theme, 20 paths set by the t2 layer, 10 of them ranged.
const t2Paths = Array.from({ length: 20 }, (_, i) => `semantic.${i % 2 ? 'dark' : 'light'}.text.t${i}`);
const policy: Policy = {
  allow: ['semantic.*.text', 'semantic.*.border'],
  ranges: Object.fromEntries(
    t2Paths
      .slice(0, 10)
      .map((path) => [
        path,
        { maxDeltaE: 0.5, lightness: [0, 1] as [number, number], hue: [0, 360] as [number, number] },
      ]),
  ),
};
const t2Ctx = context(theme, pairs, { paths: t2Paths, partner: theme, policy });
const policyMs = medianMs(() => {
  notAllowedRule.check(t2Ctx);
  outOfRangeRule.check(t2Ctx);
}, 2000);
console.log(
  `T2 policy rules (not_allowed + out_of_range, 20 t2 paths, 10 ranged): median ${policyMs.toFixed(3)} ms (context, no bar)`,
);

if (failed) process.exitCode = 1;
