// What would change between two DTCG trees, token by token: `livery diff` prints it, `livery push` uses it to skip a
// publish that changes nothing.
import { isDeepStrictEqual } from 'node:util';

export interface Change {
  path: string;
  change: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

/** Tokens (objects with $value) by path; a group's own $-properties ($type, $description…) as `group.$type`. */
function entries(tree: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
    if (prefix) out.set(prefix, tree);
    return out;
  }
  if (prefix && Object.hasOwn(tree, '$value')) {
    out.set(prefix, tree);
    return out;
  }
  for (const [name, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (name.startsWith('$')) out.set(path, value);
    else entries(value, path, out);
  }
  return out;
}

/** The token-level changes from `before` to `after`, sorted by path. */
export function changesBetween(before: unknown, after: unknown): Change[] {
  const a = entries(before);
  const b = entries(after);
  const changes: Change[] = [];
  for (const [path, from] of a) {
    if (!b.has(path)) changes.push({ path, change: 'removed', from });
    else if (!isDeepStrictEqual(from, b.get(path))) changes.push({ path, change: 'changed', from, to: b.get(path) });
  }
  for (const [path, to] of b) if (!a.has(path)) changes.push({ path, change: 'added', to });
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

const shown = (token: unknown): string =>
  JSON.stringify(
    typeof token === 'object' && token !== null && Object.hasOwn(token, '$value')
      ? (token as { $value: unknown }).$value
      : token,
  );

/** One line per change: `+ path value`, `- path value`, `~ path old → new`. */
export function formatChanges(changes: readonly Change[]): string {
  return changes
    .map((c) =>
      c.change === 'added'
        ? `+ ${c.path}  ${shown(c.to)}`
        : c.change === 'removed'
          ? `- ${c.path}  ${shown(c.from)}`
          : `~ ${c.path}  ${shown(c.from)} → ${shown(c.to)}`,
    )
    .join('\n');
}
