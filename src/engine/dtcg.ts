// Parse one DTCG 2025.10 tree (the base, a catalog theme or an override layer) into a flat token map.
//
// The input is untrusted JSON. Parsing never throws and never recurses: the tree is walked with an explicit
// stack, nesting is capped, prototype-pollution names are refused, and every problem becomes a `schema`
// violation with the path where it was found. The result keeps document order.
//
// What is checked here is everything that does not need the base: structure, names, `$type`, aliases, and
// that no string anywhere in a `$value` could escape a CSS declaration. Whether a value fits its type is
// checked once the type is known (a layer may rely on the base's `$type`), in merge.ts via values.ts.
import { ROOT_PATH } from './paths.ts';
import type { ParsedToken, ParseResult, TokenType, Violation, Warning } from './types.ts';
import { quote, unsafeCssReason, unsafeTextReason } from './values.ts';

export interface ParseOptions {
  /** Every non-alias token must have a `$type` (own or from a group): true for the base, false for layers. */
  requireTypes?: boolean;
}

export const TOKEN_TYPES: ReadonlySet<string> = new Set<TokenType>(['color', 'dimension', 'fontFamily', 'fontWeight', 'number', 'duration', 'cubicBezier']);
/** DTCG types Livery recognises but refuses (composites and stroke styles). */
export const UNSUPPORTED_TYPES: ReadonlySet<string> = new Set(['shadow', 'typography', 'border', 'gradient', 'transition', 'strokeStyle']);

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

const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
// Names end up in CSS custom property names and in alias references, so they are kept to a safe alphabet.
const NAME_PIECE = /^[\p{L}\p{N}_-]+$/u;
const TOKEN_PROPERTIES: ReadonlySet<string> = new Set(['$value', '$type', '$description', '$extensions', '$deprecated', '$ref']);
// Root-level properties written by common tools (JSON schema, Tokens Studio): ignored silently.
const IGNORED_ROOT_PROPERTIES: ReadonlySet<string> = new Set(['$schema', '$metadata', '$themes']);

type Node = Record<string, unknown>;
/** `null`: the group's own `$type` was invalid (already reported); its tokens are skipped, not re-reported. */
type InheritedType = TokenType | undefined | null;

interface Frame {
  node: Node;
  path: string;
  depth: number;
  type: InheritedType;
}

