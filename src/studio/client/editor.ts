// The token editor: the tenant's theme as editable tokens grouped as designers think, validated in the browser by
// the same engine and chain the server judges a PUT with (./model.ts), with the contrast matrix (./contrast.ts) and
// a live light/dark preview (./preview.ts). Plain DOM; every control labelled, every status spelled out in text.
import type { Governance, Violation, Warning } from '../../engine/types.ts';
import type { StudioData, StudioPlatform } from '../contract.ts';
import { contrastTable } from './contrast.ts';
import { debounce, fill, h, idFor } from './dom.ts';
import {
  applySuggestion,
  createModel,
  oklchText,
  parseInput,
  removeToken,
  setTokenValue,
  tokenAt,
  valueText,
  type Checked,
  type TokenGroup,
  type TokenView,
} from './model.ts';
import { preview } from './preview.ts';

export interface EditorResult {
  ok: boolean;
  violations: Violation[];
  warnings: Warning[];
}

export interface Editor {
  /** The draft: the tenant's override tree as edited. */
  tree(): unknown;
  /** Replace the draft (an opened draft, a reloaded layer) and validate it at once. */
  setTree(tree: unknown): void;
  /** The latest validation of the draft (pending input is validated first). */
  result(): EditorResult;
  onChange(cb: (r: EditorResult) => void): void;
  /** A partner's catalog theme as the draft would publish it (undefined: the published choice). */
  catalogTheme(): string | null | undefined;
  /** Preview and validate with another catalog theme (a partner's pick). */
  setCatalogTheme(name: string | null | undefined): void;
}

export interface EditorOptions {
  data: StudioData;
  platform: StudioPlatform;
  onChange?: (r: EditorResult) => void;
}

/** Typing settles this long before the engine runs. */
const VALIDATE_DELAY_MS = 150;
/** How many referring tokens a row names before it says "and N more". */
const ALIASES_SHOWN = 4;

interface Row {
  view: TokenView;
  input: HTMLInputElement;
  swatch: HTMLElement | null;
  readout: HTMLElement | null;
  inherited: HTMLElement;
  aliases: HTMLElement;
  problems: HTMLElement;
  reset: HTMLButtonElement;
  container: HTMLElement;
}

