// Several token files read as one tree: a design system split across files (`tokens/base/*.json`, or a directory
// given to `livery check`). Groups merge; a token defined in two files is a problem, not a silent winner.
// Pure: the caller reads the files.
import { isPlainObject } from './dtcg.ts';
import type { Violation } from './types.ts';

export interface TokenFile {
  /** How the file is named in messages (its path). */
  name: string;
  tree: unknown;
}

type Node = Record<string, unknown>;

const MAX_MERGED_NODES = 200_000;

function isToken(node: Node): boolean {
  return (
    Object.hasOwn(node, '$value') || (Object.hasOwn(node, '$ref') && !Object.keys(node).some((k) => !k.startsWith('$')))
  );
}

/**
 * The files deep-merged in the order given. One file is returned as it is. With `override`, a later file's token
 * replaces an earlier one (a DTCG resolver's sets and modifiers work so); without, a token in two files is an error.
 */
export function mergeTokenFiles(
  files: readonly TokenFile[],
  options: { override?: boolean } = {},
): { tree: unknown; violations: Violation[] } {
  if (files.length === 1) return { tree: files[0]!.tree, violations: [] };
  const violations: Violation[] = [];
  const tree: Node = {};
  const origin = new Map<Node, string>();
  let nodes = 0;
  for (const file of files) {
    if (!isPlainObject(file.tree)) {
      violations.push({
        path: '(root)',
        rule: 'schema',
        message: `${file.name} is not a JSON object of groups and tokens.`,
      });
      continue;
    }
    const stack: { into: Node; from: Node; path: string[] }[] = [{ into: tree, from: file.tree, path: [] }];
    while (stack.length > 0) {
      const { into, from, path } = stack.pop()!;
      for (const [key, value] of Object.entries(from)) {
        if (++nodes > MAX_MERGED_NODES) {
          violations.push({ path: '(root)', rule: 'schema', message: 'The files are too large to merge.' });
          return { tree, violations };
        }
        const existing = Object.hasOwn(into, key) ? into[key] : undefined;
        const here = [...path, key];
        if (existing === undefined) {
          // Copy groups so merging a later file never writes into an earlier file's objects.
          const copy = isPlainObject(value) && !isToken(value) ? copyGroup(value, stack, here) : value;
          define(into, key, copy);
          if (isPlainObject(copy) && isToken(copy)) origin.set(copy, file.name);
          continue;
        }
        if (isPlainObject(existing) && isPlainObject(value) && !isToken(existing) && !isToken(value)) {
          stack.push({ into: existing, from: value, path: here });
          continue;
        }
        if (options.override) {
          define(into, key, isPlainObject(value) && !isToken(value) ? copyGroup(value, stack, here) : value);
          continue;
        }
        if (key.startsWith('$')) {
          if (JSON.stringify(existing) !== JSON.stringify(value)) {
            violations.push({
              path: path.join('.') || '(root)',
              rule: 'schema',
              message: `${path.join('.') || 'The root'} has ${key} set differently in two files (the second is ${file.name}).`,
            });
          }
          continue;
        }
        const first = isPlainObject(existing) ? (origin.get(existing) ?? 'an earlier file') : 'an earlier file';
        violations.push({
          path: here.join('.'),
          rule: 'schema',
          message: `${here.join('.')} is defined in both ${first} and ${file.name}.`,
        });
      }
    }
  }
  return { tree, violations };
}

/** An empty group to merge `value`'s entries into (queued), keeping its `$` properties. */
function copyGroup(value: Node, stack: { into: Node; from: Node; path: string[] }[], path: string[]): Node {
  const copy: Node = {};
  stack.push({ into: copy, from: value, path });
  return copy;
}

function define(object: Node, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
