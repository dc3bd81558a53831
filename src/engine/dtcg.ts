// Parse one DTCG 2025.10 tree (the base, a catalog theme or an override layer) into a flat token map.
//
// The input is untrusted JSON. Parsing never throws and never recurses: the tree is walked with an explicit
// stack, nesting is capped, prototype-pollution names are refused, and every problem becomes a violation with the
// path where it was found. The result keeps document order.
//
// Real files first: a Tokens Studio export (legacy `value`/`type`) is converted first (./tokens-studio.ts), group
// extensions (`$extends`) are applied (./extends.ts), and a name written with a '.' becomes the name with '-'
// (warning `dotted_name`). What is checked here is everything that does not need the base: structure, names,
// `$type`, reference syntax, and that no string anywhere in a `$value` could escape a CSS declaration. Whether a
// value fits its type is checked once the type is known (a layer may rely on the base's `$type`), in merge.ts.
import { expandExtends } from './extends.ts';
import { normaliseName, ROOT_PATH, ROOT_TOKEN } from './paths.ts';
import { FORBIDDEN_NAMES, isPointerObject, parseCurly, parsePointer, wholeValueAlias } from './references.ts';
import { convertTokensStudio, isTokensStudio } from './tokens-studio.ts';
import type { ParsedToken, ParseResult, TokenType, Violation, Warning } from './types.ts';
import { capitalise, describeKind, quote, unstorableReason } from './text.ts';
import { unsafeCssReason, unsafeTextReason } from './values.ts';

export interface ParseOptions {
  /** Every token must have a `$type` (own, from a group, or its alias target's): true for a complete tree. */
  requireTypes?: boolean;
}

export const TOKEN_TYPES: ReadonlySet<string> = new Set<TokenType>([
  'color',
  'dimension',
  'fontFamily',
  'fontWeight',
  'number',
  'duration',
  'cubicBezier',
  'shadow',
  'typography',
  'border',
  'transition',
  'gradient',
  'strokeStyle',
]);

/** Group nesting deeper than this is refused as one violation (a token at depth 32 is fine). */
export const MAX_DEPTH = 32;
/** After this many problems in one tree, parsing stops with a final "too many problems" violation. */
const MAX_PROBLEMS = 500;
/** Names longer than this are refused. */
const MAX_NAME_LENGTH = 128;
/** Nodes visited (groups, tokens, value parts) before giving up on a tree. */
const MAX_NODES = 200_000;
/** How deep a `$value` or `$extensions` object may nest. */
const MAX_VALUE_DEPTH = 8;

// Characters a name may not contain: DTCG reserves `{` `}` (alias syntax); controls, format characters (bidirectional
// marks and overrides, zero-width characters, soft hyphens), lone surrogates and line separators would hide what a
// name says or cannot be stored. Everything else is allowed and escaped where it reaches CSS.
const HIDDEN_IN_NAME = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const TOKEN_PROPERTIES: ReadonlySet<string> = new Set([
  '$value',
  '$type',
  '$description',
  '$extensions',
  '$deprecated',
  '$ref',
]);
// Root-level properties written by common tools (JSON schema, Tokens Studio): ignored silently.
const IGNORED_ROOT_PROPERTIES: ReadonlySet<string> = new Set(['$schema', '$metadata', '$themes']);

type Node = Record<string, unknown>;
/** `null`: the group's own `$type` was invalid (already reported); its tokens are skipped, not re-reported. */
type InheritedType = TokenType | undefined | null;

interface Frame {
  node: Node;
  /** Normalised names. */
  path: string[];
  /** Names as written (for finding references written with a name's own '.'). */
  written: string[];
  depth: number;
  type: InheritedType;
  deprecated: boolean | string | undefined;
}