export function mountEditor(root: HTMLElement, options: EditorOptions): Editor {
  const model = createModel(options.data, options.platform);
  let tree: unknown = structuredClone(model.published.tree);
  let catalogTheme: string | null | undefined;
  let checked: Checked = model.check(tree, catalogTheme);
  const listeners: ((r: EditorResult) => void)[] = options.onChange ? [options.onChange] : [];

  const status = h('div', { class: 'studio-validation', role: 'status', 'aria-label': 'Validation' });
  const warnings = h('div', { class: 'studio-warnings' });
  const previewPane = preview(options.platform.governance as Governance);
  const contrast = contrastTable((row) => {
    tree = applySuggestion(tree, row);
    if (row.suggestion) syncInput(row.suggestion.path);
    validateNow();
  });
  const filter = h('input', { id: 'token-filter', type: 'search', autocomplete: 'off', spellcheck: 'false' });
  const editableOnly = h('input', { id: 'token-editable-only', type: 'checkbox' });
  const groupsContainer = h('div', { class: 'studio-groups' });
  const tokenCount = h('p', { class: 'token-count' });

  const rows = new Map<string, Row>();
  let rowPaths = '';
  let statusSignature = '';

  fill(
    root,
    h('style', { 'data-studio': 'editor' }, EDITOR_CSS),
    status,
    warnings,
    previewPane.element,
    h(
      'div',
      { class: 'token-tools', role: 'search', 'aria-label': 'Tokens' },
      h('div', {}, h('label', { for: 'token-filter' }, 'Filter tokens'), filter),
      h(
        'div',
        { class: 'check' },
        editableOnly,
        h('label', { for: 'token-editable-only' }, 'Only tokens I can change'),
      ),
      tokenCount,
    ),
    groupsContainer,
    contrast.element,
  );

  filter.addEventListener('input', applyFilter);
  editableOnly.addEventListener('change', applyFilter);

  const validateSoon = debounce(validateNow, VALIDATE_DELAY_MS);
  render();

  return {
    tree: () => tree,
    setTree(next) {
      tree = next === undefined || next === null ? {} : structuredClone(next);
      validateSoon.flush();
      for (const path of rows.keys()) syncInput(path, true);
      validateNow();
    },
    result() {
      validateSoon.flush();
      return resultOf(checked);
    },
    onChange(cb) {
      listeners.push(cb);
    },
    catalogTheme: () => catalogTheme,
    setCatalogTheme(name) {
      catalogTheme = name;
      validateSoon.flush();
      validateNow();
    },
  };

  function validateNow(): void {
    checked = model.check(tree, catalogTheme);
    render();
    const result = resultOf(checked);
    for (const listener of listeners) listener(result);
  }

  function render(): void {
    const groups = model.groups(tree, checked.theme, catalogTheme);
    const paths = groups.map((g) => g.tokens.map((t) => t.path).join(',')).join(';');
    // The token list is rebuilt only when its paths change (another catalog theme); else rows update in place,
    // so the input being typed in keeps its focus and text.
    if (paths !== rowPaths) {
      rowPaths = paths;
      buildRows(groups);
    }
    for (const group of groups) for (const view of group.tokens) updateRow(rows.get(view.path)!, view);
    renderStatus();
    contrast.update(model.contrast(checked.theme));
    previewPane.update(checked.theme ?? model.inherited(catalogTheme));
  }

  function buildRows(groups: TokenGroup[]): void {
    rows.clear();
    const sections = groups.map((group) => {
      const headingId = idFor('group', group.name);
      return h(
        'section',
        { class: 'token-group', 'aria-labelledby': headingId, 'data-group': group.name },
        h('h2', { id: headingId }, group.name),
        ...group.tokens.map((view) => buildRow(view)),
      );
    });
    fill(groupsContainer, ...sections);
    const editable = groups.flatMap((g) => g.tokens).filter((t) => t.lock === null).length;
    tokenCount.textContent = `${editable} of ${rows.size} tokens can be changed here.`;
    applyFilter();
  }

  function buildRow(view: TokenView): HTMLElement {
    const id = idFor('token', view.path);
    const isColor = view.type === 'color';
    const hintIds = [`${id}-inherited`, `${id}-aliases`, `${id}-about`, `${id}-problems`];
    const input = h('input', {
      id,
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': hintIds.join(' '),
      disabled: view.lock !== null,
      'data-path': view.path,
    });
    input.value = view.text;
    const swatch = isColor ? h('span', { class: 'swatch', 'aria-hidden': 'true' }) : null;
    const readout = isColor ? h('span', { class: 'readout' }) : null;
    const about = [
      view.lock,
      view.bounds.length > 0 ? `Allowed: ${view.bounds.join('; ')}.` : null,
      isColor && view.lock === null ? 'Any CSS color, or a reference like {primitive.color.white}.' : null,
      `Type: ${view.type}.`,
    ].filter(Boolean);
    const reset = h('button', { type: 'button', class: 'reset', hidden: true }, 'Use inherited value');
    reset.setAttribute('aria-label', `Use inherited value for ${view.path}`);
    const row: Row = {
      view,
      input,
      swatch,
      readout,
      inherited: h('span', { id: `${id}-inherited` }),
      aliases: h('span', { id: `${id}-aliases` }),
      problems: h('p', { id: `${id}-problems`, class: 'token-problems' }),
      reset,
      container: h('div', {}),
    };
    row.container = h(
      'div',
      { class: view.lock === null ? 'token' : 'token locked', 'data-path': view.path },
      h('label', { for: id }, view.path),
      h('div', { class: 'token-input' }, swatch, input, readout, reset),
      h('p', { class: 'token-meta' }, row.inherited, ' ', row.aliases),
      h('p', { id: `${id}-about`, class: 'token-about' }, about.join(' ')),
      row.problems,
    );
    input.addEventListener('input', () => {
      const text = input.value;
      tree =
        text.trim() === '' ? removeToken(tree, view.path) : setTokenValue(tree, view.path, parseInput(text, view.type));
      validateSoon();
    });
    // Leaving the field (or Enter) validates at once; an emptied field shows the inherited value again.
    input.addEventListener('change', () => {
      validateSoon.flush();
      if (input.value.trim() === '') syncInput(view.path, true);
    });
    reset.addEventListener('click', () => {
      tree = removeToken(tree, view.path);
      syncInput(view.path, true);
      validateNow();
      input.focus();
    });
    rows.set(view.path, row);
    return row.container;
  }

  function updateRow(row: Row, view: TokenView): void {
    row.view = view;
    if (row.swatch) {
      row.swatch.style.background = view.current ?? '';
      row.swatch.classList.toggle('unresolved', view.current === undefined);
    }
    if (row.readout) setText(row.readout, oklchText(view.current) ?? 'not a color');
    const inherited =
      view.inheritedText === ''
        ? 'inherited: nothing (new here)'
        : view.inherited !== undefined && view.inherited !== view.inheritedText
          ? `inherited: ${view.inheritedText} (${view.inherited})`
          : `inherited: ${view.inheritedText}`;
    setText(row.inherited, view.own ? `Set in this draft; ${inherited}` : inherited);
    const shown = view.aliases.slice(0, ALIASES_SHOWN).join(', ');
    const more = view.aliases.length > ALIASES_SHOWN ? ` and ${view.aliases.length - ALIASES_SHOWN} more` : '';
    setText(row.aliases, view.aliases.length === 0 ? '' : `· used by ${shown}${more}`);
    // Even a locked token can go back to its inherited value: that is how a refused override is removed.
    row.reset.hidden = !view.own;
    row.container.classList.toggle('own', view.own);
    const problems = checked.violations.filter((v) => v.path === view.path);
    row.input.setAttribute('aria-invalid', String(problems.length > 0));
    setText(row.problems, problems.length === 0 ? '' : `Problem: ${problems.map((v) => v.message).join(' ')}`);
  }

  /** Show the draft's value in a token's input (not while it is being typed in, unless `force`). */
  function syncInput(path: string, force = false): void {
    const row = rows.get(path);
    if (!row || (!force && document.activeElement === row.input)) return;
    const own = tokenAt(tree, path);
    const token = checked.theme?.tokens.get(path) ?? model.inherited(catalogTheme).tokens.get(path);
    row.input.value = !own ? inheritedTextOf(path) : token ? valueText(own.$value, token) : String(own.$value);
  }

  function inheritedTextOf(path: string): string {
    const token = model.inherited(catalogTheme).tokens.get(path);
    return token ? valueText(token.raw, token) : '';
  }

  function renderStatus(): void {
    // A live region announces every change: rewrite it only when what it says changes.
    const signature = JSON.stringify([
      checked.violations.map((v) => [v.path, v.message]),
      checked.warnings.map((w) => [w.path, w.message]),
    ]);
    if (signature === statusSignature) return;
    statusSignature = signature;
    const n = checked.violations.length;
    const summary = n === 0 ? 'No problems' : `${n} problem${n === 1 ? '' : 's'}`;
    const tail = n === 0 ? ': the draft passes every check the server runs.' : ': publishing would be refused.';
    const list =
      n === 0
        ? null
        : h(
            'ul',
            {},
            ...checked.violations.map((v) =>
              h('li', {}, rows.has(v.path) ? jumpLink(v.path) : h('code', {}, v.path), ` — ${v.message}`),
            ),
          );
    fill(status, h('p', { class: n === 0 ? 'ok' : 'bad' }, h('strong', {}, summary), tail), list);
    const w = checked.warnings;
    fill(
      warnings,
      w.length === 0
        ? null
        : h(
            'details',
            {},
            h('summary', {}, `${w.length} warning${w.length === 1 ? '' : 's'} (accepted, worth a look)`),
            h('ul', {}, ...w.map((warning) => h('li', {}, h('code', {}, warning.path), ` — ${warning.message}`))),
          ),
    );
  }

  function jumpLink(path: string): HTMLElement {
    const id = idFor('token', path);
    const link = h('a', { href: `#${id}` }, path);
    link.addEventListener('click', (event) => {
      const input = rows.get(path)?.input;
      if (!input) return;
      event.preventDefault();
      rows.get(path)!.container.hidden = false;
      input.scrollIntoView({ block: 'center' });
      input.focus();
    });
    return link;
  }

  function applyFilter(): void {
    const query = filter.value.trim().toLowerCase();
    const onlyEditable = editableOnly.checked;
    for (const row of rows.values()) {
      row.container.hidden =
        (query !== '' && !row.view.path.toLowerCase().includes(query)) || (onlyEditable && row.view.lock !== null);
    }
    for (const section of groupsContainer.querySelectorAll<HTMLElement>('section.token-group')) {
      section.hidden = section.querySelector('.token:not([hidden])') === null;
    }
  }
}

