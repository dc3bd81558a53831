// GET /preview: the tenant's theme applied to sample UI, its palette, and every contrast pair with its ratio.
// Server-rendered, no script; every interpolated text is HTML-escaped. A GET form (so it works without script and
// under a CSP without scripts) chooses what is shown: `?mode=dark`, and the accessibility variants theme.css carries
// for users whose system asks for them — `?contrast=more`, `?colors=forced` — as inline custom properties over the
// theme, and `?simulate=<deficiency>` as an SVG color-matrix filter (Machado 2009, in linear light).
import { Hono } from 'hono';
import { DEFICIENCIES } from '../../engine/color.ts';
import { pairContrasts, type PairContrast } from '../../engine/pair-contrast.ts';
import { moreContrast } from '../../engine/accessibility.ts';
import { cssVariableName, cvdFilterValues, type PreviewVariant, variantValues } from '../../engine/emit/light.ts';
import { truncateTo2Decimals } from '../../engine/rules/contrast.ts';
import type { Deficiency, Governance, MergedTheme, Mode } from '../../engine/types.ts';
import { ownTenant } from '../../tenancy/admin/tenants.ts';
import { mergedThemeOf } from '../../themes/compile.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** A row of the contrast table: a pair in a mode, its (truncated) ratio, the level it needs and whether it meets it. */
type PairResult = Pick<PairContrast, 'fg' | 'bg' | 'mode' | 'ratio' | 'required' | 'pass'>;

/** What the page shows: a mode, and which accessibility variants and simulation are on. */
export interface PreviewView {
  mode: Mode;
  moreContrast: boolean;
  forcedColors: boolean;
  simulate: Deficiency | null;
}

/** A variant's property as the page sets it, with the theme's normal value beside it. */
interface VariantProperty {
  name: string;
  normal: string | undefined;
  value: string;
}

export function previewRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/preview', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant');
    const view = previewView((name) => c.req.query(name));
    const [theme, row] = await Promise.all([services.directory.theme(tenant), ownTenant(services, tenant.tenantId)]);
    if (!theme) throw new ApiError(404, 'unknown_host', `No theme is served at ${tenant.host} any more.`);
    const flat = JSON.parse(theme.flat.body) as Record<Mode, Record<string, string>>;
    const governance = services.platform.base.governance;
    const merged = mergedThemeOf(services.platform, theme);
    const palette = Object.entries(flat.light)
      .filter(([name]) => name.startsWith('--primitive-color-'))
      .map(([name, value]) => ({ name, value }));
    const html = renderPreview({
      name: row?.name ?? tenant.host,
      view,
      themeHref: `/theme/${theme.key}.css`,
      pairs: view.moreContrast ? enhancedResults(merged, governance) : pairContrasts(merged, governance.pairs),
      lifted: view.moreContrast ? variantProperties(merged, governance, 'more-contrast', view, flat) : [],
      forced: view.forcedColors ? variantProperties(merged, governance, 'forced-colors', view, flat) : [],
      palette,
    });
    return c.html(html, 200, {
      'content-security-policy':
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'",
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  });
  return routes;
}

const SIMULATIONS: Record<Deficiency, string> = {
  protanopia: 'Protanopia (no red cones)',
  deuteranopia: 'Deuteranopia (no green cones)',
  tritanopia: 'Tritanopia (no blue cones)',
};

/** The view a query asks for; a value the form never sends is a 400 naming the parameter (`mode` stays lenient). */
export function previewView(query: (name: string) => string | undefined): PreviewView {
  const choice = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const value = query(name);
    if (value === undefined || value === '') return null;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new ApiError(
      400,
      'invalid_query',
      `The query parameter "${name}" must be ${allowed.map((a) => `"${a}"`).join(' or ')}, or absent.`,
      { parameter: name },
    );
  };
  return {
    mode: query('mode') === 'dark' ? 'dark' : 'light',
    moreContrast: choice('contrast', ['more']) !== null,
    forcedColors: choice('colors', ['forced']) !== null,
    simulate: choice('simulate', DEFICIENCIES),
  };
}

