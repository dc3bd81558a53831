// A one-line description of what a new version changes, for the version list and the audit log.
import { parseTree } from '../engine/index.ts';

function flatValues(tree: unknown): Map<string, string> {
  const values = new Map<string, string>();
  if (tree === null || tree === undefined) return values;
  for (const [path, token] of parseTree(tree).tokens) values.set(path, JSON.stringify(token.raw) ?? 'null');
  return values;
}

export function summarizeChange(
  before: unknown,
  after: unknown,
  themeBefore: string | null,
  themeAfter: string | null,
): string {
  const a = flatValues(before);
  const b = flatValues(after);
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [path, value] of b) {
    if (!a.has(path)) added.push(path);
    else if (a.get(path) !== value) changed.push(path);
  }
  for (const path of a.keys()) if (!b.has(path)) removed.push(path);
  const parts: string[] = [];
  if (themeBefore !== themeAfter) parts.push(themeAfter ? `theme → ${themeAfter}` : 'theme cleared');
  const list = (label: string, paths: string[]) => {
    if (paths.length === 0) return;
    const shown = paths.slice(0, 3).join(', ');
    parts.push(`${label} ${paths.length} (${shown}${paths.length > 3 ? ', …' : ''})`);
  };
  list('set', added);
  list('changed', changed);
  list('removed', removed);
  return parts.length > 0 ? parts.join('; ') : 'no changes';
}
