// The contrast matrix: every governed pair in each of its modes, with its ratio, the minimum and `pass`/`fail`
// spelled out (never color alone). A failing pair the tenant can fix gets a button that applies the engine's
// nearest passing color. Rows are built once and updated in place, so focus survives a re-validation.
import { h } from './dom.ts';
import type { ContrastRow } from './model.ts';

export interface ContrastTable {
  element: HTMLElement;
  update(rows: ContrastRow[]): void;
}

interface RowCells {
  row: HTMLTableRowElement;
  ratio: HTMLTableCellElement;
  result: HTMLTableCellElement;
  action: HTMLTableCellElement;
}

const keyOf = (row: Pick<ContrastRow, 'fg' | 'bg' | 'mode'>) => `${row.fg}\u0000${row.bg}\u0000${row.mode}`;

export function contrastTable(onApply: (row: ContrastRow) => void): ContrastTable {
  const body = h('tbody');
  const summary = h('p', { class: 'contrast-summary' });
  const element = h(
    'section',
    { class: 'studio-contrast', 'aria-labelledby': 'contrast-heading' },
    h('h2', { id: 'contrast-heading' }, 'Contrast matrix'),
    summary,
    h(
      'table',
      {},
      h('caption', {}, 'Contrast'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Foreground', 'Background', 'Mode', 'Ratio', 'Required', 'Result', 'Fix'].map((label) =>
            h('th', { scope: 'col' }, label),
          ),
        ),
      ),
      body,
    ),
  );
  const cells = new Map<string, RowCells>();
  let current = new Map<string, ContrastRow>();

  const rowFor = (row: ContrastRow): RowCells => {
    const key = keyOf(row);
    let found = cells.get(key);
    if (!found) {
      const ratio = h('td');
      // Focus lands here after applying a suggestion: the button is gone, the verdict is what changed.
      const result = h('td', { tabindex: -1 });
      const action = h('td');
      const columns = [
        h('th', { scope: 'row' }, h('code', {}, row.fg)),
        h('td', {}, h('code', {}, row.bg)),
        h('td', {}, row.mode),
        ratio,
        h('td', {}, `${row.required}:1`),
        result,
        action,
      ];
      // Whitespace between the cells, so the row's text reads as words ("text.link background.canvas light …").
      const tr = h('tr', {}, ...columns.flatMap((cell) => [cell, ' ']));
      found = { row: tr, ratio, result, action };
      cells.set(key, found);
      body.append(tr);
    }
    return found;
  };

  return {
    element,
    update(rows) {
      current = new Map(rows.map((row) => [keyOf(row), row]));
      const failing = rows.filter((row) => !row.pass).length;
      summary.textContent =
        failing === 0
          ? `All ${rows.length} pairs pass in both modes.`
          : `${failing} of ${rows.length} pairs fail: apply a suggestion or change one of the colors.`;
      for (const row of rows) {
        const { row: tr, ratio, result, action } = rowFor(row);
        tr.className = row.pass ? 'pass' : 'fail';
        setText(ratio, row.ratio === null ? 'not measurable' : `${row.ratio.toFixed(2)}:1`);
        setText(result, row.pass ? 'pass' : 'fail');
        result.dataset.result = row.pass ? 'pass' : 'fail';
        renderAction(action, row);
      }
    },
  };

  function renderAction(cell: HTMLTableCellElement, row: ContrastRow): void {
    const signature = row.pass ? 'pass' : `${row.suggestion?.path}=${row.suggestion?.value}`;
    if (cell.dataset.signature === signature) return;
    cell.dataset.signature = signature;
    if (row.pass) return cell.replaceChildren();
    if (!row.suggestion) {
      cell.replaceChildren(
        row.ratio === null
          ? 'Make both tokens resolve to colors.'
          : 'No color you may change reaches the minimum: ask whoever owns these tokens.',
      );
      return;
    }
    const { path, value } = row.suggestion;
    const button = h(
      'button',
      { type: 'button' },
      'Apply suggestion',
      h('span', { class: 'visually-hidden' }, ` for ${row.fg} on ${row.bg} (${row.mode})`),
    );
    button.addEventListener('click', () => {
      const latest = current.get(keyOf(row));
      if (!latest?.suggestion) return;
      onApply(latest);
      cells.get(keyOf(row))?.result.focus();
    });
    cell.replaceChildren(
      button,
      h(
        'span',
        { class: 'suggestion' },
        ' sets ',
        h('code', {}, path),
        ' to ',
        h('span', { class: 'swatch small', 'aria-hidden': 'true', style: `background:${value}` }),
        h('code', {}, value),
      ),
    );
  }
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
