// GET /preview: the tenant's theme applied to sample UI, its palette, and every contrast pair with its ratio.
// Server-rendered, no script; `?mode=dark` renders the dark mode. Every interpolated text is HTML-escaped.
import { Hono } from 'hono';
import { contrastRatio } from '../../engine/color.ts';
import { cssVariableName } from '../../engine/emit/light.ts';
import { truncateTo2Decimals } from '../../engine/rules/contrast.ts';
import type { Mode } from '../../engine/types.ts';
import { ownTenant } from '../../tenancy/admin/tenants.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

export interface PairResult {
  fg: string;
  bg: string;
  mode: Mode;
  ratio: number | null;
  required: number;
  pass: boolean;
}

export function previewRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/preview', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant');
    const mode: Mode = c.req.query('mode') === 'dark' ? 'dark' : 'light';
    const [theme, row] = await Promise.all([services.directory.theme(tenant), ownTenant(services, tenant.tenantId)]);
    if (!theme) throw new ApiError(404, 'unknown_host', `No theme is served at ${tenant.host} any more.`);
    const flat = JSON.parse(theme.flat.body) as Record<Mode, Record<string, string>>;
    const pairs = contrastResults(services.platform.base.governance.pairs, flat);
    const palette = Object.entries(flat.light)
      .filter(([name]) => name.startsWith('--primitive-color-'))
      .map(([name, value]) => ({ name, value }));
    const html = renderPreview({
      name: row?.name ?? tenant.host,
      mode,
      themeHref: `/theme/${theme.key}.css`,
      pairs,
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

function contrastResults(
  pairs: readonly { fg: string; bg: string; min: number; modes: Mode[] }[],
  flat: Record<Mode, Record<string, string>>,
): PairResult[] {
  const results: PairResult[] = [];
  for (const pair of pairs) {
    for (const mode of pair.modes) {
      const fgValue = flat[mode][cssVariableName(`semantic.${mode}.${pair.fg}`).name];
      const bgValue = flat[mode][cssVariableName(`semantic.${mode}.${pair.bg}`).name];
      const exact = fgValue && bgValue ? contrastRatio(fgValue, bgValue) : undefined;
      results.push({
        fg: pair.fg,
        bg: pair.bg,
        mode,
        required: pair.min,
        ratio: exact === undefined ? null : truncateTo2Decimals(exact),
        pass: exact !== undefined && exact >= pair.min,
      });
    }
  }
  return results;
}

function renderPreview(input: {
  name: string;
  mode: Mode;
  themeHref: string;
  pairs: PairResult[];
  palette: { name: string; value: string }[];
}): string {
  const name = escapeHtml(input.name);
  const other: Mode = input.mode === 'dark' ? 'light' : 'dark';
  const rows = input.pairs
    .filter((p) => p.mode === input.mode)
    .map(
      (p) => `<tr class="${p.pass ? 'pass' : 'fail'}">
        <td><span class="${p.required < 4.5 ? 'chip large' : 'chip'}" style="${escapeHtml(`color: var(${cssVariableName(`semantic.${p.mode}.${p.fg}`).name}); background: var(${cssVariableName(`semantic.${p.mode}.${p.bg}`).name})`)}">Aa</span></td>
        <td><code>${escapeHtml(p.fg)}</code> on <code>${escapeHtml(p.bg)}</code></td>
        <td>${p.ratio === null ? 'unresolved' : p.ratio.toFixed(2)}</td><td>≥ ${p.required}</td>
        <td>${p.pass ? 'pass' : 'fail'}</td></tr>`,
    )
    .join('\n');
  const swatches = input.palette
    .map(
      (s) =>
        `<li><span class="swatch" style="${escapeHtml(`background: var(${s.name})`)}"></span><code>${escapeHtml(s.name)}</code><small>${escapeHtml(s.value)}</small></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en" data-theme="${input.mode}">
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
  button:focus-visible { outline: var(--accessibility-focus-ring-width, 2px) solid var(--focus-ring); outline-offset: var(--accessibility-focus-ring-offset, 2px); }
  .status { padding: .5rem .75rem; border-radius: var(--primitive-radius-md, 6px); border: 2px solid; color: var(--text-primary); }
  .error { background: var(--status-error-subtle); border-color: var(--status-error); } .success { background: var(--status-success-subtle); border-color: var(--status-success); }
  .warning { background: var(--status-warning-subtle); border-color: var(--status-warning); } .info { background: var(--status-info-subtle); border-color: var(--status-info); }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--border-default); }
  tr.fail td { font-weight: 700; }
  .chip { display: inline-block; padding: .1rem .5rem; border-radius: 4px; border: 1px solid var(--border-default); }
  .chip.large { font-size: 1.25rem; font-weight: 700; }
  ul.palette { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: .5rem; }
  ul.palette li { display: flex; gap: .5rem; align-items: center; font-size: .8rem; }
  .swatch { width: 1.5rem; height: 1.5rem; border-radius: 4px; border: 1px solid var(--border-default); flex: none; }
  small { color: var(--text-muted); margin-left: auto; }
</style>
</head>
<body>
<main>
  <header class="row"><h1>${name}</h1><a href="?mode=${other}">Show ${other} mode</a></header>
  <section class="card" aria-label="Sample interface">
    <h2>Sample interface</h2>
    <p>Primary text on the surface. <span class="secondary">Secondary text.</span> <span class="muted">Muted text.</span> <a href="#">A link</a>.</p>
    <div class="row"><button class="primary" type="button">Primary action</button><button class="secondary-btn" type="button">Secondary</button></div>
    <div class="row" style="margin-top: 1rem">
      <span class="status error">Error</span><span class="status success">Success</span><span class="status warning">Warning</span><span class="status info">Info</span>
    </div>
  </section>
  <section class="card" aria-label="Contrast pairs">
    <h2>Contrast pairs (${input.mode})</h2>
    <table><thead><tr><th></th><th>Pair</th><th>Ratio</th><th>Required</th><th>Result</th></tr></thead>
    <tbody>
${rows}
    </tbody></table>
  </section>
  <section class="card" aria-label="Palette">
    <h2>Palette</h2>
    <ul class="palette">
${swatches}
    </ul>
  </section>
</main>
</body>
</html>
`;
}