/** The query string of `view` (defaults left out, the mode always named). */
function queryOf(view: PreviewView): string {
  const params = new URLSearchParams({ mode: view.mode });
  if (view.moreContrast) params.set('contrast', 'more');
  if (view.forcedColors) params.set('colors', 'forced');
  if (view.simulate) params.set('simulate', view.simulate);
  return `?${params}`;
}

/** Every pair as the more-contrast variant leaves it, against its enhanced level. */
function enhancedResults(theme: MergedTheme, governance: Governance): PairResult[] {
  return moreContrast(theme, governance.pairs).pairs.map((p) => ({
    ...p,
    ratio: p.ratio === null ? null : truncateTo2Decimals(p.ratio),
    pass: p.ratio !== null && p.ratio >= p.required,
  }));
}

function variantProperties(
  theme: MergedTheme,
  governance: Governance,
  variant: PreviewVariant,
  view: PreviewView,
  flat: Record<Mode, Record<string, string>>,
): VariantProperty[] {
  return [...variantValues(theme, governance, variant, view.mode)].map(([name, value]) => ({
    name,
    normal: flat[view.mode][name],
    value,
  }));
}

/**
 * The variants' properties on <body>, over theme.css's (which sets them on :root): what a page whose system asks for
 * the variant sees. Forced colors come last: in a real browser they win over everything. `<` cannot end the <style>
 * element: it is written as a CSS escape (engine values never hold one; this keeps that true whatever they hold).
 */
function variantStyle(view: PreviewView, lifted: VariantProperty[], forced: VariantProperty[]): string {
  const lines = [...lifted, ...forced].map((p) => `  ${p.name}: ${p.value};`);
  // System colors follow the element's color scheme: the mode shown is the scheme a forced-colors user has.
  if (view.forcedColors) lines.push(`  color-scheme: ${view.mode};`);
  if (lines.length === 0) return '';
  return `<style>\nbody {\n${lines.join('\n').replace(/</g, '\\3c ')}\n}\n</style>\n`;
}

function simulationFilter(view: PreviewView): string {
  if (!view.simulate) return '';
  return `<svg aria-hidden="true" focusable="false" width="0" height="0" class="filters"><filter id="cvd" color-interpolation-filters="linearRGB"><feColorMatrix type="matrix" values="${cvdFilterValues(view.simulate)}"/></filter></svg>\n`;
}

function renderControls(view: PreviewView): string {
  const checked = (on: boolean) => (on ? ' checked' : '');
  const modeRadio = (mode: Mode) =>
    `<label><input type="radio" name="mode" value="${mode}"${checked(view.mode === mode)}> ${mode === 'light' ? 'Light' : 'Dark'}</label>`;
  const options = [
    `<option value=""${view.simulate === null ? ' selected' : ''}>None</option>`,
    ...DEFICIENCIES.map(
      (d) => `<option value="${d}"${view.simulate === d ? ' selected' : ''}>${escapeHtml(SIMULATIONS[d])}</option>`,
    ),
  ].join('');
  return `<form class="card controls" method="get" action="/preview" aria-label="What to show">
    <fieldset><legend>Mode</legend>${modeRadio('light')} ${modeRadio('dark')}</fieldset>
    <fieldset><legend>Accessibility variants</legend>
      <label><input type="checkbox" name="contrast" value="more"${checked(view.moreContrast)}> More contrast <small>prefers-contrast: more</small></label>
      <label><input type="checkbox" name="colors" value="forced"${checked(view.forcedColors)}> Forced colors <small>forced-colors: active</small></label>
      <label for="simulate">Color vision simulation</label> <select id="simulate" name="simulate">${options}</select>
    </fieldset>
    <button type="submit" class="primary">Show</button>
  </form>`;
}

function describeView(view: PreviewView): string {
  const parts = [`the ${view.mode} mode`];
  if (view.moreContrast) parts.push('the more-contrast variant');
  if (view.forcedColors) parts.push('the forced-colors variant (your browser’s default system colors)');
  const shown = parts.length > 2 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts.join(' and ');
  const simulated = view.simulate
    ? `, simulating ${view.simulate} (Machado et al. 2009, full severity) on everything below`
    : '';
  return `Showing ${shown}${simulated}.`;
}

