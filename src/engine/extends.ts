// DTCG group extension (§6.4): a group with `"$extends": "{other.group}"` (or, JSON-Schema style, `"$ref":
// "#/other/group"` beside children) starts as a deep copy of the other group, and its own tokens and properties
// replace what they name — a token is replaced whole, groups merge recursively.
//
// Expansion happens on the raw tree before it is walked, within one document. The result shares every unchanged
// subtree with the input (never mutated). Cycles (`a` extends `b` extends `a`, or a group extending its own
// ancestor) and targets that are missing or are tokens are problems reported on the extending group; work is
// bounded, because nested extensions can multiply a tree.
import { isPointerObject, parseCurly, parsePointer } from './references.ts';
import { normaliseName } from './paths.ts';

type Node = Record<string, unknown>;

export interface ExtendsProblem {
  /** The extending group's path, dot-joined names as written. */
  path: string;
  message: string;
}

const MAX_COPIED_NODES = 100_000;

function isRecord(value: unknown): value is Node {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isTokenNode(node: Node): boolean {
  return (
    Object.hasOwn(node, '$value') || (Object.hasOwn(node, '$ref') && !Object.keys(node).some((k) => !k.startsWith('$')))
  );
}

/** Whether a group node asks to extend another: `$extends`, or a `$ref` beside children. */
function extendsOf(node: Node): unknown {
  if (Object.hasOwn(node, '$extends')) return node.$extends;
  if (Object.hasOwn(node, '$ref') && !isTokenNode(node)) return node.$ref;
  return undefined;
}

/** Whether any group below `root` extends another (cheap check, so trees without `$extends` are returned as is). */
function hasExtends(root: Node, budget: { nodes: number }): boolean {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (--budget.nodes < 0) return false; // the walker reports oversized trees
    if (isTokenNode(node)) continue;
    if (extendsOf(node) !== undefined) return true;
    for (const [key, child] of Object.entries(node)) if (!key.startsWith('$') && isRecord(child)) stack.push(child);
  }
  return false;
}

/** The tree with every extension applied, and the problems found. */
export function expandExtends(root: Node): { tree: Node; problems: ExtendsProblem[] } {
  if (!hasExtends(root, { nodes: 200_000 })) return { tree: root, problems: [] };
  return new Expander(root).run();
}

class Expander {
  private readonly problems: ExtendsProblem[] = [];
  private readonly expanded = new Map<Node, Node>();
  /** Paths of groups whose extension is being computed (a path seen again is a cycle). */
  private readonly active: string[] = [];
  private copied = 0;
  private readonly root: Node;

  constructor(root: Node) {
    this.root = root;
  }

  run(): { tree: Node; problems: ExtendsProblem[] } {
    const tree = this.expand(this.root, []);
    return { tree, problems: this.problems };
  }

  /** `node` (a group at `path`) with its own extension and every extension below it applied. */
  private expand(node: Node, path: string[]): Node {
    const cached = this.expanded.get(node);
    if (cached) return cached;
    const where = path.join('.');
    let merged: Node = node;
    const target = extendsOf(node);
    if (target !== undefined) {
      const resolved = this.target(target, path);
      merged = withoutExtends(node);
      if (resolved) {
        this.active.push(where);
        const base = this.expand(resolved.node, resolved.path);
        this.active.pop();
        merged = this.merge(base, merged);
      }
    }
    // Children may extend too; a child copied from the base is already expanded (the cache returns it).
    let out: Node | undefined;
    for (const [key, child] of Object.entries(merged)) {
      if (key.startsWith('$') || !isRecord(child) || isTokenNode(child)) continue;
      if (this.copied > MAX_COPIED_NODES) break;
      const next = this.expand(child, [...path, key]);
      if (next !== child) {
        out ??= { ...merged };
        define(out, key, next);
      }
    }
    const result = out ?? merged;
    this.expanded.set(node, result);
    return result;
  }

  /** Deep merge: `local` wins; two groups under one name merge; a token is replaced whole. */
  private merge(base: Node, local: Node): Node {
    const out: Node = {};
    for (const [key, value] of Object.entries(base)) {
      if (key === '$extends') continue;
      define(out, key, value);
    }
    for (const [key, value] of Object.entries(local)) {
      if (++this.copied > MAX_COPIED_NODES) break;
      const inherited = Object.hasOwn(out, key) ? out[key] : undefined;
      if (
        !key.startsWith('$') &&
        isRecord(inherited) &&
        isRecord(value) &&
        !isTokenNode(inherited) &&
        !isTokenNode(value)
      ) {
        define(out, key, this.merge(inherited, value));
      } else if (
        isRecord(inherited) &&
        isRecord(value) &&
        isTokenNode(inherited) &&
        isTokenNode(value) &&
        !Object.hasOwn(value, '$type') &&
        Object.hasOwn(inherited, '$type')
      ) {
        // A token replaces the inherited one whole (§6.4.3), but an override that gives only a new `$value` means the
        // same type: the specification's own example 14 overrides `{"$value": "100px"}` and reads it as a dimension.
        define(out, key, { $type: inherited.$type, ...value });
      } else {
        define(out, key, value);
      }
    }
    return out;
  }

  /** The group an extension names, or undefined after reporting why it cannot be used. */
  private target(reference: unknown, path: string[]): { node: Node; path: string[] } | undefined {
    const where = path.join('.') || '(root)';
    const parsed: { path: string; rest?: string[] } | { error: string } | null =
      typeof reference === 'string'
        ? (parseCurly(reference) ?? parsePointer(reference))
        : isPointerObject(reference)
          ? parsePointer(reference.$ref)
          : null;
    if (!parsed || 'error' in parsed || (parsed.rest !== undefined && parsed.rest.length > 0)) {
      this.problems.push({ path: where, message: '$extends must name a group, e.g. "{button}" or "#/button"' });
      return undefined;
    }
    const segments = parsed.path.split('.');
    const node = this.find(segments);
    const shown = segments.join('.');
    if (!node) {
      this.problems.push({ path: where, message: `$extends names ${shown}, which is not a group in this file` });
      return undefined;
    }
    if (isTokenNode(node)) {
      this.problems.push({
        path: where,
        message: `$extends names ${shown}, which is a token; only a group can be extended`,
      });
      return undefined;
    }
    const self = path.join('.');
    // Extending an ancestor (or itself) would copy the group into itself forever.
    if (self === shown || self.startsWith(`${shown}.`) || this.active.includes(shown)) {
      const chain = [
        ...this.active.slice(this.active.indexOf(shown) === -1 ? this.active.length : this.active.indexOf(shown)),
        self,
        shown,
      ];
      this.problems.push({ path: where, message: `$extends makes a cycle: ${chain.join(' → ')}` });
      return undefined;
    }
    return { node, path: segments };
  }

  /** The node at `segments` (names as normalised by the parser, so `0.5` written in the file matches `0-5`). */
  private find(segments: string[]): Node | undefined {
    let node: Node = this.root;
    for (const segment of segments) {
      const key =
        Object.keys(node).find((k) => !k.startsWith('$') && normaliseName(k) === segment) ??
        (segment === '$root' && Object.hasOwn(node, '$root') ? '$root' : undefined);
      const next = key === undefined ? undefined : node[key];
      if (!isRecord(next)) return undefined;
      node = next;
    }
    return node;
  }
}

function withoutExtends(node: Node): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$extends' || (key === '$ref' && !isTokenNode(node))) continue;
    define(out, key, value);
  }
  return out;
}

// A `__proto__` key must stay data, never become a prototype.
function define(object: Node, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
