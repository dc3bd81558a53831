// `contrast_enhanced`, a warning only: a pair theme.css's more-contrast variant cannot lift to its enhanced level
// (../accessibility.ts). It reports no violation (`reports: []`), so a caller that narrows the rules — the contrast
// check of a partner's customers on its writes — skips computing the variant, whose warnings it would not show.

import { moreContrast } from '../accessibility.ts';
import { contrastOfSrgb, toDisplaySrgb } from '../color.ts';
import type { MergedTheme, Violation } from '../types.ts';
import { truncateTo2Decimals } from './contrast.ts';
import type { GovernanceRule, RuleContext } from './types.ts';

export const contrastEnhancedRule: GovernanceRule = {
  id: 'contrast_enhanced',
  reports: [],
  docs: 'A pair the more-contrast variant cannot lift to its enhanced level (7:1 for a 4.5 minimum, 4.5:1 for 3) is a warning.',
  url: 'docs/rules/contrast.md',
  check(ctx: RuleContext): Violation[] {
    for (const unmet of moreContrast(ctx.merged, ctx.governance.pairs).unmet) {
      const fgPath = `semantic.${unmet.mode}.${unmet.fg}`;
      const bgPath = `semantic.${unmet.mode}.${unmet.bg}`;
      // Unmeasurable, or below its minimum: the contrast rule refuses it already.
      const minimum = ctx.governance.pairs.find(
        (p) => p.fg === unmet.fg && p.bg === unmet.bg && p.modes.includes(unmet.mode),
      )!.min;
      if (unmet.ratio === null || normalRatio(ctx.merged, fgPath, bgPath) < minimum) continue;
      ctx.warn({
        path: fgPath,
        code: 'contrast_enhanced',
        message:
          `In the more-contrast variant (prefers-contrast: more), ${fgPath} on ${bgPath} reaches only ` +
          `${truncateTo2Decimals(unmet.ratio)}:1 in ${unmet.mode} mode, below the enhanced ${unmet.required}:1: no lightness ` +
          `of either color meets all the pairs it is in.`,
      });
    }
    return [];
  },
};

/** The pair's ratio in the theme as it is (the variant keeps an unliftable pair's colors, so this is its ratio there). */
function normalRatio(theme: MergedTheme, fgPath: string, bgPath: string): number {
  const fg = toDisplaySrgb(theme.tokens.get(fgPath)?.resolved ?? '');
  const bg = toDisplaySrgb(theme.tokens.get(bgPath)?.resolved ?? '');
  return fg && bg ? contrastOfSrgb(fg, bg) : 0;
}