export function isPlainObject(value: unknown): value is Node {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Parse a DTCG tree. Never throws. */
export function parseTree(tree: unknown, options: ParseOptions = {}): ParseResult {
  return new TreeParser(options).run(tree);
}

/** The target path of a whole-value alias: `"{a.b}"`, `{"$ref": "#/a/b"}` or `{"$ref": "#/a/b/$value"}`. */
type AliasParse = { alias: string } | { error: string } | null;

export function parseAlias(raw: unknown): AliasParse {
  if (typeof raw === 'string') {
    const match = /^\{([^{}]*)\}$/.exec(raw.trim());
    if (!match) return null;
    const target = match[1]!.trim();
    return isValidPath(target) ? { alias: target } : { error: `${quote(raw)} is not a valid alias: expected {group.token}` };
  }
  if (isPlainObject(raw) && Object.hasOwn(raw, '$ref')) {
    const keys = Object.keys(raw);
    if (keys.length !== 1 || typeof raw.$ref !== 'string') return { error: 'a $ref value must be exactly {"$ref": "#/group/token"}' };
    return parsePointer(raw.$ref);
  }
  return null;
}

/** JSON pointer (RFC 6901) to a whole token → dot path. Pointers into a value's parts are not supported. */
function parsePointer(pointer: string): AliasParse {
  if (!pointer.startsWith('#/')) return { error: `${quote(pointer)} is not a JSON pointer to a token (expected "#/group/token")` };
  const segments = pointer.slice(2).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (segments[segments.length - 1] === '$value') segments.pop();
  const target = segments.join('.');
  if (segments.some((s) => s.startsWith('$')) || !isValidPath(target)) {
    return { error: `${quote(pointer)} must point at a whole token; references into a value's parts are not supported` };
  }
  return { alias: target };
}

function isValidPath(path: string): boolean {
  if (path.length === 0 || path.length > 1024) return false;
  return path.split('.').every((piece) => NAME_PIECE.test(piece) && !FORBIDDEN_NAMES.has(piece));
}

class TreeParser {
  private readonly tokens = new Map<string, ParsedToken>();
  private readonly violations: Violation[] = [];
  private readonly warnings: Warning[] = [];
  private readonly requireTypes: boolean;
  private nodes = 0;
  private tooDeepReported = false;
  private stopped = false;

  constructor(options: ParseOptions) {
    this.requireTypes = options.requireTypes ?? false;
  }

  run(tree: unknown): ParseResult {
    if (!isPlainObject(tree)) {
      this.problem(ROOT_PATH, `the token tree must be a JSON object of groups and tokens, not ${describeKind(tree)}`);
    } else if (isToken(tree)) {
      this.problem(ROOT_PATH, 'the token tree must be a group: a token needs a name');
    } else {
      this.walk(tree);
    }
    return { tokens: this.tokens, violations: this.violations, warnings: this.warnings };
  }

  private walk(root: Node): void {
    // Depth-first, children pushed in reverse, so tokens come out in document order.
    const stack: Frame[] = [{ node: root, path: '', depth: 0, type: undefined }];
    while (stack.length > 0 && !this.stopped) {
      const frame = stack.pop()!;
      if (frame.depth > 0 && isToken(frame.node)) {
        this.token(frame.node, frame.path, frame.type);
        continue;
      }
      const type = this.groupType(frame);
      this.groupProperties(frame);
      const children: Frame[] = [];
      for (const key of Object.keys(frame.node)) {
        if (this.stopped) return;
        if (key.startsWith('$')) continue;
        const path = frame.path === '' ? key : `${frame.path}.${key}`;
        const shownPath = frame.path === '' ? showName(key) : `${frame.path}.${showName(key)}`;
        if (!this.checkName(key, shownPath)) continue;
        const child = frame.node[key];
        if (!isPlainObject(child)) {
          this.problem(shownPath, `expected a group or a token object, found ${describeKind(child)}`);
          continue;
        }
        if (frame.depth + 1 > MAX_DEPTH) {
          if (!this.tooDeepReported) this.problem(shownPath, `nesting is deeper than ${MAX_DEPTH} levels`);
          this.tooDeepReported = true;
          continue;
        }
        if (++this.nodes > MAX_NODES) {
          this.stop(shownPath);
          return;
        }
        children.push({ node: child, path, depth: frame.depth + 1, type });
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }

  /** The `$type` a group passes down: its own (validated) or the inherited one. */
  private groupType(frame: Frame): InheritedType {
    if (!Object.hasOwn(frame.node, '$type')) return frame.type;
    const checked = this.checkType(frame.node.$type, frame.path || ROOT_PATH);
    return checked === undefined ? null : checked;
  }

  private groupProperties({ node, path }: Frame): void {
    for (const key of Object.keys(node)) {
      if (!key.startsWith('$') || key === '$type') continue;
      const where = path || ROOT_PATH;
      if (key === '$description' || key === '$deprecated') {
        const value = node[key];
        if (key === '$deprecated' && typeof value === 'boolean') continue;
        if (typeof value !== 'string') this.problem(where, `${key} must be a string${key === '$deprecated' ? ' or a boolean' : ''}`);
        continue;
      }
      if (key === '$extensions') {
        const problem = checkExtensions(node[key]);
        if (problem) this.problem(where, `$extensions ${problem}`);
        continue;
      }
      if (key === '$extends') {
        this.problem(where, '$extends (group inheritance) is not supported: write the tokens out');
        continue;
      }
      if (key === '$root') {
        this.problem(where, '$root tokens are not supported: give the token a name');
        continue;
      }
      if (key === '$ref') {
        this.problem(where, '$ref belongs on a token, not on a group with children');
        continue;
      }
      if (path === '' && IGNORED_ROOT_PROPERTIES.has(key)) continue;
      this.warn(`${where}`, 'unknown_property', `${showName(key)} is not a DTCG property and is ignored`);
    }
  }

  private token(node: Node, path: string, inherited: InheritedType): void {
    const keys = Object.keys(node);
    const child = keys.find((k) => !k.startsWith('$'));
    if (child !== undefined) {
      this.problem(path, `a token cannot also contain children (found ${quote(child)} next to $value)`);
      return;
    }
    const unknown = keys.find((k) => !TOKEN_PROPERTIES.has(k));
    if (unknown !== undefined) this.warn(path, 'unknown_property', `${showName(unknown)} is not a DTCG token property and is ignored`);

    let type: InheritedType = inherited;
    if (Object.hasOwn(node, '$type')) {
      const own = this.checkType(node.$type, path);
      if (own === undefined) return;
      type = own;
    }
    if (type === null) return; // the group's $type was refused; one violation is enough

    const hasValue = Object.hasOwn(node, '$value');
    if (hasValue && Object.hasOwn(node, '$ref')) {
      this.problem(path, 'a token has either $value or $ref, not both');
      return;
    }
    let raw: unknown;
    let alias: string | undefined;
    if (hasValue) {
      raw = node.$value;
      const parsed = parseAlias(raw);
      if (parsed && 'error' in parsed) return this.problem(path, parsed.error);
      if (parsed) alias = parsed.alias;
      else {
        const unsafe = this.unsafeValue(raw);
        if (unsafe) return this.problem(path, `$value ${unsafe}`);
      }
    } else {
      if (typeof node.$ref !== 'string') return this.problem(path, '$ref must be a JSON pointer string such as "#/group/token"');
      const parsed = parsePointer(node.$ref);
      if (parsed && 'error' in parsed) return this.problem(path, parsed.error);
      raw = { $ref: node.$ref };
      alias = parsed!.alias;
    }
    if (type === undefined && this.requireTypes && alias === undefined) {
      return this.problem(path, 'the token has no $type (set it on the token or on a group above it)');
    }

    const token: ParsedToken = { path, raw };
    if (type !== undefined) token.type = type;
    if (alias !== undefined) token.alias = alias;
    if (Object.hasOwn(node, '$description')) {
      const description = node.$description;
      if (typeof description !== 'string') return this.problem(path, '$description must be a string');
      const unsafe = unsafeTextReason(description);
      if (unsafe) return this.problem(path, `$description ${unsafe}`);
      token.description = description;
    }
    if (Object.hasOwn(node, '$deprecated')) {
      const deprecated = node.$deprecated;
      if (typeof deprecated !== 'boolean' && typeof deprecated !== 'string') return this.problem(path, '$deprecated must be a boolean or a string');
      const unsafe = typeof deprecated === 'string' ? unsafeTextReason(deprecated) : undefined;
      if (unsafe) return this.problem(path, `$deprecated ${unsafe}`);
      token.deprecated = deprecated;
    }
    if (Object.hasOwn(node, '$extensions')) {
      const problem = checkExtensions(node.$extensions);
      if (problem) return this.problem(path, `$extensions ${problem}`);
      token.extensions = node.$extensions as Record<string, unknown>;
    }
    if (this.tokens.has(path)) {
      // `{"a.b": …}` and `{"a": {"b": …}}` both spell a.b.
      return this.problem(path, 'the same path is defined twice (a name containing "." collides with a nested group)');
    }
    this.tokens.set(path, token);
  }

  /** A `$type` value → the type, or undefined after reporting why it is refused. */
  private checkType(value: unknown, path: string): TokenType | undefined {
    if (typeof value === 'string' && TOKEN_TYPES.has(value)) return value as TokenType;
    if (typeof value === 'string' && UNSUPPORTED_TYPES.has(value)) {
      this.problem(path, `unsupported type ${quote(value)}: Livery accepts ${[...TOKEN_TYPES].join(', ')}`);
    } else {
      this.problem(path, `unsupported type ${quote(value)} (not a DTCG type): Livery accepts ${[...TOKEN_TYPES].join(', ')}`);
    }
    return undefined;
  }

  private checkName(name: string, shownPath: string): boolean {
    if (FORBIDDEN_NAMES.has(name)) {
      this.problem(shownPath, `${quote(name)} is not allowed as a group or token name`);
      return false;
    }
    const pieces = name.split('.');
    if (name.length > MAX_NAME_LENGTH || !pieces.every((piece) => NAME_PIECE.test(piece))) {
      this.problem(shownPath, 'names may only contain letters, digits, "-" and "_" (and must not be empty)');
      return false;
    }
    if (pieces.some((piece) => FORBIDDEN_NAMES.has(piece))) {
      this.problem(shownPath, `${quote(name)} is not allowed as a group or token name`);
      return false;
    }
    if (pieces.length > 1) {
      this.warn(shownPath, 'dotted_name', `the name ${quote(name)} contains "."; it is accepted, but aliases and CSS names cannot tell it from nesting`);
    }
    return true;
  }

  /** Why some string inside a non-alias `$value` is unsafe, or why the value's shape is hostile; undefined when fine. */
  private unsafeValue(raw: unknown): string | undefined {
    const stack: { value: unknown; depth: number }[] = [{ value: raw, depth: 0 }];
    while (stack.length > 0) {
      const { value, depth } = stack.pop()!;
      if (++this.nodes > MAX_NODES) return 'is too large';
      if (typeof value === 'string') {
        const unsafe = unsafeCssReason(value);
        if (unsafe) return unsafe;
      } else if (Array.isArray(value) || isPlainObject(value)) {
        if (depth >= MAX_VALUE_DEPTH) return 'nests too deeply';
        for (const key of Object.keys(value)) {
          if (FORBIDDEN_NAMES.has(key)) return `contains the key ${quote(key)}`;
          stack.push({ value: (value as Node)[key], depth: depth + 1 });
        }
      } else if (!(typeof value === 'number' || typeof value === 'boolean' || value === null)) {
        return `contains ${describeKind(value)}, which is not JSON`;
      }
    }
    return undefined;
  }

  private problem(path: string, message: string): void {
    if (this.stopped) return;
    if (this.violations.length >= MAX_PROBLEMS) {
      this.stop(path);
      return;
    }
    const sentence = message.endsWith('.') ? message : `${message}.`;
    this.violations.push({ path, rule: 'schema', message: path === ROOT_PATH ? capitalise(sentence) : `${path}: ${sentence}` });
  }

  private stop(path: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.violations.push({ path: ROOT_PATH, rule: 'schema', message: `Too many problems (stopped at ${path}); fix these and try again.` });
  }

  private warn(path: string, code: string, message: string): void {
    if (this.warnings.length < MAX_PROBLEMS) this.warnings.push({ path, code, message });
  }
}

function isToken(node: Node): boolean {
  return Object.hasOwn(node, '$value') || (Object.hasOwn(node, '$ref') && !Object.keys(node).some((k) => !k.startsWith('$')));
}

/** `$extensions`: a JSON object, not too deep, without prototype keys. Returns the problem or undefined. */
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
        stack.push({ value: (item.value as Node)[key], depth: item.depth + 1 });
      }
    } else if (!(item.value === null || ['string', 'number', 'boolean'].includes(typeof item.value))) {
      return `contains ${describeKind(item.value)}, which is not JSON`;
    } else if (typeof item.value === 'string' && item.value.length > 10_000) {
      return 'contains a string that is too long';
    }
  }
  return undefined;
}

/** A name as it may appear in a violation path: as is when safe, else quoted and escaped. */
function showName(name: string): string {
  return name.length <= MAX_NAME_LENGTH && /^[\p{L}\p{N}_.$-]+$/u.test(name) ? name : quote(name);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'a non-JSON object';
  if (value === undefined) return 'undefined';
  return `a ${typeof value}`;
}