export function isPlainObject(value: unknown): value is Node {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Parse a DTCG tree (or a Tokens Studio export). Never throws. */
export function parseTree(tree: unknown, options: ParseOptions = {}): ParseResult {
  return new TreeParser(options).run(tree);
}

class TreeParser {
  private readonly tokens = new Map<string, ParsedToken>();
  private readonly violations: Violation[] = [];
  private readonly warnings: Warning[] = [];
  /** Dotted names as written → the normalised path, when any name had a '.' (references may spell them so). */
  private readonly renamed = new Map<string, string>();
  private readonly requireTypes: boolean;
  private nodes = 0;
  private tooDeepReported = false;
  private stopped = false;

  constructor(options: ParseOptions) {
    this.requireTypes = options.requireTypes ?? false;
  }

  run(input: unknown): ParseResult {
    let tree = input;
    if (isTokensStudio(tree)) {
      const converted = convertTokensStudio(tree);
      this.warnings.push(...converted.warnings);
      this.violations.push(...converted.violations.slice(0, MAX_PROBLEMS));
      tree = converted.tree;
    }
    if (!isPlainObject(tree)) {
      this.problem(ROOT_PATH, `the token tree must be a JSON object of groups and tokens, not ${describeKind(tree)}`);
    } else if (isToken(tree)) {
      this.problem(ROOT_PATH, 'the token tree must be a group: a token needs a name');
    } else {
      const expanded = expandExtends(tree);
      for (const { path, message } of expanded.problems) this.problem(path || ROOT_PATH, message);
      this.walk(expanded.tree);
      if (this.renamed.size > 0) this.canonicaliseReferences();
    }
    return { tokens: this.tokens, violations: this.violations, warnings: this.warnings };
  }

  private walk(root: Node): void {
    // Depth-first, children pushed in reverse, so tokens come out in document order.
    const stack: Frame[] = [{ node: root, path: [], written: [], depth: 0, type: undefined, deprecated: undefined }];
    while (stack.length > 0 && !this.stopped) {
      const frame = stack.pop()!;
      if (frame.depth > 0 && isToken(frame.node)) {
        this.token(frame);
        continue;
      }
      const type = this.groupType(frame);
      const deprecated = this.groupProperties(frame) ?? frame.deprecated;
      const children: Frame[] = [];
      const names = new Map<string, string>();
      for (const key of Object.keys(frame.node)) {
        if (this.stopped) return;
        if (key.startsWith('$') && key !== ROOT_TOKEN) continue;
        const shownPath = show([...frame.written, key]);
        const name = this.checkName(key, shownPath);
        if (name === undefined) continue;
        const path = [...frame.path, name];
        const clash = names.get(name);
        if (clash !== undefined) {
          this.problem(
            show(path),
            `the names ${quote(clash)} and ${quote(key)} are the same name, ${name} (a "." in a name reads as "-")`,
            'name_collision',
          );
          continue;
        }
        names.set(name, key);
        if (name !== key) this.renamed.set([...frame.written, key].join('.'), path.join('.'));
        const child = frame.node[key];
        if (!isPlainObject(child)) {
          this.problem(show(path), `expected a group or a token object, found ${describeKind(child)}`);
          continue;
        }
        if (key === ROOT_TOKEN && !isToken(child)) {
          this.problem(show(path), "$root is the group's own token: it needs a $value");
          continue;
        }
        if (frame.depth + 1 > MAX_DEPTH) {
          if (!this.tooDeepReported) this.problem(show(path), `nesting is deeper than ${MAX_DEPTH} levels`);
          this.tooDeepReported = true;
          continue;
        }
        if (++this.nodes > MAX_NODES) {
          this.stop(show(path));
          return;
        }
        children.push({
          node: child,
          path,
          written: [...frame.written, key],
          depth: frame.depth + 1,
          type,
          deprecated,
        });
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }

  /** The `$type` a group passes down: its own (validated) or the inherited one. */
  private groupType(frame: Frame): InheritedType {
    if (!Object.hasOwn(frame.node, '$type')) return frame.type;
    const checked = this.checkType(frame.node.$type, show(frame.path) || ROOT_PATH);
    return checked === undefined ? null : checked;
  }

  /** Checks the group's `$` properties; returns its `$deprecated`, which its tokens inherit (DTCG §6.3.1). */
  private groupProperties({ node, path }: Frame): boolean | string | undefined {
    let deprecated: boolean | string | undefined;
    const where = show(path) || ROOT_PATH;
    for (const key of Object.keys(node)) {
      if (!key.startsWith('$') || key === '$type' || key === '$extends' || key === ROOT_TOKEN) continue;
      if (key === '$description' || key === '$deprecated') {
        const value = node[key];
        if (key === '$deprecated' && typeof value === 'boolean') {
          deprecated = value;
          continue;
        }
        if (typeof value !== 'string')
          this.problem(where, `${key} must be a string${key === '$deprecated' ? ' or a boolean' : ''}`);
        else if (unsafeTextReason(value)) this.problem(where, `${key} ${unsafeTextReason(value)}`);
        else if (key === '$deprecated') deprecated = value;
        continue;
      }
      if (key === '$extensions') {
        const problem = checkExtensions(node[key]);
        if (problem) this.problem(where, `$extensions ${problem}`);
        continue;
      }
      if (key === '$ref') continue; // a group's $ref is JSON Schema's spelling of $extends (./extends.ts)
      if (path.length === 0 && IGNORED_ROOT_PROPERTIES.has(key)) continue;
      this.warn(where, 'unknown_property', `${show([key])} is not a DTCG group property and is ignored`);
    }
    return deprecated;
  }

  private token(frame: Frame): void {
    const { node } = frame;
    const path = frame.path.join('.');
    const shown = show(frame.path);
    const keys = Object.keys(node);
    const child = keys.find((k) => !k.startsWith('$'));
    if (child !== undefined) {
      // An object beside $value is a child token or group; anything else is a property DTCG does not have (Primer's
      // legacy "alpha", say), whose meaning Livery cannot apply — either way the token is refused, not half-read.
      this.problem(
        shown,
        isPlainObject(node[child])
          ? `a token cannot also contain children (found ${quote(child)} next to $value)`
          : `${quote(child)} is not a DTCG token property, and Livery cannot apply it: write its effect into $value`,
      );
      return;
    }
    const unknown = keys.find((k) => !TOKEN_PROPERTIES.has(k));
    if (unknown !== undefined)
      this.warn(shown, 'unknown_property', `${show([unknown])} is not a DTCG token property and is ignored`);

    let type: InheritedType = frame.type;
    if (Object.hasOwn(node, '$type')) {
      const own = this.checkType(node.$type, shown);
      if (own === undefined) return;
      type = own;
    }
    if (type === null) return; // the group's $type was refused; one violation is enough

    const hasValue = Object.hasOwn(node, '$value');
    if (hasValue && Object.hasOwn(node, '$ref'))
      return this.problem(shown, 'a token has either $value or $ref, not both');
    let raw: unknown;
    if (hasValue) {
      raw = node.$value;
    } else {
      if (typeof node.$ref !== 'string')
        return this.problem(shown, '$ref must be a JSON pointer string such as "#/group/token"');
      raw = { $ref: node.$ref };
    }
    const alias = wholeValueAlias(raw);
    if (alias && 'error' in alias) return this.problem(shown, alias.error);
    if (!alias) {
      const unsafe = this.unsafeValue(raw);
      if (unsafe) return this.problem(shown, `$value ${unsafe}`);
    }
    const pointsIntoValue = !alias && isPointerObject(raw);
    if (type === undefined && this.requireTypes && !alias && !pointsIntoValue) {
      return this.problem(shown, 'the token has no $type (set it on the token or on a group above it)');
    }

    const token: ParsedToken = { path, raw };
    if (type !== undefined) token.type = type;
    if (alias) token.alias = alias.path;
    if (Object.hasOwn(node, '$description')) {
      const description = node.$description;
      if (typeof description !== 'string') return this.problem(shown, '$description must be a string');
      const unsafe = unsafeTextReason(description);
      if (unsafe) return this.problem(shown, `$description ${unsafe}`);
      token.description = description;
    }
    const deprecated = Object.hasOwn(node, '$deprecated') ? node.$deprecated : frame.deprecated;
    if (deprecated !== undefined) {
      if (typeof deprecated !== 'boolean' && typeof deprecated !== 'string')
        return this.problem(shown, '$deprecated must be a boolean or a string');
      const unsafe = typeof deprecated === 'string' ? unsafeTextReason(deprecated) : undefined;
      if (unsafe) return this.problem(shown, `$deprecated ${unsafe}`);
      if (deprecated !== false || Object.hasOwn(node, '$deprecated')) token.deprecated = deprecated;
    }
    if (Object.hasOwn(node, '$extensions')) {
      const problem = checkExtensions(node.$extensions);
      if (problem) return this.problem(shown, `$extensions ${problem}`);
      token.extensions = node.$extensions as Record<string, unknown>;
    }
    this.tokens.set(path, token);
  }

  /** A `$type` value → the type, or undefined after reporting why it is refused. */
  private checkType(value: unknown, path: string): TokenType | undefined {
    if (typeof value === 'string' && TOKEN_TYPES.has(value)) return value as TokenType;
    this.problem(path, `${quote(value)} is not a DTCG type: use one of ${[...TOKEN_TYPES].join(', ')}`);
    return undefined;
  }

  /** The normalised name, or undefined after reporting why `name` cannot be one. */
  private checkName(name: string, shownPath: string): string | undefined {
    if (FORBIDDEN_NAMES.has(name)) {
      this.problem(shownPath, `${quote(name)} is not allowed as a group or token name`);
      return undefined;
    }
    if (name.length === 0 || name.length > MAX_NAME_LENGTH || name.trim() === '') {
      this.problem(shownPath, `names must have 1 to ${MAX_NAME_LENGTH} characters and not be blank`);
      return undefined;
    }
    if (HIDDEN_IN_NAME.test(name)) {
      this.problem(shownPath, 'names may not contain control, invisible or bidirectional characters');
      return undefined;
    }
    if (name.includes('{') || name.includes('}')) {
      this.problem(shownPath, 'names may not contain "{" or "}" (DTCG reserves them for aliases)');
      return undefined;
    }
    // Every other character reaches CSS escaped; these four have no place in a design token's name and matter in
    // every context a name is written to (HTML, JSON, CSS strings), so they are refused outright.
    if (/[<>"\\]/.test(name)) {
      this.problem(shownPath, 'names may not contain <, >, " or \\');
      return undefined;
    }
    const normalised = normaliseName(name);
    if (normalised !== name) {
      this.warn(
        shownPath,
        'dotted_name',
        `the name ${quote(name)} contains "."; it is read as ${quote(normalised)}, so it cannot be mistaken for nesting (aliases may use either spelling)`,
      );
    }
    return normalised;
  }

  /** Why some string inside a non-alias `$value` is unsafe, or why the value's shape is hostile; undefined when fine. */
  private unsafeValue(raw: unknown): string | undefined {
    const stack: { value: unknown; depth: number }[] = [{ value: raw, depth: 0 }];
    while (stack.length > 0) {
      const { value, depth } = stack.pop()!;
      if (++this.nodes > MAX_NODES) return 'is too large';
      if (typeof value === 'string') {
        const reference = parseCurly(value);
        if (reference && 'error' in reference) return `contains ${reference.error}`;
        if (reference) continue; // a reference to another token, resolved after the merge
        const unsafe = unsafeCssReason(value);
        if (unsafe) return unsafe;
      } else if (isPointerObject(value)) {
        const pointer = parsePointer(value.$ref);
        if ('error' in pointer) return `contains ${pointer.error}`;
      } else if (Array.isArray(value) || isPlainObject(value)) {
        if (depth >= MAX_VALUE_DEPTH) return 'nests too deeply';
        for (const key of Object.keys(value)) {
          if (FORBIDDEN_NAMES.has(key)) return `contains the key ${quote(key)}`;
          if (key === '$ref') return 'has a $ref that is not exactly {"$ref": "#/group/token/…"}';
          const unstorable = unstorableReason(key);
          if (unstorable) return `has a key that ${unstorable}`;
          stack.push({ value: (value as Node)[key], depth: depth + 1 });
        }
      } else if (!(typeof value === 'number' || typeof value === 'boolean' || value === null)) {
        return `contains ${describeKind(value)}, which is not JSON`;
      }
    }
    return undefined;
  }

  /**
   * References written with a name's own '.' (`{spacing.0.5}` for the token this file names `0.5`) are rewritten to
   * the normalised path (`{spacing.0-5}`), so the tree that is stored and served spells every reference one way.
   */
  private canonicaliseReferences(): void {
    const canonical = (path: string): string => (this.tokens.has(path) ? path : (this.renamed.get(path) ?? path));
    for (const [path, token] of this.tokens) {
      if (token.alias !== undefined) {
        const target = canonical(token.alias);
        if (target !== token.alias) this.tokens.set(path, { ...token, alias: target, raw: `{${target}}` });
        continue;
      }
      const raw = rewriteReferences(token.raw, canonical);
      if (raw !== token.raw) this.tokens.set(path, { ...token, raw });
    }
  }

  private problem(path: string, message: string, rule: Violation['rule'] = 'schema'): void {
    if (this.stopped) return;
    if (this.violations.length >= MAX_PROBLEMS) {
      this.stop(path);
      return;
    }
    const sentence = message.endsWith('.') ? message : `${message}.`;
    this.violations.push({ path, rule, message: path === ROOT_PATH ? capitalise(sentence) : `${path}: ${sentence}` });
  }

  private stop(path: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.violations.push({
      path: ROOT_PATH,
      rule: 'schema',
      message: `Too many problems (stopped at ${path}); fix these and try again.`,
    });
  }

  private warn(path: string, code: string, message: string): void {
    if (this.warnings.length < MAX_PROBLEMS) this.warnings.push({ path, code, message });
  }
}

/** `value` with every `{reference}` string mapped through `canonical`; the same object when nothing changes. */
function rewriteReferences(value: unknown, canonical: (path: string) => string): unknown {
  if (typeof value === 'string') {
    const reference = parseCurly(value);
    if (!reference || 'error' in reference) return value;
    const target = canonical(reference.path);
    return target === reference.path ? value : `{${target}}`;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => rewriteReferences(item, canonical));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (isPlainObject(value) && !isPointerObject(value)) {
    let out: Node | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = rewriteReferences(item, canonical);
      if (next !== item) {
        out ??= { ...value };
        Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
      }
    }
    return out ?? value;
  }
  return value;
}

function isToken(node: Node): boolean {
  return (
    Object.hasOwn(node, '$value') || (Object.hasOwn(node, '$ref') && !Object.keys(node).some((k) => !k.startsWith('$')))
  );
}

/** `$extensions`: a JSON object, not too deep, without prototype keys or text that cannot be stored. The problem or undefined. */
function checkExtensions(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'must be an object';
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let seen = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (++seen > 10_000) return 'is too large';
    if (Array.isArray(item.value) || isPlainObject(item.value)) {
      if (item.depth >= MAX_VALUE_DEPTH * 2) return 'nests too deeply';
      for (const key of Object.keys(item.value)) {
        if (FORBIDDEN_NAMES.has(key)) return `contains the key ${quote(key)}`;
        const unstorable = unstorableReason(key);
        if (unstorable) return `has a key that ${unstorable}`;
        stack.push({ value: (item.value as Node)[key], depth: item.depth + 1 });
      }
    } else if (!(item.value === null || ['string', 'number', 'boolean'].includes(typeof item.value))) {
      return `contains ${describeKind(item.value)}, which is not JSON`;
    } else if (typeof item.value === 'string') {
      if (item.value.length > 10_000) return 'contains a string that is too long';
      const unstorable = unstorableReason(item.value);
      if (unstorable) return `holds a string that ${unstorable}`;
    }
  }
  return undefined;
}

/** A path as it may appear in a violation: names joined by '.', each as is unless it could hide or mark up something. */
export function show(names: readonly string[]): string {
  return names
    .map((name) =>
      name !== '' && name.length <= MAX_NAME_LENGTH && !HIDDEN_IN_NAME.test(name) && !/[<>&"\\]/.test(name)
        ? name
        : quote(name),
    )
    .join('.');
}
