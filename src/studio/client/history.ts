// The History region: the tenant's published versions (GET /api/v1/tokens/versions), what each changed, and a
// rollback (POST /api/v1/tokens/rollback). A version's before → after values come from the two trees, read once each
// (GET /api/v1/tokens/versions/:n) unless this page already holds them (the one it loaded, the ones it published).
import type { StudioData } from '../contract.ts';
import { call, errorMessage } from './api.ts';
import { fill, h } from './dom.ts';

/** An override tree flattened to `path → JSON of the token` (a group's `$type`/`$description` count as entries). */
export function flattenTree(tree: unknown, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return into;
  const node = tree as Record<string, unknown>;
  if ('$value' in node || '$ref' in node) {
    into.set(prefix, JSON.stringify(node));
    return into;
  }
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (key.startsWith('$')) into.set(path, JSON.stringify(value));
    else flattenTree(value, path, into);
  }
  return into;
}

/** The tree a flattened map describes (the inverse of flattenTree). */
export function unflattenTree(flat: ReadonlyMap<string, string>): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const [path, json] of flat) {
    const keys = path.split('.');
    let node = tree;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      node = (next && typeof next === 'object' ? next : (node[key] = {})) as Record<string, unknown>;
    }
    node[keys.at(-1)!] = JSON.parse(json);
  }
  return tree;
}

export interface Change {
  path: string;
  /** The token's JSON before (undefined: not set). */
  before: string | undefined;
  after: string | undefined;
}

/** Every path whose entry differs between two trees, sorted. */
export function treeChanges(before: unknown, after: unknown): Change[] {
  const a = flattenTree(before);
  const b = flattenTree(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

/** `changes` (from treeChanges(base, edited)) applied on top of `latest`: an edit wins over what moved meanwhile. */
export function applyChanges(latest: unknown, changes: readonly Change[]): Record<string, unknown> {
  const flat = flattenTree(latest);
  for (const change of changes) {
    if (change.after === undefined) flat.delete(change.path);
    else flat.set(change.path, change.after);
  }
  return unflattenTree(flat);
}

/** A token's value for reading: its `$value` (or the entry itself), compact. */
function shown(json: string | undefined): string {
  if (json === undefined) return '(not set)';
  const value = JSON.parse(json) as unknown;
  const inner = value && typeof value === 'object' && '$value' in value ? (value as { $value: unknown }).$value : value;
  if (typeof inner === 'string') return inner;
  // A DTCG dimension reads as CSS does: {value: 6, unit: 'px'} → 6px.
  const dimension = inner as { value?: unknown; unit?: unknown } | null;
  if (dimension && typeof dimension.value === 'number' && typeof dimension.unit === 'string')
    return `${dimension.value}${dimension.unit}`;
  return JSON.stringify(inner);
}

export function changeList(changes: readonly Change[]): HTMLElement {
  if (changes.length === 0) return h('p', {}, 'No token changed.');
  return h(
    'ul',
    {},
    ...changes.map((c) =>
      h('li', {}, h('code', {}, c.path), ': ', h('span', {}, shown(c.before)), ' → ', h('span', {}, shown(c.after))),
    ),
  );
}

interface VersionRow {
  version: number;
  createdAt: string;
  author: string;
  summary: string;
}

export interface History {
  refresh(): Promise<void>;
  /** Tell the history what a version's tree is (the page loaded it or published it). */
  remember(version: number, tree: unknown): void;
}

export function mountHistory(
  root: HTMLElement,
  options: {
    data: StudioData;
    /** The version this page last saw published (If-Match for a rollback). */
    currentVersion: () => number | null;
    /** After a rollback: the new version, so the page can load it. */
    onRolledBack: (version: number) => Promise<void>;
    alert: (message: string | Node) => void;
  },
): History {
  const { data } = options;
  const trees = new Map<number, unknown>();
  const list = h('ul', { class: 'plain', 'aria-label': 'Versions' });
  const details = h('div', { 'aria-live': 'polite' });
  fill(
    root,
    h('h2', { id: 'history-heading' }, 'History'),
    h('p', { class: 'muted' }, 'Every version published on this tenant, newest first.'),
    list,
    details,
  );
  root.setAttribute('role', 'region');
  root.setAttribute('aria-labelledby', 'history-heading');
  // POST /tokens/rollback is the admin's (an editor publishes forward instead): no button that can only be refused.
  const canRollBack = data.viewer.role === 'admin';

  /** A version's tree: remembered, else read once from GET /tokens/versions/:n (undefined if that fails). */
  const treeOf = async (version: number): Promise<unknown> => {
    if (version === 0) return {};
    if (trees.has(version)) return trees.get(version);
    const answer = await call<{ tokens: unknown }>('GET', `/api/v1/tokens/versions/${version}`);
    if (!answer.ok) return undefined;
    trees.set(version, answer.body.tokens);
    return answer.body.tokens;
  };

  const showChanges = async (row: VersionRow) => {
    const [before, after] = await Promise.all([treeOf(row.version - 1), treeOf(row.version)]);
    const heading = h('h3', { tabindex: '-1' }, `Changes in v${row.version}`);
    const body =
      before !== undefined && after !== undefined
        ? changeList(treeChanges(before, after))
        : h(
            'p',
            {},
            `Recorded when it was published: ${row.summary || 'no summary'}. `,
            'The versions could not be read just now; try again.',
          );
    fill(
      details,
      heading,
      h('p', { class: 'muted' }, `By ${row.author}, ${new Date(row.createdAt).toLocaleString()}`),
      body,
    );
    heading.focus();
  };

  const rollBack = async (row: VersionRow) => {
    const answer = await call<{ version: number }>('POST', '/api/v1/tokens/rollback', {
      body: { version: row.version },
      ifMatch: options.currentVersion(),
    });
    if (answer.ok) return options.onRolledBack(answer.body.version);
    if (answer.status === 412) {
      return options.alert(
        `The tokens changed since you loaded this page: reload it before rolling back to v${row.version}.`,
      );
    }
    options.alert(`Could not roll back to v${row.version}: ${errorMessage(answer)}`);
  };

  const refresh = async () => {
    if (!data.viewer.role) {
      fill(list, h('li', {}, `The history is shown to members of ${data.tenant.name}; sign in to see it.`));
      return;
    }
    const answer = await call<VersionRow[]>('GET', '/api/v1/tokens/versions');
    if (!answer.ok) {
      fill(list, h('li', {}, `The history did not load: ${errorMessage(answer)}`));
      return;
    }
    if (answer.body.length === 0) {
      fill(list, h('li', {}, 'Nothing published yet.'));
      return;
    }
    fill(
      list,
      ...answer.body.map((row) => {
        const show = h('button', { type: 'button' }, `Show changes in v${row.version}`);
        show.addEventListener('click', () => void showChanges(row));
        const back = canRollBack ? h('button', { type: 'button' }, `Roll back to v${row.version}`) : null;
        back?.addEventListener('click', () => void rollBack(row));
        return h(
          'li',
          {},
          h('p', {}, `v${row.version} — ${row.summary || 'no changes'}`),
          h('div', { class: 'row' }, show, back),
        );
      }),
    );
  };

  return {
    refresh,
    remember: (version, tree) => {
      trees.set(version, tree);
    },
  };
}
