// The preview's accessibility variants: toggles that show the two sample containers as a page whose system asks for
// more contrast or forced colors sees the theme (the values theme.css's media blocks apply), and a color-vision
// simulation through an SVG filter. The toggles only rewrite their own <style> and the status; their state survives
// theme updates.
import { DEFICIENCIES } from '../../engine/color.ts';
import { declarationLine, INDENT } from '../../engine/emit/layout.ts';
import { cvdFilterValues, type PreviewVariant, variantValues } from '../../engine/emit/light.ts';
import { moreContrast, type UnmetPair } from '../../engine/accessibility.ts';
import { truncateTo2Decimals } from '../../engine/rules/contrast.ts';
import type { Deficiency, Governance, MergedTheme, Mode } from '../../engine/types.ts';
import { h } from './dom.ts';

export interface VariantState {
  moreContrast: boolean;
  forcedColors: boolean;
  simulate: Deficiency | null;
}

export interface VariantControls {
  /** What the preview section holds, in order: the variants' <style>, the SVG filters, the controls. */
  nodes: Node[];
  update(theme: MergedTheme): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const MODES: readonly Mode[] = ['light', 'dark'];
const filterId = (deficiency: Deficiency) => `studio-cvd-${deficiency}`;
const SIMULATIONS: Record<Deficiency, string> = {
  protanopia: 'Protanopia',
  deuteranopia: 'Deuteranopia',
  tritanopia: 'Tritanopia',
};

const CONTROLS_CSS = `
.studio-preview .pv-variants { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; margin: 0 0 1rem; }
.studio-preview .pv-variants label { display: inline-flex; gap: .35rem; align-items: center; }
.studio-preview .pv-variant-status ul { margin: .25rem 0 0; }
`;

/**
 * The containers' CSS for `state`: each variant's declarations on its mode's container. Mode-qualified selectors,
 * not the bare scope: a light-mode value must not reach the dark container where its dark block sets nothing. They
 * match the dark block's specificity and come after it, so they win. Forced colors come last: a real browser applies
 * them over everything, more contrast included.
 */
export function variantCss(theme: MergedTheme, governance: Governance, state: VariantState, scope: string): string {
  const variants: PreviewVariant[] = [];
  if (state.moreContrast) variants.push('more-contrast');
  if (state.forcedColors) variants.push('forced-colors');
  let css = '';
  for (const mode of MODES) {
    const lines: string[] = [];
    for (const variant of variants)
      for (const [name, value] of variantValues(theme, governance, variant, mode))
        lines.push(declarationLine(name, value, INDENT));
    // System colors (Canvas, CanvasText…) follow the element's color scheme: a forced-colors user's scheme is the mode.
    if (state.forcedColors) lines.push(declarationLine('color-scheme', mode, INDENT));
    if (lines.length > 0) css += `${scope}[data-mode="${mode}"] {\n${lines.join('\n')}\n}\n`;
  }
  if (state.simulate) css += `${scope} { filter: url(#${filterId(state.simulate)}); }\n`;
  return css;
}

/** A ratio as text, cut (never rounded up) to two decimals so a failing pair never reads as reaching its level. */
const ratioText = (ratio: number) => truncateTo2Decimals(ratio).toFixed(2);

export function unmetText(pair: UnmetPair): string {
  const ratio = pair.ratio === null ? 'cannot be measured' : `${ratioText(pair.ratio)}:1`;
  return `${pair.fg} on ${pair.bg} (${pair.mode}): ${ratio}, enhanced level ${pair.required}:1`;
}

export function variantControls(governance: Governance, scope: string): VariantControls {
  const state: VariantState = { moreContrast: false, forcedColors: false, simulate: null };
  let theme: MergedTheme | undefined;
  const style = h('style', { 'data-studio': 'preview-variants' });
  const status = h('div', { class: 'pv-variant-status', role: 'status', 'aria-live': 'polite' });

  const contrastBox = h('input', { type: 'checkbox', id: 'pv-more-contrast' });
  const forcedBox = h('input', { type: 'checkbox', id: 'pv-forced-colors' });
  const simulate = h(
    'select',
    { id: 'pv-color-vision' },
    h('option', { value: '' }, 'None'),
    ...DEFICIENCIES.map((d) => h('option', { value: d }, SIMULATIONS[d])),
  );
  const render = () => {
    if (!theme) return;
    style.textContent = variantCss(theme, governance, state, scope);
    renderStatus(theme);
  };
  // Rewritten only when its text changes: a live region re-announces whatever is put in it.
  let statusKey = '';
  const renderStatus = (shown: MergedTheme) => {
    const unmet = state.moreContrast ? moreContrast(shown, governance.pairs).unmet : null;
    const lines = unmet?.map(unmetText) ?? [];
    const key = unmet === null ? '' : lines.join('\n') || 'all';
    if (key === statusKey) return;
    statusKey = key;
    status.replaceChildren();
    if (unmet === null) return;
    if (unmet.length === 0) {
      status.append(h('p', {}, 'Every pair reaches its enhanced level.'));
      return;
    }
    const count = `${unmet.length} pair${unmet.length === 1 ? '' : 's'}`;
    status.append(
      h('p', {}, `With more contrast, ${count} cannot reach ${unmet.length === 1 ? 'its' : 'their'} enhanced level:`),
      h('ul', {}, ...lines.map((line) => h('li', {}, line))),
    );
  };
  contrastBox.addEventListener('change', () => {
    state.moreContrast = contrastBox.checked;
    render();
  });
  forcedBox.addEventListener('change', () => {
    state.forcedColors = forcedBox.checked;
    render();
  });
  simulate.addEventListener('change', () => {
    state.simulate = (DEFICIENCIES as readonly string[]).includes(simulate.value)
      ? (simulate.value as Deficiency)
      : null;
    render();
  });

  const controls = h(
    'fieldset',
    { class: 'pv-variants' },
    h('legend', {}, 'Accessibility variants'),
    h('label', {}, contrastBox, 'More contrast'),
    h('label', {}, forcedBox, 'Forced colors'),
    h('span', {}, h('label', { for: simulate.id }, 'Color vision'), ' ', simulate),
  );
  return {
    nodes: [
      h('style', { 'data-studio': 'preview-variant-controls' }, CONTROLS_CSS),
      style,
      cvdFilters(),
      controls,
      status,
    ],
    update(shown) {
      theme = shown;
      render();
    },
  };
}

/** One SVG filter per deficiency (SVG elements need their namespace: ./dom.ts's `h` makes HTML ones). */
function cvdFilters(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  for (const [name, value] of Object.entries({
    'aria-hidden': 'true',
    focusable: 'false',
    width: '0',
    height: '0',
    style: 'position:absolute',
  }))
    svg.setAttribute(name, value);
  for (const deficiency of DEFICIENCIES) {
    const filter = document.createElementNS(SVG, 'filter');
    filter.setAttribute('id', filterId(deficiency));
    // The matrix is a model of linear light.
    filter.setAttribute('color-interpolation-filters', 'linearRGB');
    const matrix = document.createElementNS(SVG, 'feColorMatrix');
    matrix.setAttribute('type', 'matrix');
    matrix.setAttribute('values', cvdFilterValues(deficiency));
    filter.append(matrix);
    svg.append(filter);
  }
  return svg;
}
