// Every governed pair in each of its modes, measured on a merged theme as the contrast rule measures it (the
// resolved colors as displayed): the matrix the preview page and the studio list. The rule itself
// (./rules/contrast.ts) reports only failures, with the reason a side cannot be measured.

import { contrastOfSrgb, createSrgbMemo } from './color.ts';
import { truncateTo2Decimals } from './rules/contrast.ts';
import type { ContrastPair, MergedTheme, Mode } from './types.ts';

export interface PairContrast {
  /** Paths relative to `semantic.<mode>.` as governance names them, e.g. `text.primary`. */
  fg: string;
  bg: string;
  mode: Mode;
  fgPath: string;
  bgPath: string;
  /** Each side's resolved color; undefined when the side is missing, unresolved or not a color. */
  fgColor: string | undefined;
  bgColor: string | undefined;
  required: number;
  /** WCAG 2.x ratio truncated to 2 decimals; null when a side cannot be measured. */
  ratio: number | null;
  /** Judged on the exact ratio (4.499 fails though it prints as 4.49). */
  pass: boolean;
}

export function pairContrasts(theme: MergedTheme, pairs: readonly ContrastPair[]): PairContrast[] {
  const srgbOf = createSrgbMemo();
  const colorOf = (path: string) => {
    const token = theme.tokens.get(path);
    const css = token?.type === 'color' ? token.resolved : undefined;
    return css !== undefined && srgbOf(css) !== undefined ? css : undefined;
  };
  const rows: PairContrast[] = [];
  for (const pair of pairs) {
    for (const mode of pair.modes) {
      const fgPath = `semantic.${mode}.${pair.fg}`;
      const bgPath = `semantic.${mode}.${pair.bg}`;
      const fgColor = colorOf(fgPath);
      const bgColor = colorOf(bgPath);
      const exact =
        fgColor !== undefined && bgColor !== undefined ? contrastOfSrgb(srgbOf(fgColor)!, srgbOf(bgColor)!) : undefined;
      rows.push({
        fg: pair.fg,
        bg: pair.bg,
        mode,
        fgPath,
        bgPath,
        fgColor,
        bgColor,
        required: pair.min,
        ratio: exact === undefined ? null : truncateTo2Decimals(exact),
        pass: exact !== undefined && exact >= pair.min,
      });
    }
  }
  return rows;
}
