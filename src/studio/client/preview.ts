// The live preview: the same sample UI twice, light and dark, styled only through the CSS custom properties the
// draft's merged theme emits (the engine's own declarations, as theme.css would carry them), scoped to the two
// preview containers by a <style> element (the page's CSP allows inline styles, never inline scripts). Toggles show
// the theme's accessibility variants there too (./variants.ts).
import { declarationLine, INDENT } from '../../engine/emit/layout.ts';
import { themeDeclarations } from '../../engine/emit/light.ts';
import type { Governance, MergedTheme, Mode } from '../../engine/types.ts';
import { h } from './dom.ts';
import { variantControls } from './variants.ts';

export interface Preview {
  element: HTMLElement;
  update(theme: MergedTheme): void;
}

const SCOPE = '.studio-preview .pv';

// How the sample UI uses the theme's variables. Text is always on the backgrounds its governed pair names, so the
// preview is as readable as the theme it shows.
const SAMPLE_CSS = `
${SCOPE} { background: var(--background-canvas); color: var(--text-primary); padding: var(--primitive-spacing-4, 1rem);
  border: 1px solid var(--border-default); border-radius: var(--primitive-radius-lg, 8px);
  font-family: var(--primitive-font-family-sans, system-ui, sans-serif); font-size: var(--primitive-font-size-base, 1rem);
  line-height: var(--primitive-font-lineHeight-normal, 1.5); }
${SCOPE} .pv-mode { margin: 0 0 var(--primitive-spacing-2, .5rem); font-weight: var(--primitive-font-weight-semibold, 600);
  color: var(--text-secondary); }
${SCOPE} h3 { margin: 0 0 var(--primitive-spacing-2, .5rem); font-size: var(--primitive-font-size-xl, 1.25rem);
  font-weight: var(--primitive-font-weight-bold, 700); color: var(--text-primary); }
${SCOPE} p { margin: 0 0 var(--primitive-spacing-2, .5rem); }
${SCOPE} .pv-secondary-text { color: var(--text-secondary); }
${SCOPE} a { color: var(--text-link); }
${SCOPE} a:hover { color: var(--text-link-hover); }
${SCOPE} .pv-card { background: var(--background-surface); border: 1px solid var(--border-subtle);
  border-radius: var(--primitive-radius-md, 6px); box-shadow: var(--elevation-card);
  padding: var(--primitive-spacing-3, .75rem); margin: 0 0 var(--primitive-spacing-3, .75rem); }
${SCOPE} .pv-row { display: flex; flex-wrap: wrap; gap: var(--primitive-spacing-2, .5rem); align-items: center;
  margin: 0 0 var(--primitive-spacing-3, .75rem); }
${SCOPE} button { font: inherit; cursor: pointer; padding: var(--primitive-spacing-2, .5rem) var(--primitive-spacing-4, 1rem);
  border-radius: var(--primitive-radius-md, 6px); border: 1px solid transparent; }
${SCOPE} button.pv-primary { background: var(--interactive-primary); color: var(--text-inverse); }
${SCOPE} button.pv-primary:hover { background: var(--interactive-primary-hover); }
${SCOPE} button.pv-primary:active { background: var(--interactive-primary-active); }
${SCOPE} button.pv-secondary { background: var(--interactive-secondary); color: var(--text-primary);
  border-color: var(--border-default); }
${SCOPE} button.pv-secondary:hover { background: var(--interactive-secondary-hover); }
${SCOPE} label { display: block; font-weight: var(--primitive-font-weight-medium, 500); margin: 0 0 .25rem; }
${SCOPE} input { font: inherit; background: var(--background-canvas); color: var(--text-primary);
  border: 1px solid var(--border-strong); border-radius: var(--primitive-radius-sm, 4px); padding: .35rem .5rem;
  max-width: 100%; box-sizing: border-box; }
${SCOPE} :focus-visible { outline: 2px solid var(--focus-ring); outline-offset: 2px; }
${SCOPE} .pv-badge { display: inline-block; padding: .1rem .5rem; border-radius: var(--primitive-radius-full, 999px);
  border: 1px solid; color: var(--text-primary); font-size: var(--primitive-font-size-sm, .875rem); }
${SCOPE} .pv-badge.error { background: var(--status-error-subtle); border-color: var(--status-error); }
${SCOPE} .pv-badge.success { background: var(--status-success-subtle); border-color: var(--status-success); }
${SCOPE} .pv-badge.warning { background: var(--status-warning-subtle); border-color: var(--status-warning); }
${SCOPE} .pv-badge.info { background: var(--status-info-subtle); border-color: var(--status-info); }
`;

export function preview(governance: Governance): Preview {
  const variables = h('style', { 'data-studio': 'preview-variables' });
  const variants = variantControls(governance, SCOPE);
  const element = h(
    'section',
    { class: 'studio-preview', role: 'region', 'aria-labelledby': 'preview-heading' },
    h('h2', { id: 'preview-heading' }, 'Preview'),
    h('style', { 'data-studio': 'preview-sample' }, SAMPLE_CSS),
    variables,
    // After the theme's own variables: the variants' declarations win by coming later.
    ...variants.nodes,
    h('div', { class: 'pv-grid' }, sample('light'), sample('dark')),
  );
  let shown: MergedTheme | undefined;
  return {
    element,
    update(theme) {
      if (theme === shown) return;
      shown = theme;
      variables.textContent = scopedVariables(theme);
      variants.update(theme);
    },
  };
}

/** The theme's declarations as theme.css emits them, on the two containers instead of :root / [data-theme]. */
export function scopedVariables(theme: MergedTheme): string {
  const { root, dark } = themeDeclarations(theme);
  const lines = (declarations: Iterable<{ name: string; value: string }>) =>
    [...declarations].map((d) => declarationLine(d.name, d.value, INDENT)).join('\n');
  return `${SCOPE} {\n${lines(root.values())}\n}\n${SCOPE}[data-mode="dark"] {\n${lines(dark.values())}\n}\n`;
}

function sample(mode: Mode): HTMLElement {
  const title = mode === 'light' ? 'Light' : 'Dark';
  const inputId = `pv-input-${mode}`;
  const link = h('a', { href: '#preview-heading' }, 'a sample link');
  // The sample link stays on the page: following it would leave the studio.
  link.addEventListener('click', (event) => event.preventDefault());
  return h(
    'div',
    { class: 'pv', 'data-mode': mode, role: 'group', 'aria-label': `${title} mode` },
    h('p', { class: 'pv-mode' }, `${title} mode`),
    h('h3', {}, 'Sample heading'),
    h('p', {}, 'Body text in the primary text color, with ', link, ' inside it.'),
    h('p', { class: 'pv-secondary-text' }, 'Supporting text in the secondary color.'),
    h(
      'div',
      { class: 'pv-card' },
      h('p', {}, 'A card on the surface color.'),
      h(
        'div',
        { class: 'pv-row' },
        h('button', { type: 'button', class: 'pv-primary' }, 'Primary action'),
        h('button', { type: 'button', class: 'pv-secondary' }, 'Secondary'),
      ),
      h('label', { for: inputId }, `Sample input (${mode})`),
      h('input', { id: inputId, type: 'text', value: 'Typed text' }),
    ),
    h(
      'div',
      { class: 'pv-row', role: 'list', 'aria-label': `Status badges (${mode})` },
      ...(['error', 'success', 'warning', 'info'] as const).map((status) =>
        h('span', { role: 'listitem', class: `pv-badge ${status}` }, status[0]!.toUpperCase() + status.slice(1)),
      ),
    ),
  );
}
