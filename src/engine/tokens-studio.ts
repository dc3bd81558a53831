// Tokens Studio (the Figma plugin) exports → DTCG 2025.10 trees.
//
// Tokens Studio writes tokens as `{value, type, description}` with its own type names (sizing, fontWeights,
// boxShadow…), and its single-file export of several sets holds one tree per set at the top level, next to
// `$themes` and `$metadata.tokenSetOrder`. This module turns such a file into the DTCG tree the rest of the engine
// parses, or says exactly why a token cannot be converted. Values are converted only where the meaning is certain;
// anything ambiguous is refused with a `schema` violation naming the token.
//
// Pure: no I/O, no Node-only APIs. The input is untrusted JSON: nothing here recurses on it (explicit stacks), work
// is capped (nodes, depth, problems, array lengths), prototype names are refused, outputs are fresh plain objects
// whose keys are defined (never assigned, so a `__proto__` name can never set a prototype), and every string copied
// from the input is kept exactly as written — CSS safety is checked by the DTCG parser downstream.
import { STROKE_KEYWORDS } from './css-text.ts';
import { capitalise, describeKind, listOf, quote } from './text.ts';
import type { Violation, Warning } from './types.ts';

export interface TokensStudioResult {
  tree: Record<string, unknown>;
  warnings: Warning[];
  violations: Violation[];
  sets: string[];
}

export interface TokensStudioOptions {
  /** The sets to merge, in this order (later ones override earlier ones token by token); default: every set. */
  sets?: string[];
}

const ROOT = '(root)';
/** Groups, tokens and value parts visited before giving up (as the DTCG parser). */
const MAX_NODES = 200_000;
/** Group nesting below a set's root (as the DTCG parser: a token at depth 32 is fine). */
const MAX_DEPTH = 32;
/** Violations before stopping with a final "too many problems". */
const MAX_PROBLEMS = 500;
/** Per-token warnings listed; the rest are counted in the `tokens_studio` warning. */
const MAX_WARNINGS = 500;
/** Entries in one value array (shadow layers, font names). */
const MAX_ITEMS = 1000;
/** Nesting inside a copied `$extensions` or color object. */
const MAX_VALUE_DEPTH = 16;
/** Steps when following a line height's references to learn its type. */
const MAX_REFERENCE_CHAIN = 64;
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// ---------------------------------------------------------------------------------------------------------------
// Types. Each Tokens Studio type converts through one value rule ("kind"); the DTCG `$type` follows from the kind
// (a line height's from its value). DTCG names that Tokens Studio's DTCG-style exports also write are accepted as
// themselves.

type Kind =
  | 'color'
  | 'dimension'
  | 'letterSpacing'
  | 'fontFamily'
  | 'fontWeight'
  | 'lineHeight'
  | 'opacity'
  | 'number'
  | 'duration'
  | 'shadow'
  | 'typography'
  | 'border';

const KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ['color', 'color'],
  ['sizing', 'dimension'],
  ['spacing', 'dimension'],
  ['borderRadius', 'dimension'],
  ['borderWidth', 'dimension'],
  ['dimension', 'dimension'],
  ['fontSizes', 'dimension'],
  ['paragraphSpacing', 'dimension'],
  ['paragraphIndent', 'dimension'],
  ['letterSpacing', 'letterSpacing'],
  ['fontFamilies', 'fontFamily'],
  ['fontFamily', 'fontFamily'],
  ['fontWeights', 'fontWeight'],
  ['fontWeight', 'fontWeight'],
  ['lineHeights', 'lineHeight'],
  ['opacity', 'opacity'],
  ['number', 'number'],
  ['duration', 'duration'],
  ['boxShadow', 'shadow'],
  ['shadow', 'shadow'],
  ['typography', 'typography'],
  ['border', 'border'],
]);

const DTCG_TYPE: Readonly<Record<Exclude<Kind, 'lineHeight'>, string>> = {
  color: 'color',
  dimension: 'dimension',
  letterSpacing: 'dimension',
  fontFamily: 'fontFamily',
  fontWeight: 'fontWeight',
  opacity: 'number',
  number: 'number',
  duration: 'duration',
  shadow: 'shadow',
  typography: 'typography',
  border: 'border',
};

/** Tokens Studio types with no DTCG counterpart: refused. */
const NO_EQUIVALENT: ReadonlySet<string> = new Set([
  'text',
  'textCase',
  'textDecoration',
  'asset',
  'composition',
  'boolean',
  'other',
]);

/** Font weight names (compared lower-cased without spaces, "-" and "_") → weight. DTCG's keyword table. */
const WEIGHTS: ReadonlyMap<string, number> = new Map([
  ['thin', 100],
  ['hairline', 100],
  ['extralight', 200],
  ['ultralight', 200],
  ['light', 300],
  ['regular', 400],
  ['normal', 400],
  ['book', 400],
  ['medium', 500],
  ['semibold', 600],
  ['demibold', 600],
  ['bold', 700],
  ['extrabold', 800],
  ['ultrabold', 800],
  ['black', 900],
  ['heavy', 900],
  ['extrablack', 950],
  ['ultrablack', 950],
]);