function resultOf(checked: Checked): EditorResult {
  return { ok: checked.ok, violations: checked.violations, warnings: checked.warnings };
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

// Layout, focus and status shapes; colors come from the tenant's theme variables (the page loads its theme.css).
const EDITOR_CSS = `
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.studio-validation { border: 1px solid var(--border-strong, GrayText); border-left-width: 6px; border-radius: 4px; padding: .5rem .75rem; }
.studio-validation p { margin: 0; }
.studio-validation p.bad::before { content: "✗ "; }
.studio-validation p.ok::before { content: "✓ "; }
.studio-validation ul { margin: .25rem 0 0; padding-left: 1.25rem; }
.studio-warnings details { margin: .5rem 0; }
.token-tools { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: end; margin: 1rem 0; }
.token-tools .check { display: flex; gap: .4rem; align-items: center; }
.token-tools .check label { font-weight: 400; }
.token-count { margin: 0; }
.token { padding: .5rem 0; border-bottom: 1px solid var(--border-subtle, GrayText); }
.token label { font-family: var(--primitive-font-family-mono, ui-monospace, monospace); font-size: .9em; }
.token-input { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .2rem 0; }
.token-input input { flex: 1 1 14rem; min-width: 0; font-family: var(--primitive-font-family-mono, ui-monospace, monospace); }
.token-input input:disabled { cursor: not-allowed; }
.token-input input[aria-invalid="true"] { border-width: 2px; border-style: dashed; }
.swatch { display: inline-block; width: 1.75rem; height: 1.75rem; flex: none; border: 1px solid var(--border-strong, GrayText);
  border-radius: 4px; }
.swatch.small { width: 1em; height: 1em; vertical-align: middle; margin: 0 .25rem; }
.swatch.unresolved { background: repeating-linear-gradient(45deg, transparent 0 4px, currentColor 4px 5px) !important; }
.readout { font-family: var(--primitive-font-family-mono, ui-monospace, monospace); font-size: .85em; }
.token-meta, .token-about { margin: .1rem 0 0; font-size: .875em; overflow-wrap: anywhere; }
.token-problems { margin: .25rem 0 0; font-weight: 600; border-left: 4px solid var(--status-error, currentColor);
  padding-left: .5rem; }
.token-problems:empty { display: none; }
.studio-contrast td, .studio-contrast th { overflow-wrap: anywhere; }
.studio-contrast td[data-result="fail"] { font-weight: 700; }
.studio-contrast td[data-result="fail"]::before { content: "✗ "; }
.studio-contrast td[data-result="pass"]::before { content: "✓ "; }
.studio-contrast .suggestion { font-size: .875em; }
.pv-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
`;