function renderPreview(input: {
  name: string;
  view: PreviewView;
  themeHref: string;
  pairs: PairResult[];
  lifted: VariantProperty[];
  forced: VariantProperty[];
  palette: { name: string; value: string }[];
}): string {
  const { view } = input;
  const name = escapeHtml(input.name);
  const other: Mode = view.mode === 'dark' ? 'light' : 'dark';
  const chip = (p: PairResult) =>
    `<span class="${p.required < 4.5 ? 'chip large' : 'chip'}" style="${escapeHtml(`color: var(${cssVariableName(`semantic.${p.mode}.${p.fg}`).name}); background: var(${cssVariableName(`semantic.${p.mode}.${p.bg}`).name})`)}">Aa</span>`;
  const pairName = (p: PairResult) => `<code>${escapeHtml(p.fg)}</code> on <code>${escapeHtml(p.bg)}</code>`;
  const shownPairs = input.pairs.filter((p) => p.mode === view.mode);
  // Under more contrast the rows are judged against the enhanced level: a failing one is a pair the variant cannot lift.
  const unmet = view.moreContrast ? shownPairs.filter((p) => !p.pass) : [];
  const rows = shownPairs
    .map(
      (p) => `<tr class="${p.pass ? 'pass' : 'fail'}">
        <td>${chip(p)}</td>
        <td>${pairName(p)}</td>
        <td>${p.ratio === null ? 'unresolved' : p.ratio.toFixed(2)}</td><td>≥ ${p.required}</td>
        <td>${p.pass ? 'pass' : 'fail'}</td></tr>`,
    )
    .join('\n');
  const enhanced = view.moreContrast
    ? `<p id="enhanced-summary">${
        unmet.length === 0
          ? 'Every pair reaches its enhanced level (WCAG 1.4.6: 7:1 where the minimum is 4.5:1, 4.5:1 where it is 3:1).'
          : `${unmet.length} ${unmet.length === 1 ? 'pair cannot' : 'pairs cannot'} reach the enhanced level; theme.css keeps the ratio shown: ${unmet
              .map(
                (p) => `${pairName(p)} (${p.ratio === null ? 'unresolved' : p.ratio.toFixed(2)}, needs ${p.required})`,
              )
              .join('; ')}.`
      }</p>`
    : '';
  const propertyRows = (properties: VariantProperty[], swatch: boolean) =>
    properties
      .map(
        (p) =>
          `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.normal ?? '')}</td><td>${swatch ? `<span class="swatch" style="${escapeHtml(`background: ${p.value}`)}"></span> ` : ''}${escapeHtml(p.value)}</td></tr>`,
      )
      .join('\n');
  const variantSection = (label: string, heading: string, properties: VariantProperty[], empty: string) =>
    `<section class="card" aria-label="${label}">
    <h2>${heading}</h2>
    ${
      properties.length === 0
        ? `<p>${empty}</p>`
        : `<table><thead><tr><th>Property</th><th>Normal</th><th>In the variant</th></tr></thead><tbody>
${propertyRows(properties, true)}
    </tbody></table>`
    }
  </section>`;
  const liftedSection = view.moreContrast
    ? variantSection(
        'Changes under more contrast',
        `What prefers-contrast: more changes (${view.mode})`,
        input.lifted,
        'Nothing: every pair already meets its enhanced level.',
      )
    : '';
  const forcedSection = view.forcedColors
    ? variantSection(
        'Forced-colors mapping',
        'What forced-colors: active maps to system colors',
        input.forced,
        'The forced-colors mapping names none of these roles.',
      )
    : '';
  const swatches = input.palette
    .map(
      (s) =>
        `<li><span class="swatch" style="${escapeHtml(`background: var(${s.name})`)}"></span><code>${escapeHtml(s.name)}</code><small>${escapeHtml(s.value)}</small></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en" data-theme="${view.mode}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} — theme preview</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(input.themeHref)}">
<style>
  body { margin: 0; font-family: var(--primitive-font-family-sans, system-ui, sans-serif); background: var(--background-canvas); color: var(--text-primary); }
  main { max-width: 960px; margin: 0 auto; padding: 2rem 1.5rem; }
  a { color: var(--text-link); }
  .muted { color: var(--text-muted); } .secondary { color: var(--text-secondary); }
  .card { background: var(--background-surface); border: 1px solid var(--border-default); border-radius: var(--primitive-radius-lg, 8px); padding: 1.25rem; margin: 1rem 0; }
  .row { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; }
  button { font: inherit; border-radius: var(--primitive-radius-md, 6px); padding: .5rem 1rem; border: 1px solid transparent; cursor: pointer; }
  .primary { background: var(--interactive-primary); color: var(--text-inverse); }
  .secondary-btn { background: var(--interactive-secondary); color: var(--text-primary); border-color: var(--border-default); }
  button:focus-visible, input:focus-visible, select:focus-visible, a:focus-visible { outline: var(--accessibility-focus-ring-width, 2px) solid var(--focus-ring); outline-offset: var(--accessibility-focus-ring-offset, 2px); }
  .controls fieldset { border: 1px solid var(--border-default); border-radius: var(--primitive-radius-md, 6px); margin: 0 0 .75rem; display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; }
  .controls legend { font-weight: 600; padding: 0 .25rem; }
  .controls small { margin-left: .25rem; }
  select { font: inherit; color: var(--text-primary); background: var(--background-canvas); border: 1px solid var(--border-strong, var(--border-default)); border-radius: var(--primitive-radius-sm, 4px); padding: .25rem .5rem; }
  .shown { background: var(--background-canvas); }
  .simulated { filter: url(#cvd); }
  .filters { position: absolute; }
  .status { padding: .5rem .75rem; border-radius: var(--primitive-radius-md, 6px); border: 2px solid; color: var(--text-primary); }
  .error { background: var(--status-error-subtle); border-color: var(--status-error); } .success { background: var(--status-success-subtle); border-color: var(--status-success); }
  .warning { background: var(--status-warning-subtle); border-color: var(--status-warning); } .info { background: var(--status-info-subtle); border-color: var(--status-info); }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--border-default); }
  tr.fail td { font-weight: 700; }
  .chip { display: inline-block; padding: .1rem .5rem; border-radius: 4px; border: 1px solid var(--border-default); }
  .chip.large { font-size: 1.25rem; font-weight: 700; }
  ul.palette { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: .5rem; }
  ul.palette li { display: flex; gap: .5rem; align-items: center; font-size: .8rem; }
  .swatch { display: inline-block; vertical-align: middle; width: 1.5rem; height: 1.5rem; border-radius: 4px; border: 1px solid var(--border-default); flex: none; }
  small { color: var(--text-muted); }
  ul.palette small { margin-left: auto; }
</style>
${variantStyle(view, input.lifted, input.forced)}</head>
<body>
${simulationFilter(view)}<main>
  <header class="row"><h1>${name}</h1><a href="${escapeHtml(queryOf({ ...view, mode: other }))}">Show ${other} mode</a></header>
  ${renderControls(view)}
  <p id="showing">${escapeHtml(describeView(view))}</p>
  <div class="${view.simulate ? 'shown simulated' : 'shown'}">
  <section class="card" aria-label="Sample interface">
    <h2>Sample interface</h2>
    <p>Primary text on the surface. <span class="secondary">Secondary text.</span> <span class="muted">Muted text.</span> <a href="#">A link</a>.</p>
    <div class="row"><button class="primary" type="button">Primary action</button><button class="secondary-btn" type="button">Secondary</button></div>
    <div class="row" style="margin-top: 1rem">
      <span class="status error">Error</span><span class="status success">Success</span><span class="status warning">Warning</span><span class="status info">Info</span>
    </div>
  </section>
  <section class="card" aria-label="Contrast pairs">
    <h2>Contrast pairs (${view.mode}${view.moreContrast ? ', more contrast: the enhanced level' : ''})</h2>
    ${
      view.forcedColors
        ? '<p>Under forced colors the user’s system chooses every color, whatever the theme: the pairs do not apply. Turn forced colors off to see them.</p>'
        : `${enhanced}
    <table><thead><tr><th></th><th>Pair</th><th>Ratio</th><th>Required</th><th>Result</th></tr></thead>
    <tbody>
${rows}
    </tbody></table>`
    }
  </section>
  ${liftedSection}
  ${forcedSection}
  <section class="card" aria-label="Palette">
    <h2>Palette</h2>
    <ul class="palette">
${swatches}
    </ul>
  </section>
  </div>
</main>
</body>
</html>
`;
}
