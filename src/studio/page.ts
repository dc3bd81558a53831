// The studio's HTML shell: the heading, the two mount points the browser code fills (#editor, #workflow), the page
// data as inert JSON and the module script. No framework: a template in which every interpolated text is escaped.
import type { StudioData } from './contract.ts';

/** script-src 'self' only: the page data travels as JSON (inert), never as inline script. */
export const STUDIO_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/**
 * JSON safe inside a <script> element: every `<` is written as \u003c, so no `</script>` or `<!--` can end or
 * change the element; U+2028/U+2029 likewise (valid JSON, but worth keeping out of any script context).
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const TIER_LABEL = ['platform', 'partner', 'customer'] as const;

export function renderStudio(data: StudioData, scriptSrc: string): string {
  const name = escapeHtml(data.tenant.name);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Studio — ${name}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(data.themeHref)}">
<style>${STYLE}</style>
<script type="application/json" id="studio-data">${scriptJson(data)}</script>
<script type="module" src="${escapeHtml(scriptSrc)}"></script>
</head>
<body>
<a class="skip" href="#editor">Skip to the token editor</a>
<header class="studio-header">
  <h1>Studio — ${name}</h1>
  <p class="meta">${escapeHtml(TIER_LABEL[data.tenant.tier])} · <code>${escapeHtml(data.tenant.host)}</code> ·
    <a href="/preview">Published preview</a> · <a href="/docs">API reference</a></p>
</header>
<main class="studio">
  <div id="editor" class="studio-editor" tabindex="-1"><p>Loading the editor…</p></div>
  <div id="workflow" class="studio-workflow"></div>
</main>
<noscript><p>The studio needs JavaScript. The API (<a href="/docs">reference</a>) and the CLI do everything it does.</p></noscript>
</body>
</html>
`;
}

// Layout and focus only: colours come from the tenant's theme; every status is also spelled out in text.
const STYLE = `
  :root { color-scheme: light dark; }
  body { margin: 0; font-family: var(--primitive-font-family-sans, system-ui, sans-serif); line-height: 1.5;
    background: var(--background-canvas, Canvas); color: var(--text-primary, CanvasText); }
  a { color: var(--text-link, LinkText); }
  .skip { position: absolute; left: -9999px; }
  .skip:focus { left: 1rem; top: 1rem; background: Canvas; color: CanvasText; padding: .5rem; z-index: 10; }
  .studio-header { padding: 1rem 1.5rem; border-bottom: 1px solid var(--border-default, GrayText); }
  .studio-header h1 { margin: 0; font-size: 1.5rem; }
  .meta { margin: .25rem 0 0; }
  .studio { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); gap: 1.5rem; padding: 1.5rem;
    max-width: 1400px; margin: 0 auto; }
  @media (max-width: 900px) { .studio { grid-template-columns: 1fr; } }
  section, [role="region"] { margin: 0 0 1.5rem; }
  h2 { font-size: 1.15rem; margin: 1rem 0 .5rem; }
  h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
  label { display: block; font-weight: 600; overflow-wrap: anywhere; }
  input, select, textarea, button { font: inherit; }
  input[type="text"], input:not([type]), select, textarea { padding: .3rem .4rem; border: 1px solid; border-radius: 4px;
    max-width: 100%; box-sizing: border-box; }
  button { padding: .35rem .75rem; border: 1px solid; border-radius: 4px; cursor: pointer;
    background: var(--interactive-secondary, ButtonFace); color: var(--text-primary, ButtonText); }
  button.primary { background: var(--interactive-primary, Highlight); color: var(--text-inverse, HighlightText); }
  button:disabled { cursor: not-allowed; opacity: .6; }
  :focus-visible { outline: 3px solid var(--focus-ring, Highlight); outline-offset: 2px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid var(--border-default, GrayText); }
  [role="alert"]:not(:empty) { border: 2px solid; padding: .5rem .75rem; border-radius: 4px; margin: .5rem 0; }
  [role="status"] { margin: .5rem 0; }
  .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
  .muted { color: var(--text-secondary, CanvasText); }
  pre, code { font-family: var(--primitive-font-family-mono, ui-monospace, monospace); font-size: .9em; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  ul.plain { list-style: none; padding: 0; margin: 0; }
`;