const NUMBER_TEXT = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const NUMBER = new RegExp(`^${NUMBER_TEXT}$`);
const PX_REM = new RegExp(`^(${NUMBER_TEXT})(px|rem)$`, 'i');
const PERCENT = new RegExp(`^(${NUMBER_TEXT})%$`);
/** CSS lengths a DTCG `{value, unit}` cannot hold (only px and rem): kept as the CSS text written. */
const CSS_LENGTH = new RegExp(`^(${NUMBER_TEXT})(em|%|ex|ch|lh|rlh|vw|vh|vmin|vmax|svw|svh|lvw|lvh|dvw|dvh|pt)$`, 'i');
const DURATION = new RegExp(`^(${NUMBER_TEXT})(ms|s)$`);
const WHOLE_REFERENCE = /^\{[^{}]+\}$/;
/** Tokens Studio math: operators between operands, or its functions. */
// A binary + or - has spaces on both sides or on neither: "0 -0.125rem" is two lengths, "8 - 2" and "8-2" are math.
const MATH =
  /[*/^]|[\d.%)]\s+[+-]\s+[\d.(]|[\d.%)][+-][\d.(]|\b(?:roundTo|round|min|max|calc|floor|ceil|sqrt|pow|abs)\s*\(/i;
const EXPRESSION = 'math/expressions are not supported; export resolved values';
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

// ---------------------------------------------------------------------------------------------------------------
// Detection

/**
 * Whether `input` looks like a Tokens Studio export: legacy token objects (`{value, type}`) and no DTCG `$value`
 * anywhere, or a multi-set file (`$themes` as an array, or `$metadata.tokenSetOrder`). Never throws, never recurses:
 * an explicit stack, at most 200 000 nodes and depth 32 (what lies beyond is not looked at).
 */
export function isTokensStudio(input: unknown): boolean {
  try {
    if (!isPlainObject(input)) return false;
    if (hasMultiSetMarker(input)) return true;
    const stack: { node: Node; depth: number }[] = [{ node: input, depth: 0 }];
    let nodes = 0;
    let legacy = false;
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      if (Object.hasOwn(node, '$value')) return false;
      if (Object.hasOwn(node, 'value') && typeof node.type === 'string') legacy = true;
      for (const key of Object.keys(node)) {
        const child = node[key];
        if (!isPlainObject(child) || depth + 1 > MAX_DEPTH) continue;
        if (++nodes > MAX_NODES) return legacy;
        stack.push({ node: child, depth: depth + 1 });
      }
    }
    return legacy;
  } catch {
    return false;
  }
}

function hasMultiSetMarker(root: Node): boolean {
  if (Object.hasOwn(root, '$themes') && Array.isArray(root.$themes)) return true;
  const metadata = root.$metadata;
  return Object.hasOwn(root, '$metadata') && isPlainObject(metadata) && Array.isArray(metadata.tokenSetOrder);
}

// ---------------------------------------------------------------------------------------------------------------
// Conversion

/**
 * Convert a Tokens Studio export into a DTCG 2025.10 tree. Never throws: every problem is a `schema` violation naming
 * the token path (names dot-joined as written). `sets` lists the sets merged, in order (empty for a single-set file).
 *
 * Structure rules:
 * - Multi-set (the root has `$themes` as an array or `$metadata.tokenSetOrder`, or `options.sets` is given): the other
 *   top-level keys are sets.
 *   They are merged in `$metadata.tokenSetOrder` order, then any others in document order; `options.sets` picks and
 *   orders them instead. A set's contents merge at the root (a set name such as "core/colors" is not a path), later
 *   sets overriding earlier ones token by token. `$themes` is ignored (noted in the `tokens_studio` warning).
 * - Single-set: tokens at the root, converted as they are (a root `$themes` or `$metadata` is ignored).
 * - A token is an object with `value` (or `$value`); its other object-valued keys are child tokens and groups (Tokens
 *   Studio allows a token with tokens inside it). In DTCG that token becomes the group's `$root` token and
 *   references to it are written `{path.$root}`.
 * - `description` → `$description`; `$extensions` kept (but color modifiers under `studio.tokens.modify` are refused:
 *   the converted value would not be the color the plugin shows); other keys are dropped with a warning.
 * - `type` (or `$type`) on a group is inherited by tokens below it that have none.
 * - Names are kept exactly as written (a name containing "." too); `__proto__`, `constructor` and `prototype` are
 *   refused.
 */
export function convertTokensStudio(input: unknown, options?: TokensStudioOptions): TokensStudioResult {
  try {
    return new Converter().run(input, options);
  } catch {
    // Not reachable with JSON input; a hostile object (a Proxy, a getter) must still not throw out of the engine.
    return {
      tree: {},
      warnings: [],
      violations: [{ path: ROOT, rule: 'schema', message: 'The Tokens Studio file could not be read.' }],
      sets: [],
    };
  }
}

type Node = Record<string, unknown>;

interface OutToken {
  $type: string;
  $value: unknown;
  $description?: string;
  $extensions?: Record<string, unknown>;
}

/** One token of the merged result, from the last set that defined its path. */
interface Entry {
  segments: string[];
  /** Names joined by '.', as references spell them. */
  dotted: string;
  /** The path as shown in messages. */
  shown: string;
  set: string | undefined;
  token: OutToken | undefined;
  /** A line height that is a whole reference: its DTCG type is its target's (number or dimension), known after the merge. */
  lineHeightTarget?: string;
  /** Overridden by a later set: its problems no longer count. */
  dead: boolean;
}

interface GroupMeta {
  description?: string;
  extensions?: Record<string, unknown>;
}

interface Frame {
  node: Node;
  segments: string[];
  depth: number;
  /** Tokens Studio type inherited from a group. */
  type: string | undefined;
  /** The node is a token (converted when popped, so tokens come out in document order). */
  token: boolean;
}

/** A violation or warning and the token it is about: when a later set overrides that token, it no longer counts. */
interface Tagged<T> {
  owner: Entry | undefined;
  item: T;
}

/** What a value rule produced: the DTCG value (and, for line heights, the DTCG type), or why it cannot. */
type Converted = { value: unknown; type?: 'number' | 'dimension' } | { error: string };

/** Collects the warnings of the token being converted. */
interface Notes {
  warn(code: 'numeric_string' | 'tokens_studio_value', message: string): void;
}

class Converter {
  private readonly violations: Tagged<Violation>[] = [];
  private readonly warnings: Tagged<Warning>[] = [];
  private readonly entries = new Map<string, Entry>();
  private readonly groups = new Map<string, GroupMeta>();
  private nodes = 0;
  private problems = 0;
  private stopped = false;
  private tooDeepReported = false;
  private multiSet = false;

  run(input: unknown, options: TokensStudioOptions | undefined): TokensStudioResult {
    if (!isPlainObject(input)) {
      this.problem(ROOT, `A Tokens Studio file must be a JSON object, not ${describeKind(input)}`);
      return this.result({}, [], '');
    }
    const requested = this.requestedSets(options);
    if (requested === null) return this.result({}, [], '');
    this.multiSet = requested !== undefined || hasMultiSetMarker(input);
    let sets: string[] = [];
    let note: string;
    if (this.multiSet) {
      sets = this.setOrder(input, requested);
      for (const set of sets) {
        if (this.stopped) break;
        this.walk(input[set] as Node, set);
      }
      note = this.multiSetNote(input, sets, requested !== undefined);
    } else {
      this.walk(input, undefined);
      note = 'Read as a Tokens Studio export (one set of value/type tokens) and converted to DTCG 2025.10';
    }
    const tree = this.stopped ? {} : this.finish();
    return this.result(tree, sets, note);
  }

  // --- sets ----------------------------------------------------------------------------------------------------

  /** `options.sets` checked: undefined when not given, null when unusable (reported). */
  private requestedSets(options: TokensStudioOptions | undefined): string[] | undefined | null {
    if (options === undefined || options === null || !Object.hasOwn(options, 'sets') || options.sets === undefined)
      return undefined;
    const sets: unknown = options.sets;
    if (!Array.isArray(sets) || sets.length > MAX_ITEMS || !sets.every((s) => typeof s === 'string')) {
      this.problem(ROOT, `The sets option must be a list of at most ${MAX_ITEMS} set names`);
      return null;
    }
    return sets as string[];
  }

  private setOrder(root: Node, requested: string[] | undefined): string[] {
    const available: string[] = [];
    for (const key of Object.keys(root)) {
      if (++this.nodes > MAX_NODES) {
        this.tooLarge(ROOT);
        return [];
      }
      if (key === '$themes' || key === '$metadata') continue;
      if (key.startsWith('$')) {
        this.warn(
          undefined,
          ROOT,
          'unknown_property',
          `${quote(key)} at the top of a multi-set file is not a set and is ignored`,
        );
        continue;
      }
      if (FORBIDDEN_NAMES.has(key)) {
        this.problem(ROOT, `${quote(key)} is not allowed as a set name`);
        continue;
      }
      if (!isPlainObject(root[key])) {
        this.problem(
          ROOT,
          `The set ${quote(key)} must be an object of groups and tokens, not ${describeKind(root[key])}`,
        );
        continue;
      }
      available.push(key);
    }
    const known = new Set(available);
    const order: string[] = [];
    const chosen = new Set<string>();
    const take = (name: unknown): void => {
      if (typeof name === 'string' && known.has(name) && !chosen.has(name)) {
        chosen.add(name);
        order.push(name);
      }
    };
    if (requested !== undefined) {
      for (const name of requested) {
        if (!known.has(name)) this.problem(ROOT, `There is no set named ${quote(name)} in the file`);
        take(name);
      }
      if (requested.length === 0) this.problem(ROOT, 'The sets option names no set: nothing to convert');
      return order;
    }
    const metadata = root.$metadata;
    const tokenSetOrder =
      isPlainObject(metadata) && Array.isArray(metadata.tokenSetOrder) ? metadata.tokenSetOrder : [];
    for (let i = 0; i < tokenSetOrder.length && i < MAX_NODES; i++) take(tokenSetOrder[i]);
    for (const name of available) take(name);
    return order;
  }

  private multiSetNote(root: Node, sets: string[], requested: boolean): string {
    const names = sets.length === 0 ? 'no sets' : `the set${sets.length === 1 ? '' : 's'} ${listOf(sets.map(quote))}`;
    let note = `Read as a Tokens Studio export and converted to DTCG 2025.10: merged ${names}`;
    if (sets.length > 1) note += ' in that order (a later set overrides an earlier one token by token)';
    if (!hasMultiSetMarker(root)) note += '; the top-level groups were read as sets because sets were requested';
    if (Object.hasOwn(root, '$themes')) {
      const themes = root.$themes;
      const count = Array.isArray(themes) ? ` (${themes.length} theme${themes.length === 1 ? '' : 's'})` : '';
      note += `; $themes${count} was ignored${requested ? '' : ': to convert one theme, choose its sets'}`;
    }
    return note;
  }

  // --- the walk ------------------------------------------------------------------------------------------------

  private walk(root: Node, set: string | undefined): void {
    // Depth-first, children pushed in reverse, so tokens come out in document order.
    const stack: Frame[] = [{ node: root, segments: [], depth: 0, type: undefined, token: false }];
    while (stack.length > 0 && !this.stopped) {
      const frame = stack.pop()!;
      if (frame.token) {
        this.token(frame.node, frame.segments, frame.type, set);
        // Tokens inside a token (Tokens Studio allows it): walked as the children of a group at the same place.
        this.children({ ...frame, node: tokenChildren(frame.node), token: false }, frame.type, set, stack);
        continue;
      }
      const type = this.groupProperties(frame, set);
      this.children(frame, type, set, stack);
    }
  }

  /** A group's own properties: its inherited type, `$description`/`$extensions` (kept), other `$` keys (dropped). */
  private groupProperties(frame: Frame, set: string | undefined): string | undefined {
    const { node, segments } = frame;
    const shown = showPath(segments);
    let type = frame.type;
    const own = pick(node, 'type', '$type');
    if (typeof own === 'string') type = own;
    else if (own !== undefined) this.problem(shown, "the group's type must be one string", set);
    const meta: GroupMeta = {};
    const description = pick(node, 'description', '$description');
    if (typeof description === 'string') meta.description = description;
    else if (description !== undefined) this.problem(shown, "the group's description must be one string", set);
    if (Object.hasOwn(node, '$extensions')) {
      const copied = copyJson(node.$extensions, "the group's $extensions");
      if ('error' in copied || !isPlainObject(copied.value))
        this.problem(shown, `${'error' in copied ? copied.error : '$extensions must be an object'}`, set);
      else meta.extensions = copied.value;
    }
    if (meta.description !== undefined || meta.extensions !== undefined) this.groups.set(segmentKey(segments), meta);
    for (const key of Object.keys(node)) {
      if (
        key.startsWith('$') &&
        !GROUP_PROPERTIES.has(key) &&
        !(segments.length === 0 && (key === '$themes' || key === '$metadata'))
      ) {
        this.warn(
          undefined,
          shown,
          'unknown_property',
          `${quote(key)} is not a group property Livery keeps and is dropped`,
          set,
        );
      }
    }
    return type;
  }

  /** Queue the child groups and convert the child tokens of a group (or of a token with tokens inside it). */
  private children(frame: Frame, type: string | undefined, set: string | undefined, stack: Frame[]): void {
    const queued: Frame[] = [];
    for (const key of Object.keys(frame.node)) {
      if (this.stopped) return;
      const child = frame.node[key];
      // `type` and `description` holding an object are children with those names, not properties.
      if (key.startsWith('$') || (GROUP_PROPERTIES.has(key) && !isPlainObject(child))) continue;
      const segments = [...frame.segments, key];
      if (FORBIDDEN_NAMES.has(key)) {
        this.problem(showPath(segments), `${quote(key)} is not allowed as a group or token name`, set);
        continue;
      }
      if (!isPlainObject(child)) {
        this.problem(
          showPath(segments),
          `expected a group or a token object ({"value", "type"}), found ${describeKind(child)}`,
          set,
        );
        continue;
      }
      if (frame.depth + 1 > MAX_DEPTH) {
        if (!this.tooDeepReported) this.problem(showPath(segments), `nesting is deeper than ${MAX_DEPTH} levels`, set);
        this.tooDeepReported = true;
        continue;
      }
      if (++this.nodes > MAX_NODES) return this.tooLarge(showPath(segments));
      queued.push({ node: child, segments, depth: frame.depth + 1, type, token: isTokenNode(child) });
    }
    for (let i = queued.length - 1; i >= 0; i--) stack.push(queued[i]!);
  }

  private token(node: Node, segments: string[], inherited: string | undefined, set: string | undefined): void {
    const key = segmentKey(segments);
    // A later set's token replaces an earlier one's (and its problems) and keeps the earlier one's place.
    const previous = this.entries.get(key);
    if (previous) previous.dead = true;
    const entry: Entry = {
      segments,
      dotted: segments.join('.'),
      shown: showPath(segments),
      set,
      token: undefined,
      dead: false,
    };
    this.entries.set(key, entry);
    this.convertToken(node, entry, inherited);
  }

  private convertToken(node: Node, entry: Entry, inherited: string | undefined): void {
    const fail = (message: string): void => this.tokenProblem(entry, message);
    if (Object.hasOwn(node, 'value') && Object.hasOwn(node, '$value'))
      return fail('the token has both "value" and "$value"');
    const raw = Object.hasOwn(node, '$value') ? node.$value : node.value;

    const ownType = pick(node, 'type', '$type');
    if (ownType === CONFLICT) return fail('the token has both "type" and "$type", with different values');
    if (ownType !== undefined && typeof ownType !== 'string')
      return fail(`the type must be a string, not ${describeKind(ownType)}`);
    const tsType = typeof ownType === 'string' ? ownType : inherited;
    if (tsType === undefined) return fail('the token has no type');
    const kind = KINDS.get(tsType);
    if (kind === undefined) {
      return fail(
        NO_EQUIVALENT.has(tsType)
          ? `the Tokens Studio type ${quote(tsType)} has no DTCG equivalent`
          : `${quote(tsType)} is not a Tokens Studio type Livery can convert`,
      );
    }

    const description = pick(node, 'description', '$description');
    if (description === CONFLICT)
      return fail('the token has both "description" and "$description", with different values');
    if (description !== undefined && typeof description !== 'string')
      return fail(`the description must be a string, not ${describeKind(description)}`);

    let extensions: Record<string, unknown> | undefined;
    if (Object.hasOwn(node, '$extensions')) {
      const copied = copyJson(node.$extensions, '$extensions');
      if ('error' in copied) return fail(copied.error);
      if (!isPlainObject(copied.value)) return fail('$extensions must be an object');
      const studio = copied.value['studio.tokens'];
      if (isPlainObject(studio) && Object.hasOwn(studio, 'modify')) {
        return fail(
          'Tokens Studio color modifiers ($extensions "studio.tokens" modify) are not supported; export resolved values',
        );
      }
      extensions = copied.value;
    }
    for (const property of Object.keys(node)) {
      // Object-valued keys are the tokens inside this one (walked by the caller); other unknown keys are dropped.
      if (TOKEN_PROPERTIES.has(property) || (!property.startsWith('$') && isPlainObject(node[property]))) continue;
      this.warn(
        entry,
        entry.shown,
        'unknown_property',
        `${quote(property)} is not a token property Livery keeps and is dropped`,
        entry.set,
      );
    }

    const notes: Notes = { warn: (code, message) => this.warn(entry, entry.shown, code, message, entry.set) };
    const converted = convertValue(kind, raw, notes);
    if ('error' in converted) return fail(converted.error);
    let type: string;
    if (kind === 'lineHeight') {
      if (converted.type === undefined) {
        // A whole reference: the DTCG type is the target's, looked up once every set is merged.
        entry.lineHeightTarget = referenceTarget(raw as string);
        type = '';
      } else type = converted.type;
    } else type = DTCG_TYPE[kind];

    const token: OutToken = { $type: type, $value: converted.value };
    if (typeof description === 'string') token.$description = description;
    if (extensions !== undefined) token.$extensions = extensions;
    entry.token = token;
  }

  // --- after the walk ------------------------------------------------------------------------------------------

  /** Type line-height references, mark tokens with tokens inside them as `$root`, rewrite references, build the tree. */
  private finish(): Record<string, unknown> {
    const entries = [...this.entries.values()];
    const byDotted = new Map<string, Entry>();
    for (const entry of entries) if (!byDotted.has(entry.dotted)) byDotted.set(entry.dotted, entry);

    // Decided for all first, then applied, so a refused line height does not change what the others see.
    const lineHeights = entries.filter((entry) => entry.lineHeightTarget !== undefined && entry.token);
    const decided = lineHeights.map((entry) => lineHeightType(entry, byDotted));
    lineHeights.forEach((entry, i) => {
      const outcome = decided[i]!;
      if (typeof outcome === 'object') {
        entry.token = undefined;
        this.tokenProblem(entry, outcome.error);
      } else entry.token!.$type = outcome;
    });

    const prefixes = new Set<string>();
    for (const entry of entries) {
      if (!entry.token) continue;
      let key = '';
      for (let i = 0; i < entry.segments.length - 1; i++) prefixes.add((key += segmentKeyPart(entry.segments[i]!)));
    }
    const rooted = new Set<Entry>();
    for (const entry of entries) {
      if (entry.token && prefixes.has(segmentKey(entry.segments))) {
        rooted.add(entry);
        this.warn(
          entry,
          entry.shown,
          'tokens_studio_value',
          `this token has tokens inside it; in DTCG it is the group's $root token, and references to it are written {${entry.dotted}.$root}`,
          entry.set,
        );
      }
    }
    if (rooted.size > 0) {
      for (const entry of entries)
        if (entry.token) entry.token.$value = rewriteReferences(entry.token.$value, byDotted, rooted);
    }
    return this.build(entries, rooted);
  }

  private build(entries: Entry[], rooted: ReadonlySet<Entry>): Record<string, unknown> {
    const tree: Record<string, unknown> = {};
    this.applyGroupMeta(tree, []);
    for (const entry of entries) {
      const token = entry.token;
      if (!token) continue;
      let group = tree;
      for (let i = 0; i < entry.segments.length - 1; i++) {
        const name = entry.segments[i]!;
        let next = Object.hasOwn(group, name) ? (group[name] as Record<string, unknown>) : undefined;
        if (next === undefined) {
          next = {};
          define(group, name, next);
          this.applyGroupMeta(next, entry.segments.slice(0, i + 1));
        }
        group = next;
      }
      const name = entry.segments[entry.segments.length - 1]!;
      const out: Record<string, unknown> = {};
      define(out, '$type', token.$type);
      define(out, '$value', token.$value);
      if (token.$description !== undefined) define(out, '$description', token.$description);
      if (token.$extensions !== undefined) define(out, '$extensions', token.$extensions);
      if (rooted.has(entry)) {
        const holder: Record<string, unknown> = Object.hasOwn(group, name)
          ? (group[name] as Record<string, unknown>)
          : {};
        if (!Object.hasOwn(group, name)) {
          define(group, name, holder);
          this.applyGroupMeta(holder, entry.segments);
        }
        define(holder, '$root', out);
      } else {
        define(group, name, out);
      }
    }
    return tree;
  }

  private applyGroupMeta(group: Record<string, unknown>, segments: string[]): void {
    const meta = this.groups.get(segmentKey(segments));
    if (meta?.description !== undefined) define(group, '$description', meta.description);
    if (meta?.extensions !== undefined) define(group, '$extensions', meta.extensions);
  }

  // --- reporting -----------------------------------------------------------------------------------------------

  private result(tree: Record<string, unknown>, sets: string[], note: string): TokensStudioResult {
    const violations = this.violations.filter((r) => !r.owner?.dead).map((r) => r.item);
    const live = this.warnings.filter((r) => !r.owner?.dead).map((r) => r.item);
    const warnings = live.slice(0, MAX_WARNINGS);
    if (note !== '') {
      const omitted = live.length - warnings.length;
      const more =
        omitted > 0 ? `; ${omitted} further conversion note${omitted === 1 ? ' is' : 's are'} not listed` : '';
      warnings.unshift({ path: ROOT, code: 'tokens_studio', message: `${note}${more}.` });
    }
    return { tree, warnings, violations, sets };
  }

  private problem(path: string, message: string, set?: string): void {
    this.record(undefined, path, message, set);
  }

  private tokenProblem(entry: Entry, message: string): void {
    this.record(entry, entry.shown, message, entry.set);
  }

  private record(owner: Entry | undefined, path: string, message: string, set: string | undefined): void {
    if (this.stopped) return;
    if (++this.problems > MAX_PROBLEMS) {
      this.stopped = true;
      this.violations.push({
        owner: undefined,
        item: {
          path: ROOT,
          rule: 'schema',
          message: `Too many problems (stopped at ${path}); fix these and try again.`,
        },
      });
      return;
    }
    const text = path === ROOT ? message : `${path}: ${message}`;
    this.violations.push({ owner, item: { path, rule: 'schema', message: `${text}${this.setNote(set)}.` } });
  }

  private tooLarge(path: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.violations.push({
      owner: undefined,
      item: {
        path: ROOT,
        rule: 'schema',
        message: `The file is too large: more than ${MAX_NODES} groups, tokens and values (stopped at ${path}).`,
      },
    });
  }

  private warn(owner: Entry | undefined, path: string, code: string, message: string, set?: string): void {
    if (this.warnings.length >= MAX_PROBLEMS * 20) return; // a bound on memory; the result lists at most MAX_WARNINGS
    const text = path === ROOT ? capitalise(message) : `${path}: ${message}`;
    this.warnings.push({ owner, item: { path, code, message: `${text}${this.setNote(set)}.` } });
  }

  private setNote(set: string | undefined): string {
    return this.multiSet && set !== undefined ? ` (set ${quote(set)})` : '';
  }
}

/** A line height written as a reference is a number or a dimension: whichever the token it leads to is. */
function lineHeightType(
  entry: Entry,
  byDotted: ReadonlyMap<string, Entry>,
): 'number' | 'dimension' | { error: string } {
  const first = `the line height refers to {${entry.lineHeightTarget}}`;
  let current = entry;
  const seen = new Set<Entry>([entry]);
  for (let step = 0; step < MAX_REFERENCE_CHAIN; step++) {
    const targetPath = current.lineHeightTarget!;
    const target = byDotted.get(targetPath);
    const via = step === 0 ? first : `${first}, which leads to {${targetPath}}`;
    if (!target?.token)
      return {
        error: `${via}, which is not a token of the converted sets, so whether it is a number or a dimension is unknown`,
      };
    if (target.lineHeightTarget === undefined) {
      const type = target.token.$type;
      if (type === 'number' || type === 'dimension') return type;
      return { error: `${via}, a ${type} token; a line height must be a number or a dimension` };
    }
    if (seen.has(target)) return { error: 'the line height is part of a reference cycle' };
    seen.add(target);
    current = target;
  }
  return { error: 'the line height goes through too many references' };
}

/** Keys read from a token object (the rest: child tokens when objects, else dropped). */
const TOKEN_PROPERTIES: ReadonlySet<string> = new Set([
  'value',
  '$value',
  'type',
  '$type',
  'description',
  '$description',
  '$extensions',
]);
/** Keys of a group that are its properties, not children. */
const GROUP_PROPERTIES: ReadonlySet<string> = new Set(['type', '$type', 'description', '$description', '$extensions']);

/**
 * A token: has `$value`, or has `value` — unless there is no string `type` and `value` is an object that is itself
 * a token or holds objects: that is a group with a child named "value" (a token's value object — a typography, a
 * shadow, a `{value, unit}` — holds only sub-values).
 */
function isTokenNode(node: Node): boolean {
  if (Object.hasOwn(node, '$value')) return true;
  if (!Object.hasOwn(node, 'value')) return false;
  if (typeof node.type === 'string' || typeof node.$type === 'string') return true;
  const value = node.value;
  if (!isPlainObject(value)) return true;
  if (Object.hasOwn(value, '$value') || (Object.hasOwn(value, 'value') && typeof value.type === 'string')) return false;
  for (const key of Object.keys(value)) if (isPlainObject(value[key])) return false;
  return true;
}

/** The tokens and groups inside a token object: its object-valued keys other than `value` and `$` keys. */
function tokenChildren(node: Node): Node {
  const children: Node = {};
  for (const key of Object.keys(node)) {
    if (key === 'value' || key.startsWith('$') || !isPlainObject(node[key])) continue;
    define(children, key, node[key]);
  }
  return children;
}

const CONFLICT = Symbol('conflict');

/** A token property spelled the Tokens Studio way or the DTCG way; CONFLICT when both are there and differ. */
function pick(node: Node, legacy: string, dtcg: string): unknown {
  // A `type` or `description` key holding an object is a child token or group, not the property.
  const a = Object.hasOwn(node, legacy) && !isPlainObject(node[legacy]) ? node[legacy] : undefined;
  const b = Object.hasOwn(node, dtcg) ? node[dtcg] : undefined;
  if (a !== undefined && b !== undefined && a !== b) return CONFLICT;
  return b !== undefined ? b : a;
}

// ---------------------------------------------------------------------------------------------------------------
// Value rules. Each takes the value as written and returns the DTCG value or why it cannot be converted.
// Whole references `{a.b}` are kept as written everywhere (Tokens Studio spells them like DTCG); a reference inside a
// larger string, or math, is refused.

function convertValue(kind: Kind, raw: unknown, notes: Notes): Converted {
  switch (kind) {
    case 'color':
      return color(raw, '');
    case 'dimension':
      return dimension(raw, notes, '', false);
    case 'letterSpacing':
      return dimension(raw, notes, '', true);
    case 'fontFamily':
      return fontFamily(raw, notes, '');
    case 'fontWeight':
      return fontWeight(raw, notes, '');
    case 'lineHeight':
      return lineHeight(raw, notes, '');
    case 'opacity':
      return opacity(raw, notes);
    case 'number':
      return number(raw, notes);
    case 'duration':
      return duration(raw);
    case 'shadow':
      return shadow(raw, notes);
    case 'typography':
      return typography(raw, notes);
    case 'border':
      return border(raw, notes);
  }
}

/** `part` names a sub-value in messages ("fontSize", "[1].x"); '' for the whole value. */
function lead(part: string): string {
  return part === '' ? '' : `${part}: `;
}

function isReference(raw: unknown): boolean {
  return typeof raw === 'string' && WHOLE_REFERENCE.test(raw.trim());
}

function referenceTarget(reference: string): string {
  return reference.trim().slice(1, -1).trim();
}

/** Why a string that is not a whole reference cannot be a value here, or undefined. */
function stringProblem(raw: string, part: string): string | undefined {
  if (raw.includes('{') || raw.includes('}'))
    return `${lead(part)}${quote(raw)} has a reference inside a larger value: ${EXPRESSION}`;
  if (/^\$[^\s$]+$/.test(raw.trim()))
    return `${lead(part)}${quote(raw)} is the old Tokens Studio reference syntax; write it as {name}`;
  return undefined;
}

function numberOf(text: string): number | undefined {
  const n = Number(text);
  return Number.isFinite(n) ? (n === 0 ? 0 : n) : undefined;
}

/** `n` percent as a fraction, without binary noise (150 → 1.5, 2 → 0.02). */
function fromPercent(n: number): number {
  const fraction = Number((n / 100).toPrecision(12));
  return fraction === 0 ? 0 : fraction;
}

function notNumeric(raw: string, part: string, what: string): string {
  return MATH.test(raw) ? `${lead(part)}${quote(raw)}: ${EXPRESSION}` : `${lead(part)}${quote(raw)} is not ${what}`;
}

/**
 * Color: a CSS color string, kept as written (the DTCG parser checks it); a DTCG color object is copied. Gradients
 * are not colors and are refused.
 */
function color(raw: unknown, part: string): Converted {
  if (typeof raw === 'string') {
    if (isReference(raw)) return { value: raw };
    const problem = stringProblem(raw, part);
    if (problem) return { error: problem };
    if (raw.trim() === '') return { error: `${lead(part)}is empty: expected a color` };
    if (/gradient\s*\(/i.test(raw)) return { error: `${lead(part)}${quote(raw)} is a gradient, not a color` };
    return { value: raw };
  }
  if (isPlainObject(raw) && typeof raw.colorSpace === 'string' && Array.isArray(raw.components)) {
    const copied = copyJson(raw, `${lead(part)}the color`);
    return 'error' in copied ? copied : { value: copied.value };
  }
  return { error: `${lead(part)}is not a color: expected a CSS color string, found ${describeKind(raw)}` };
}

/**
 * Dimension (sizing, spacing, borderRadius, borderWidth, dimension, fontSizes, paragraphSpacing, paragraphIndent,
 * letterSpacing): a unitless number means px (Tokens Studio's default) → `{value, unit: "px"}` ("4" with a
 * `numeric_string` warning); "16px"/"1rem" → `{value, unit}`; other CSS lengths ("0.5em", "50%") stay the CSS string
 * (a DTCG dimension object holds only px and rem). For letterSpacing, a percentage is of the font size: "2%" → "0.02em".
 */
function dimension(raw: unknown, notes: Notes, part: string, percentIsEm: boolean): Converted {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { error: `${lead(part)}is not a finite number` };
    const n = raw === 0 ? 0 : raw;
    notes.warn('tokens_studio_value', `${lead(part)}the unitless number ${n} is read as ${n}px`);
    return { value: { value: n, unit: 'px' } };
  }
  if (typeof raw === 'string') {
    if (isReference(raw)) return { value: raw };
    const problem = stringProblem(raw, part);
    if (problem) return { error: problem };
    const text = raw.trim();
    if (NUMBER.test(text)) {
      const n = numberOf(text);
      if (n === undefined) return { error: `${lead(part)}${quote(raw)} is not a finite number` };
      notes.warn('numeric_string', `${lead(part)}the number written as the string ${quote(raw)} is read as ${n}px`);
      return { value: { value: n, unit: 'px' } };
    }
    const pxRem = PX_REM.exec(text);
    if (pxRem) {
      const n = numberOf(pxRem[1]!);
      if (n === undefined) return { error: `${lead(part)}${quote(raw)} is not a finite dimension` };
      return { value: { value: n, unit: pxRem[2]!.toLowerCase() } };
    }
    const percent = percentIsEm ? PERCENT.exec(text) : null;
    if (percent) {
      const n = numberOf(percent[1]!);
      if (n === undefined) return { error: `${lead(part)}${quote(raw)} is not a finite percentage` };
      const em = `${fromPercent(n)}em`;
      notes.warn(
        'tokens_studio_value',
        `${lead(part)}the letter spacing ${quote(raw)} (a percentage of the font size) is read as ${em}`,
      );
      return { value: em };
    }
    if (CSS_LENGTH.test(text)) return { value: raw };
    return {
      error: notNumeric(raw, part, 'one dimension: expected a number with px or rem, or a CSS length such as "0.5em"'),
    };
  }
  if (
    isPlainObject(raw) &&
    Object.keys(raw).length === 2 &&
    typeof raw.value === 'number' &&
    Number.isFinite(raw.value) &&
    (raw.unit === 'px' || raw.unit === 'rem')
  ) {
    return { value: { value: raw.value === 0 ? 0 : raw.value, unit: raw.unit } };
  }
  return { error: `${lead(part)}is not a dimension: expected a number with px or rem, found ${describeKind(raw)}` };
}

/**
 * Font family: a name stays as written; a CSS list ("'Lato', sans-serif") becomes DTCG's array of names (quotes
 * around a name removed); an array of names is copied.
 */
function fontFamily(raw: unknown, notes: Notes, part: string): Converted {
  if (typeof raw === 'string') {
    if (isReference(raw)) return { value: raw };
    const problem = stringProblem(raw, part);
    if (problem) return { error: problem };
    if (raw.trim() === '') return { error: `${lead(part)}is empty: expected a font family name` };
    if (!/[,"']/.test(raw)) return { value: raw };
    const names = splitFontList(raw);
    if (names === undefined) return { error: `${lead(part)}${quote(raw)} is not a list of font family names` };
    const written =
      names.length === 1 ? `the font name ${quote(names[0])}` : `the DTCG list [${names.map(quote).join(', ')}]`;
    notes.warn('tokens_studio_value', `${lead(part)}the CSS font list ${quote(raw)} is written as ${written}`);
    return { value: names.length === 1 ? names[0] : names };
  }
  if (Array.isArray(raw)) {
    if (raw.length === 0 || raw.length > MAX_ITEMS)
      return { error: `${lead(part)}must list between 1 and ${MAX_ITEMS} font family names` };
    const names: string[] = [];
    for (const name of raw) {
      if (typeof name !== 'string')
        return { error: `${lead(part)}is not a font family list: every entry must be a string` };
      const problem = isReference(name) ? undefined : stringProblem(name, part);
      if (problem) return { error: problem };
      names.push(name);
    }
    return { value: names };
  }
  return { error: `${lead(part)}is not a font family: expected a name or a list of names, found ${describeKind(raw)}` };
}

/** A CSS font list → names without their quotes; undefined when a quote is left open or a name is empty. */
function splitFontList(text: string): string[] | undefined {
  const names: string[] = [];
  let current = '';
  let quoteChar: string | undefined;
  for (const character of text) {
    if (quoteChar !== undefined) {
      if (character === quoteChar) quoteChar = undefined;
      current += character;
    } else if (character === '"' || character === "'") {
      quoteChar = character;
      current += character;
    } else if (character === ',') {
      names.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  if (quoteChar !== undefined) return undefined;
  names.push(current);
  const out: string[] = [];
  for (const piece of names) {
    let name = piece.trim();
    const quoted = /^(["'])(.*)\1$/s.exec(name);
    if (quoted) name = quoted[2]!.trim();
    else if (/["']/.test(name)) return undefined;
    if (name === '') return undefined;
    out.push(name);
  }
  return out.length > MAX_ITEMS ? undefined : out;
}

/**
 * Font weight: a number (1–1000) as is; a numeric string → the number (`numeric_string`); a name, case-insensitively
 * and with or without spaces/hyphens ("Bold", "Semi Bold", "extra-light") → its weight; a style suffix ("Bold
 * Italic") → the weight, the style dropped with a warning (DTCG font weights carry no style).
 */
function fontWeight(raw: unknown, notes: Notes, part: string): Converted {
  const range = `${lead(part)}is not a font weight: DTCG weights are from 1 to 1000`;
  if (typeof raw === 'number')
    return Number.isFinite(raw) && raw >= 1 && raw <= 1000 ? { value: raw } : { error: range };
  if (typeof raw !== 'string')
    return {
      error: `${lead(part)}is not a font weight: expected a number or a name such as "Bold", found ${describeKind(raw)}`,
    };
  if (isReference(raw)) return { value: raw };
  const problem = stringProblem(raw, part);
  if (problem) return { error: problem };
  const text = raw.trim();
  const styled = /^(.*?)[\s_-]*(italic|oblique)$/i.exec(text);
  const base = styled ? styled[1]!.trim() : text;
  let weight: number | undefined;
  if (NUMBER.test(base)) weight = numberOf(base);
  else if (styled && base === '')
    weight = 400; // "Italic" alone is the regular weight
  else weight = WEIGHTS.get(base.toLowerCase().replace(/[\s_-]+/g, ''));
  if (weight === undefined)
    return {
      error: `${lead(part)}${quote(raw)} is not a font weight name Livery knows (Thin, ExtraLight, Light, Regular, Medium, SemiBold, Bold, ExtraBold, Black, or a number)`,
    };
  if (weight < 1 || weight > 1000) return { error: range };
  if (styled) {
    notes.warn(
      'tokens_studio_value',
      `${lead(part)}the font weight ${quote(raw)} is read as ${weight}; the ${styled[2]!.toLowerCase()} style is dropped (a DTCG font weight has no style)`,
    );
  } else if (NUMBER.test(base)) {
    notes.warn(
      'numeric_string',
      `${lead(part)}the font weight written as the string ${quote(raw)} is read as the number ${weight}`,
    );
  } else {
    notes.warn('tokens_studio_value', `${lead(part)}the font weight ${quote(raw)} is read as ${weight}`);
  }
  return { value: weight };
}

/**
 * Line height: unitless → a number (a multiplier of the font size); a percentage → a number ("150%" → 1.5); with a
 * length unit → a dimension ("24px" → `{value: 24, unit: "px"}`, "1.5em" stays the CSS string). "AUTO" (the font's
 * own) has no DTCG equivalent. A whole reference takes its target's type (decided after the merge).
 */
function lineHeight(raw: unknown, notes: Notes, part: string): Converted {
  const unitlessNote =
    '(a multiplier of the font size; note the Figma plugin applies a unitless line height as pixels)';
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { error: `${lead(part)}is not a finite number` };
    const n = raw === 0 ? 0 : raw;
    notes.warn(
      'tokens_studio_value',
      `${lead(part)}the unitless line height ${n} is kept as the number ${n} ${unitlessNote}`,
    );
    return { value: n, type: 'number' };
  }
  if (typeof raw === 'string') {
    if (isReference(raw)) return { value: raw };
    const problem = stringProblem(raw, part);
    if (problem) return { error: problem };
    const text = raw.trim();
    if (NUMBER.test(text)) {
      const n = numberOf(text);
      if (n === undefined) return { error: `${lead(part)}${quote(raw)} is not a finite number` };
      notes.warn(
        'numeric_string',
        `${lead(part)}the line height written as the string ${quote(raw)} is read as the number ${n} ${unitlessNote}`,
      );
      return { value: n, type: 'number' };
    }
    const percent = PERCENT.exec(text);
    if (percent) {
      const n = numberOf(percent[1]!);
      if (n === undefined) return { error: `${lead(part)}${quote(raw)} is not a finite percentage` };
      const fraction = fromPercent(n);
      notes.warn('tokens_studio_value', `${lead(part)}the line height ${quote(raw)} is read as the number ${fraction}`);
      return { value: fraction, type: 'number' };
    }
    if (/^(auto|normal)$/i.test(text))
      return {
        error: `${lead(part)}the line height ${quote(raw)} (the font's own) has no DTCG equivalent; give a number, a percentage or a length`,
      };
    const pxRem = PX_REM.exec(text);
    if (pxRem) {
      const n = numberOf(pxRem[1]!);
      if (n === undefined) return { error: `${lead(part)}${quote(raw)} is not a finite dimension` };
      return { value: { value: n, unit: pxRem[2]!.toLowerCase() }, type: 'dimension' };
    }
    if (CSS_LENGTH.test(text)) return { value: raw, type: 'dimension' };
    return { error: notNumeric(raw, part, 'a line height: expected a number, a percentage or a length') };
  }
  if (isPlainObject(raw)) {
    const converted = dimension(raw, notes, part, false);
    return 'error' in converted
      ? { error: `${lead(part)}is not a line height: expected a number, a percentage or a length` }
      : { ...converted, type: 'dimension' };
  }
  return {
    error: `${lead(part)}is not a line height: expected a number, a percentage or a length, found ${describeKind(raw)}`,
  };
}

/** Opacity → number from 0 to 1: "0.5" (`numeric_string`), "50%" → 0.5. Anything outside 0–1 is ambiguous: refused. */
function opacity(raw: unknown, notes: Notes): Converted {
  const range = 'an opacity must be from 0 to 1 (or 0% to 100%)';
  if (typeof raw === 'number')
    return Number.isFinite(raw) && raw >= 0 && raw <= 1
      ? { value: raw === 0 ? 0 : raw }
      : { error: `${raw} is out of range: ${range}` };
  if (typeof raw !== 'string')
    return { error: `is not an opacity: expected a number from 0 to 1 or a percentage, found ${describeKind(raw)}` };
  if (isReference(raw)) return { value: raw };
  const problem = stringProblem(raw, '');
  if (problem) return { error: problem };
  const text = raw.trim();
  const percent = PERCENT.exec(text);
  const n = NUMBER.test(text) ? numberOf(text) : percent ? numberOf(percent[1]!) : undefined;
  if (n === undefined)
    return { error: notNumeric(raw, '', 'an opacity: expected a number from 0 to 1 or a percentage') };
  const value = percent ? fromPercent(n) : n;
  if (value < 0 || value > 1) return { error: `${quote(raw)} is out of range: ${range}` };
  if (percent) notes.warn('tokens_studio_value', `the opacity ${quote(raw)} is read as the number ${value}`);
  else notes.warn('numeric_string', `the opacity written as the string ${quote(raw)} is read as the number ${value}`);
  return { value };
}

/** Number: a JSON number as is; a numeric string → the number (`numeric_string`). */
function number(raw: unknown, notes: Notes): Converted {
  if (typeof raw === 'number')
    return Number.isFinite(raw) ? { value: raw === 0 ? 0 : raw } : { error: 'is not a finite number' };
  if (typeof raw !== 'string') return { error: `is not a number, found ${describeKind(raw)}` };
  if (isReference(raw)) return { value: raw };
  const problem = stringProblem(raw, '');
  if (problem) return { error: problem };
  const n = NUMBER.test(raw.trim()) ? numberOf(raw.trim()) : undefined;
  if (n === undefined) return { error: notNumeric(raw, '', 'a number') };
  notes.warn('numeric_string', `the number written as the string ${quote(raw)} is read as ${n}`);
  return { value: n };
}

/** Duration: "200ms"/"0.2s" → `{value, unit}`; a bare number has no unit and is refused (ms or s is not known). */
function duration(raw: unknown): Converted {
  if (typeof raw === 'string') {
    if (isReference(raw)) return { value: raw };
    const problem = stringProblem(raw, '');
    if (problem) return { error: problem };
    const match = DURATION.exec(raw.trim());
    const n = match ? numberOf(match[1]!) : undefined;
    if (match && n !== undefined && n >= 0) return { value: { value: n, unit: match[2]! } };
    return { error: `${quote(raw)} is not a duration: expected e.g. "200ms" or "0.2s"` };
  }
  if (
    isPlainObject(raw) &&
    Object.keys(raw).length === 2 &&
    typeof raw.value === 'number' &&
    Number.isFinite(raw.value) &&
    raw.value >= 0 &&
    (raw.unit === 'ms' || raw.unit === 's')
  ) {
    return { value: { value: raw.value === 0 ? 0 : raw.value, unit: raw.unit } };
  }
  if (typeof raw === 'number') return { error: `${raw} has no unit: write the duration as e.g. "200ms" or "0.2s"` };
  return { error: `is not a duration: expected e.g. "200ms", found ${describeKind(raw)}` };
}

/**
 * boxShadow: an object `{x, y, blur, spread, color, type}` or an array of them (and references) → DTCG shadow
 * `{color, offsetX, offsetY, blur, spread, inset}`; `type` "innerShadow" → `inset: true`, "dropShadow" or none →
 * false. Offsets and sizes follow the dimension rule. A shadow written as CSS text is refused.
 */
function shadow(raw: unknown, notes: Notes): Converted {
  if (typeof raw === 'string') {
    if (isReference(raw)) return { value: raw };
    return {
      error:
        stringProblem(raw, '') ??
        `the box shadow ${quote(raw)} is CSS text; write it as {x, y, blur, spread, color, type}`,
    };
  }
  if (isPlainObject(raw)) return shadowLayer(raw, notes, '');
  if (!Array.isArray(raw))
    return {
      error: `is not a box shadow: expected {x, y, blur, spread, color} or a list of them, found ${describeKind(raw)}`,
    };
  if (raw.length === 0 || raw.length > MAX_ITEMS)
    return { error: `a box shadow list must have between 1 and ${MAX_ITEMS} shadows` };
  const layers: unknown[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (isReference(item)) layers.push(item);
    else if (isPlainObject(item)) {
      const layer = shadowLayer(item, notes, `[${i}]`);
      if ('error' in layer) return layer;
      layers.push(layer.value);
    } else
      return { error: `[${i}] is not a shadow: expected {x, y, blur, spread, color}, found ${describeKind(item)}` };
  }
  return { value: layers };
}

const SHADOW_KEYS = ['x', 'y', 'blur', 'spread', 'color'] as const;

function shadowLayer(layer: Node, notes: Notes, at: string): Converted {
  const forbidden = forbiddenKey(layer);
  if (forbidden) return { error: `${lead(at)}contains the key ${quote(forbidden)}` };
  const missing = SHADOW_KEYS.filter((key) => !Object.hasOwn(layer, key));
  if (missing.length > 0)
    return {
      error: `${lead(at)}the shadow has no ${listOf(missing)}: a DTCG shadow needs x, y, blur, spread and color`,
    };
  let inset: boolean;
  if (!Object.hasOwn(layer, 'type') || layer.type === 'dropShadow') inset = false;
  else if (layer.type === 'innerShadow') inset = true;
  else return { error: `${lead(at)}the shadow type ${quote(layer.type)} is not "dropShadow" or "innerShadow"` };
  const name = (key: string): string => (at === '' ? key : `${at}.${key}`);
  const colorValue = color(layer.color, name('color'));
  if ('error' in colorValue) return colorValue;
  const out: Record<string, unknown> = {};
  define(out, 'color', colorValue.value);
  for (const [from, to] of [
    ['x', 'offsetX'],
    ['y', 'offsetY'],
    ['blur', 'blur'],
    ['spread', 'spread'],
  ] as const) {
    const converted = dimension(layer[from], notes, name(from), false);
    if ('error' in converted) return converted;
    define(out, to, converted.value);
  }
  define(out, 'inset', inset);
  const dropped = Object.keys(layer).filter(
    (key) => !SHADOW_KEYS.includes(key as (typeof SHADOW_KEYS)[number]) && key !== 'type',
  );
  if (dropped.length > 0)
    notes.warn(
      'tokens_studio_value',
      `${lead(at)}the shadow's ${listOf(dropped.map(quote))} ${dropped.length === 1 ? 'has' : 'have'} no DTCG equivalent and ${dropped.length === 1 ? 'is' : 'are'} dropped`,
    );
  return { value: out };
}

/** DTCG typography's properties, in the spec's order, and the rule for each. */
const TYPOGRAPHY_KEYS = ['fontFamily', 'fontSize', 'fontWeight', 'letterSpacing', 'lineHeight'] as const;

/**
 * typography → DTCG typography with its five properties where given (fontFamily, fontSize, fontWeight,
 * letterSpacing, lineHeight), each by its own rule (a lineHeight with a length unit stays a dimension); references
 * kept. The others (paragraphSpacing, paragraphIndent, textCase, textDecoration, …) are dropped with one warning.
 * Missing properties are left out, not invented.
 */
function typography(raw: unknown, notes: Notes): Converted {
  if (typeof raw === 'string') {
    if (isReference(raw)) return { value: raw };
    return {
      error:
        stringProblem(raw, '') ??
        `the typography ${quote(raw)} is text; write it as {fontFamily, fontSize, fontWeight, lineHeight, letterSpacing}`,
    };
  }
  if (!isPlainObject(raw)) return { error: `is not a typography: expected an object, found ${describeKind(raw)}` };
  const forbidden = forbiddenKey(raw);
  if (forbidden) return { error: `contains the key ${quote(forbidden)}` };
  if (!TYPOGRAPHY_KEYS.some((key) => Object.hasOwn(raw, key)))
    return { error: 'the typography has none of fontFamily, fontSize, fontWeight, letterSpacing and lineHeight' };
  const out: Record<string, unknown> = {};
  for (const key of TYPOGRAPHY_KEYS) {
    if (!Object.hasOwn(raw, key)) continue;
    const value = raw[key];
    let converted: Converted;
    if (key === 'fontFamily') converted = fontFamily(value, notes, key);
    else if (key === 'fontSize') converted = dimension(value, notes, key, false);
    else if (key === 'fontWeight') converted = fontWeight(value, notes, key);
    else if (key === 'letterSpacing') converted = dimension(value, notes, key, true);
    else converted = lineHeight(value, notes, key);
    if ('error' in converted) return converted;
    define(out, key, converted.value);
  }
  const dropped = Object.keys(raw).filter((key) => !TYPOGRAPHY_KEYS.includes(key as (typeof TYPOGRAPHY_KEYS)[number]));
  if (dropped.length > 0)
    notes.warn(
      'tokens_studio_value',
      `${listOf(dropped.map(quote))} ${dropped.length === 1 ? 'has' : 'have'} no DTCG typography equivalent and ${dropped.length === 1 ? 'is' : 'are'} dropped`,
    );
  return { value: out };
}

/**
 * border `{color, width, style}` → DTCG border: color and width by their rules, style one of CSS's line styles
 * (solid, dashed, dotted, double, groove, ridge, outset, inset) or a reference. All three are required; a border
 * written as CSS text ("1px solid #000") is refused.
 */
function border(raw: unknown, notes: Notes): Converted {
  if (typeof raw === 'string') {
    if (isReference(raw)) return { value: raw };
    return {
      error: stringProblem(raw, '') ?? `the border ${quote(raw)} is CSS text; write it as {color, width, style}`,
    };
  }
  if (!isPlainObject(raw))
    return { error: `is not a border: expected {color, width, style}, found ${describeKind(raw)}` };
  const forbidden = forbiddenKey(raw);
  if (forbidden) return { error: `contains the key ${quote(forbidden)}` };
  const missing = (['color', 'width', 'style'] as const).filter((key) => !Object.hasOwn(raw, key));
  if (missing.length > 0)
    return { error: `the border has no ${listOf(missing)}: a DTCG border needs color, width and style` };
  const colorValue = color(raw.color, 'color');
  if ('error' in colorValue) return colorValue;
  const width = dimension(raw.width, notes, 'width', false);
  if ('error' in width) return width;
  const style = raw.style;
  if (!(isReference(style) || (typeof style === 'string' && STROKE_KEYWORDS.has(style)))) {
    return {
      error: `style ${typeof style === 'string' ? quote(style) : describeKind(style)} is not a DTCG stroke style (solid, dashed, dotted, double, groove, ridge, outset, inset)`,
    };
  }
  const out: Record<string, unknown> = {};
  define(out, 'color', colorValue.value);
  define(out, 'width', width.value);
  define(out, 'style', style);
  const dropped = Object.keys(raw).filter((key) => key !== 'color' && key !== 'width' && key !== 'style');
  if (dropped.length > 0)
    notes.warn(
      'tokens_studio_value',
      `the border's ${listOf(dropped.map(quote))} ${dropped.length === 1 ? 'has' : 'have'} no DTCG equivalent and ${dropped.length === 1 ? 'is' : 'are'} dropped`,
    );
  return { value: out };
}

/** References to a token that became a group's `$root` → `{path.$root}`, in a converted (fresh, small) value. */
function rewriteReferences(value: unknown, byDotted: ReadonlyMap<string, Entry>, rooted: ReadonlySet<Entry>): unknown {
  const rewrite = (text: string): string => {
    if (!isReference(text)) return text;
    const target = byDotted.get(referenceTarget(text));
    return target && rooted.has(target) ? `{${target.dotted}.$root}` : text;
  };
  if (typeof value === 'string') return rewrite(value);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const element: unknown = item[i];
        if (typeof element === 'string') item[i] = rewrite(element);
        else stack.push(element);
      }
    } else if (isPlainObject(item)) {
      for (const key of Object.keys(item)) {
        const element = item[key];
        if (typeof element === 'string') define(item, key, rewrite(element));
        else stack.push(element);
      }
    }
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** A deep copy of JSON data (for `$extensions` and color objects): bounded, iterative, refusing prototype keys. */
function copyJson(value: unknown, what: string): { value: unknown } | { error: string } {
  const holder: Record<string, unknown> = {};
  const stack: { source: unknown; parent: Record<string, unknown> | unknown[]; key: string | number; depth: number }[] =
    [{ source: value, parent: holder, key: 'value', depth: 0 }];
  let seen = 0;
  while (stack.length > 0) {
    const { source, parent, key, depth } = stack.pop()!;
    if (++seen > 10_000) return { error: `${what} is too large` };
    let copy: unknown;
    if (
      source === null ||
      typeof source === 'string' ||
      typeof source === 'boolean' ||
      (typeof source === 'number' && Number.isFinite(source))
    ) {
      copy = source;
    } else if (Array.isArray(source) || isPlainObject(source)) {
      if (depth >= MAX_VALUE_DEPTH) return { error: `${what} nests too deeply` };
      const keys = Object.keys(source);
      const forbidden = keys.find((k) => FORBIDDEN_NAMES.has(k));
      if (forbidden !== undefined) return { error: `${what} contains the key ${quote(forbidden)}` };
      copy = Array.isArray(source) ? new Array<unknown>(source.length) : {};
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push({
          source: (source as Node)[k],
          parent: copy as Node | unknown[],
          key: Array.isArray(source) ? Number(k) : k,
          depth: depth + 1,
        });
      }
    } else {
      return { error: `${what} contains ${describeKind(source)}, which is not JSON` };
    }
    if (Array.isArray(parent)) parent[key as number] = copy;
    else define(parent, key as string, copy);
  }
  return { value: holder.value };
}

function forbiddenKey(node: Node): string | undefined {
  return Object.keys(node).find((key) => FORBIDDEN_NAMES.has(key));
}

/** Define (never assign) a key, so no name — `__proto__` included — can reach a setter or a prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Node {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A unique key for a list of names (names may contain '.', so the dotted form is not unique): each name prefixed
 * with its length, so the key of a path's ancestor is a prefix of the path's key.
 */
function segmentKey(segments: readonly string[]): string {
  let key = '';
  for (const name of segments) key += segmentKeyPart(name);
  return key;
}

function segmentKeyPart(name: string): string {
  return `${name.length}:${name}`;
}

/** A path as shown in messages: names as written, dot-joined; a name with hidden characters or too long is quoted. */
function showPath(segments: readonly string[]): string {
  if (segments.length === 0) return ROOT;
  return segments.map((name) => (name.length <= 128 && !HIDDEN.test(name) ? name : quote(name))).join('.');
}
