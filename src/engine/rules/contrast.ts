// WCAG 2.x contrast of every governed pair, in every mode, on the merged and alias-resolved theme.
// Fails closed: a pair that cannot be measured is a violation, never a silent pass.

import { contrastOfSrgb, createSrgbMemo, nearestPassing, type Srgb } from '../color.ts';
import type { ContrastPair, ContrastViolation, MergedTheme, MergedToken, Mode } from '../types.ts';
import type { GovernanceRule, RuleContext } from './types.ts';
import { quoteValue } from './quote.ts';

type Measured =
  | { ok: true; token: MergedToken; css: string; srgb: Srgb }
  | { ok: false; token?: MergedToken; why: string };

export const contrastRule: GovernanceRule = {
  id: 'contrast',
  docs: 'Every governed fg/bg pair must reach its WCAG 2.x contrast minimum in each of its modes on the merged theme, and a pair that cannot be measured fails.',
  url: 'docs/rules/contrast.md',
  check(ctx: RuleContext): ContrastViolation[] {
    const srgbOf = createSrgbMemo();
    const violations: ContrastViolation[] = [];
    for (const pair of ctx.governance.pairs) {
      for (const mode of pair.modes) {
        const violation = checkPair(ctx.merged, pair, mode, srgbOf);
        if (violation !== undefined) violations.push(violation);
      }
    }
    return violations;
  },
};

function checkPair(
  theme: MergedTheme,
  pair: ContrastPair,
  mode: Mode,
  srgbOf: (css: string) => Srgb | undefined,
): ContrastViolation | undefined {
  const fgPath = `semantic.${mode}.${pair.fg}`;
  const bgPath = `semantic.${mode}.${pair.bg}`;
  const fg = measure(theme, fgPath, srgbOf);
  const bg = measure(theme, bgPath, srgbOf);
  const common = {
    path: fgPath,
    rule: 'contrast' as const,
    pair: [fgPath, bgPath] as [string, string],
    mode,
    required: pair.min,
    ...(fg.token !== undefined && { source: fg.token.source }),
  };

  if (!fg.ok || !bg.ok) {
    const reasons = [fg, bg].flatMap((m) => (m.ok ? [] : [m.why]));
    const broken = !fg.ok ? fgPath : bgPath;
    return {
      ...common,
      ratio: null,
      suggestion: null,
      message: `The contrast of ${fgPath} on ${bgPath} in ${mode} mode cannot be checked: ${reasons.join('; ')}.`,
      fix: `make ${broken} resolve to a color`,
    };
  }

  const exact = contrastOfSrgb(fg.srgb, bg.srgb);
  if (exact >= pair.min) return undefined;

  const ratio = truncateTo2Decimals(exact);
  const suggestion = nearestPassing(fg.css, bg.css, pair.min) ?? null;
  const shortfall = `${fgPath} on ${bgPath} has a contrast of ${ratio}:1 in ${mode} mode, below the required ${pair.min}:1`;
  if (suggestion === null) {
    return {
      ...common,
      ratio,
      suggestion,
      message: `${shortfall}, and no foreground color reaches ${pair.min}:1 on that background.`,
      fix: `change ${bgPath} (no foreground color reaches ${pair.min}:1 on it)`,
    };
  }
  return { ...common, ratio, suggestion, message: `${shortfall}.`, fix: `set ${fgPath} to ${suggestion}` };
}

function measure(theme: MergedTheme, path: string, srgbOf: (css: string) => Srgb | undefined): Measured {
  const token = theme.tokens.get(path);
  if (token === undefined) return { ok: false, why: `${path} does not exist in the merged theme` };
  if (token.type !== 'color') return { ok: false, token, why: `${path} is a ${token.type} token, not a color` };
  const css = token.resolved;
  if (css === undefined) return { ok: false, token, why: `${path} does not resolve to a value` };
  const srgb = srgbOf(css);
  if (srgb === undefined)
    return { ok: false, token, why: `${path} resolves to ${quoteValue(css)}, which is not a color` };
  return { ok: true, token, css, srgb };
}

/**
 * Truncate (never round) to 2 decimals, so a failing 4.499 prints as 4.49 and not as a passing 4.50.
 * `Math.floor(x * 100)` alone is off by one cent when the multiplication lands just under an integer
 * (4.57 * 100 = 456.99999999999994), hence the two corrections.
 */
export function truncateTo2Decimals(ratio: number): number {
  let cents = Math.floor(ratio * 100);
  if ((cents + 1) / 100 <= ratio) cents += 1;
  if (cents / 100 > ratio) cents -= 1;
  return cents / 100;
}
