// theme.css's accessibility blocks, after everything else in the file: `prefers-contrast: more` (the variant's
// changed properties, scoped per mode like the normal blocks) and `forced-colors: active` (system colors). SD-free:
// it runs per tenant in the Worker.
//
// Cascade: the more-contrast `:root` comes after the normal `[data-theme="dark"]` with the same specificity, so a
// lifted light value alone would win over the dark value on a `data-theme="dark"` page. As in ./overlay.ts, every
// name the block sets in `:root` is set again in its dark blocks (the lifted dark value, or the normal one).
// The forced-colors selector list reaches the specificity of the dark media block's `:root:not(…)`.

import { forcedColors, moreContrast, type VariantDeclaration } from '../accessibility.ts';
import { CVD_MATRICES } from '../color.ts';
import type { Deficiency, Governance, MergedTheme, Mode } from '../types.ts';
import { themeDeclarations } from './declarations.ts';
import { naturalCompare } from './naming.ts';
import { DARK_MEDIA_SELECTOR, DARK_SELECTOR, declarationLine, INDENT, ROOT_SELECTOR } from './layout.ts';

export const MORE_CONTRAST_MEDIA = '@media (prefers-contrast: more)';
export const MORE_CONTRAST_DARK_MEDIA = '@media (prefers-contrast: more) and (prefers-color-scheme: dark)';
export const FORCED_COLORS_MEDIA = '@media (forced-colors: active)';
export const FORCED_COLORS_SELECTOR = `${ROOT_SELECTOR}, [data-theme], ${DARK_MEDIA_SELECTOR}`;

/** The accessibility blocks of `theme`: '' when neither variant changes anything. */
export function emitAccessibility(theme: MergedTheme, governance: Governance): string {
  return [
    moreContrastCss(theme, moreContrast(theme, governance.pairs).declarations),
    forcedColorsCss(forcedColors(theme, governance.forcedColors)),
  ]
    .filter((css) => css !== '')
    .join('\n');
}

function moreContrastCss(theme: MergedTheme, lifted: VariantDeclaration[]): string {
  if (lifted.length === 0) return '';
  const light = new Map(lifted.filter((d) => d.mode === 'light').map((d) => [d.name, d.value]));
  const dark = new Map(lifted.filter((d) => d.mode === 'dark').map((d) => [d.name, d.value]));
  // Names set in :root are set again for dark, lifted or not (see the cascade note above).
  for (const name of light.keys()) {
    const normal = themeDeclarations(theme).dark.get(name);
    if (!dark.has(name) && normal !== undefined) dark.set(name, normal.value);
  }
  const lines = (values: Map<string, string>, indent: string) =>
    [...values].sort(([a], [b]) => naturalCompare(a, b)).map(([n, v]) => declarationLine(n, v, indent));
  const blocks: string[] = [];
  const inner: string[] = [];
  if (light.size > 0) inner.push(nested(ROOT_SELECTOR, lines(light, INDENT + INDENT)));
  if (dark.size > 0) inner.push(nested(DARK_SELECTOR, lines(dark, INDENT + INDENT)));
  blocks.push(`${MORE_CONTRAST_MEDIA} {\n${inner.join('')}}\n`);
  if (dark.size > 0) {
    blocks.push(`${MORE_CONTRAST_DARK_MEDIA} {\n${nested(DARK_MEDIA_SELECTOR, lines(dark, INDENT + INDENT))}}\n`);
  }
  return blocks.join('\n');
}

function forcedColorsCss(forced: VariantDeclaration[]): string {
  if (forced.length === 0) return '';
  // A role has one system color whatever the mode: one declaration per property.
  const values = new Map<string, string>();
  for (const d of forced) if (!values.has(d.name)) values.set(d.name, d.value);
  const lines = [...values]
    .sort(([a], [b]) => naturalCompare(a, b))
    .map(([n, v]) => declarationLine(n, v, INDENT + INDENT));
  return `${FORCED_COLORS_MEDIA} {\n${nested(FORCED_COLORS_SELECTOR, lines)}}\n`;
}

function nested(selector: string, lines: string[]): string {
  return `${INDENT}${selector} {\n${lines.map((line) => `${line}\n`).join('')}${INDENT}}\n`;
}

/** The variants a page can show without the user's system asking for them (the preview page and the studio). */
export type PreviewVariant = 'more-contrast' | 'forced-colors';

/**
 * The custom properties `variant` sets in `mode`, as a page whose system asks for it sees them there: the values
 * theme.css's block for that variant applies in that mode. Empty when the variant changes nothing in the mode.
 */
export function variantValues(
  theme: MergedTheme,
  governance: Governance,
  variant: PreviewVariant,
  mode: Mode,
): Map<string, string> {
  const declarations =
    variant === 'more-contrast'
      ? moreContrast(theme, governance.pairs).declarations
      : forcedColors(theme, governance.forcedColors);
  const values = new Map<string, string>();
  for (const d of declarations) if (d.mode === mode && !values.has(d.name)) values.set(d.name, d.value);
  return values;
}

/**
 * An SVG `<feColorMatrix type="matrix">`'s `values` simulating `deficiency` (the Machado 2009 matrix of
 * ../color.ts, alpha kept). The filter must run in linear light (`color-interpolation-filters="linearRGB"`), as the
 * model does.
 */
export function cvdFilterValues(deficiency: Deficiency): string {
  const rows = CVD_MATRICES[deficiency].map((row) => `${row.join(' ')} 0 0`);
  return [...rows, '0 0 0 1 0'].join('  ');
}
