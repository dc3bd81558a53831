// Livery on real published token files, installed as devDependencies (nothing copied into the repository):
//
// 1. dtcg-examples 1.1.3 (MIT): seven public design systems' DTCG exports with DTCG resolver documents, through the
//    real `livery check`. Four are accepted; three are refused, and every violation must be one of the real
//    problems listed for that export (checked against the source files themselves), so a refusal for any other
//    reason fails. Every token Livery accepts must declare the value its source files give (an oracle of our own
//    in ./compare.ts reads the files and the resolver document).
// 2. @terrazzo/tokens 0.1.0 (MIT): tokens.json and the dist/index.css Terrazzo built from it — every custom property
//    of their :root that maps to a token must have the value Livery emits.
// 3. @daikin-oss/dds-tokens 0.3.2: a Tokens Studio multi-file export converted with the real `livery convert`,
//    checked with `livery check`, and compared with the CSS the package ships.
// 4. A Tailwind-style layer with dotted names (test/real/fixtures), validated and built as a T1 layer with the real
//    CLI, compared with what plain Style Dictionary 5 makes of the same file.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import StyleDictionary from 'style-dictionary';
import type { DesignTokens } from 'style-dictionary/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResolver } from '../../src/cli/input.ts';
import { themeDeclarations, toFlat } from '../../src/engine/emit/light.ts';
import { mergeTokenFiles } from '../../src/engine/files.ts';
import { checkTree, LENIENT_CODES, type CheckResult } from '../../src/engine/index.ts';
import {
  compareRows,
  difference,
  expectedCss,
  isNode,
  kindOf,
  resolvedValue,
  resolverTree,
  resolveVars,
  rootProperties,
  sourceTokens,
  sourceType,
  type Node,
  type Row,
  type SourceToken,
} from './compare.ts';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../..');
const CLI = join(REPO, 'src/cli/main.ts');
const require = createRequire(import.meta.url);
const EXAMPLES = dirname(require.resolve('dtcg-examples/package.json'));
const TERRAZZO = dirname(require.resolve('@terrazzo/tokens/package.json'));
const DAIKIN_THEMES = dirname(require.resolve('@daikin-oss/dds-tokens/themes/$metadata.json'));
const DAIKIN_CSS = join(DAIKIN_THEMES, '../build/css/daikin/Light/variables.css');
const TAILWIND_FIXTURE = join(import.meta.dirname, 'fixtures/tailwind-style-theme.tokens.json');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real CLI, as a designer runs it. */
async function livery(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

interface Violation {
  path: string;
  rule: string;
  message: string;
  target?: string;
  code?: string;
}
interface Report {
  ok: boolean;
  violations: Violation[];
  warnings: { path: string; code: string; message: string }[];
}

function report(result: CliResult): Report {
  try {
    return JSON.parse(result.stdout) as Report;
  } catch {
    throw new Error(`livery printed no JSON report (exit ${result.code}):\n${result.stderr}${result.stdout}`);
  }
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Node;
const codes = (r: Report) => [...new Set(r.warnings.map((w) => w.code))].sort();

/** Livery's theme of a complete tree, and its :root declarations as a stylesheet scope (name → declared value). */
function emitted(result: CheckResult) {
  const declarations = themeDeclarations(result.theme);
  const scope = new Map([...declarations.root.values()].map((d) => [d.name, d.value]));
  /** A declaration's value with our own var() references resolved in our :root. */
  const ours = (name: string) => resolveVars(scope.get(name)!, scope);
  return { declarations, scope, ours };
}

// ---- 1. dtcg-examples ------------------------------------------------------------------------------------------

const resolverFile = (system: string) => join(EXAMPLES, `${system}.resolver.json`);

/** In process, as `livery check` reads it: the resolver's files merged, then checkTree. */
async function checkSystem(system: string, contexts: Record<string, string> = {}): Promise<CheckResult> {
  const merged = mergeTokenFiles(await readResolver(resolverFile(system), contexts), { override: true });
  expect(merged.violations).toEqual([]);
  return checkTree(merged.tree);
}

/** The warning codes each accepted system gets (all lenient: --strict would refuse them), and why. */
const ACCEPTED: { system: string; warnings: string[] }[] = [
  // letterSpacing {value: 0, unit: "em"} in every text style: em is not a DTCG dimension unit
  { system: 'figma-sds', warnings: ['non_standard_unit'] },
  { system: 'shopify-polaris', warnings: [] },
  // non_standard_unit: fluid spacing in vw; non_standard_value: 3-digit hex fallbacks, {value: 0, unit: ""}
  { system: 'ibm-carbon', warnings: ['non_standard_unit', 'non_standard_value'] },
  // non_standard_value: 3-digit hex fallbacks, letterSpacing 0; unknown_property: WebkitFontSmoothing/MozOsxFontSmoothing in typography
  { system: 'microsoft-fluent', warnings: ['non_standard_value', 'unknown_property'] },
];

/** What the oracle needs to judge a violation against the export's own files. */
interface Judge {
  tokens: Map<string, SourceToken>;
  /** Paths refused for what they are (every violation but alias_unresolved). */
  refused: Set<string>;
  /** Tokens of sets the resolver document declares but leaves out of resolutionOrder. */
  unloaded: Map<string, SourceToken>;
}

/** $type values these exports use that DTCG 2025.10 does not define. */
const UNDEFINED_TYPES = new Set(['string', 'custom-string', 'custom-viewportRange']);
/** Dimension units of other platforms, with no CSS meaning. */
const NON_CSS_UNITS = new Set(['dp']);

/** The real problems a refused export may be refused for: each checks the message and the source file itself. */
const CATEGORIES: Record<string, { what: string; matches: (v: Violation, judge: Judge) => boolean }> = {
  undefined_type: {
    what: `a $type DTCG does not define (${[...UNDEFINED_TYPES].join(', ')})`,
    matches: (v, { tokens }) => {
      const type = v.rule === 'schema' ? /: "([^"]+)" is not a DTCG type/.exec(v.message)?.[1] : undefined;
      return type !== undefined && UNDEFINED_TYPES.has(type) && tokens.get(v.path)?.type === type;
    },
  },
  no_type: {
    what: 'a token with no $type of its own or from a group, and no alias to take one from',
    matches: (v, { tokens }) =>
      v.rule === 'schema' &&
      /the token has no \$type/.test(v.message) &&
      tokens.has(v.path) &&
      sourceType(tokens, v.path) === undefined,
  },
  legacy_alpha: {
    what: 'a legacy "alpha" member beside $value (DTCG puts alpha inside the color)',
    matches: (v, { tokens }) =>
      v.rule === 'schema' &&
      /"alpha" is not a DTCG token property/.test(v.message) &&
      Object.hasOwn(tokens.get(v.path)?.node ?? {}, 'alpha'),
  },
  non_css_unit: {
    what: `a dimension in a unit CSS does not have (${[...NON_CSS_UNITS].join(', ')})`,
    matches: (v, { tokens }) => {
      const token = tokens.get(v.path);
      return (
        v.rule === 'schema' &&
        /is not a dimension/.test(v.message) &&
        token?.type === 'dimension' &&
        isNode(token.value) &&
        NON_CSS_UNITS.has(String(token.value.unit))
      );
    },
  },
  through_refused: {
    what: 'alias_unresolved only because the alias (directly or through others) reaches a token refused above',
    matches: (v, { tokens, refused }) =>
      v.rule === 'alias_unresolved' &&
      v.target !== undefined &&
      refused.has(v.target) &&
      tokens.has(v.target) &&
      /goes through|refers to/.test(v.message),
  },
  unloaded_set: {
    what: 'alias_unresolved because the target lives in a set the resolver declares but never lists in resolutionOrder',
    matches: (v, { tokens, unloaded }) =>
      v.rule === 'alias_unresolved' && v.target !== undefined && !tokens.has(v.target) && unloaded.has(v.target),
  },
};

const REFUSED: { system: string; categories: (keyof typeof CATEGORIES)[] }[] = [
  { system: 'github-primer', categories: ['legacy_alpha', 'undefined_type', 'through_refused'] },
  { system: 'adobe-spectrum', categories: ['undefined_type', 'non_css_unit'] },
  { system: 'apple-hig', categories: ['no_type', 'unloaded_set'] },
];

/** The sets a resolver document declares but never applies, read as tokens. */
function unloadedSets(system: string): Map<string, SourceToken> {
  const document = readJson(resolverFile(system)) as {
    resolutionOrder: { $ref: string }[];
    sets?: Record<string, { sources: { $ref: string }[] }>;
  };
  const used = new Set(document.resolutionOrder.map((entry) => entry.$ref));
  const tree: Node = {};
  for (const [name, set] of Object.entries(document.sets ?? {})) {
    if (used.has(`#/sets/${name}`)) continue;
    for (const source of set.sources) Object.assign(tree, readJson(join(EXAMPLES, source.$ref)));
  }
  return sourceTokens(tree);
}

/**
 * Every declaration Livery emits for the theme, against the oracle's reading of the source: the same properties
 * (suffixes) per token, each meaning the same value. Returns the mismatches and how many were compared.
 */
function againstSource(
  result: CheckResult,
  tokens: Map<string, SourceToken>,
): { compared: number; mismatches: string[]; types: string[] } {
  const { declarations, ours } = emitted(result);
  const rows: Row[] = [];
  const mismatches: string[] = [];
  const types: string[] = [];
  for (const [path, list] of declarations.byPath) {
    const token = result.theme.tokens.get(path)!;
    const expected = expectedCss(tokens, path);
    if (expected.type !== token.type)
      types.push(`${path}: Livery reads ${token.type}, the source says ${expected.type}`);
    const suffixes = list.map((d) => d.suffix).sort();
    if (JSON.stringify(suffixes) !== JSON.stringify([...expected.properties.keys()].sort())) {
      mismatches.push(
        `${path}: Livery emits ${JSON.stringify(suffixes)}, the source has ${JSON.stringify([...expected.properties.keys()])}`,
      );
    }
    for (const d of list) {
      const theirs = expected.properties.get(d.suffix);
      if (theirs !== undefined)
        rows.push({ name: d.name, kind: kindOf(token.type, d.suffix), ours: ours(d.name), theirs });
    }
  }
  const comparison = compareRows(rows);
  return { compared: comparison.compared, mismatches: [...mismatches, ...comparison.mismatches], types };
}

describe('dtcg-examples 1.1.3: public design systems through `livery check`', () => {
  const cli = new Map<string, CliResult>();
  const DARK = 'figma-sds --context theme=dark';

  beforeAll(async () => {
    const systems = [...ACCEPTED, ...REFUSED].map((s) => s.system);
    const results = await Promise.all([
      ...systems.map((system) => livery('check', resolverFile(system), '--json')),
      livery('check', resolverFile('figma-sds'), '--context', 'theme=dark', '--json'),
    ]);
    for (const [i, system] of systems.entries()) cli.set(system, results[i]!);
    cli.set(DARK, results.at(-1)!);
  });

  describe.each(ACCEPTED)('$system', ({ system, warnings }) => {
    it(`is accepted (exit 0), with lenient warnings only: ${warnings.join(', ') || 'none'}`, async () => {
      const result = cli.get(system)!;
      const r = report(result);
      expect(result.code, JSON.stringify(r.violations.slice(0, 5), null, 2)).toBe(0);
      expect(r.ok).toBe(true);
      expect(codes(r)).toEqual(warnings);
      for (const code of codes(r)) expect(LENIENT_CODES.has(code), code).toBe(true);
      // the in-process reading the next test inspects is the one the CLI judged
      expect((await checkSystem(system)).ok).toBe(true);
    });

    it('declares every token of its source files, each with the value written there', async () => {
      const result = await checkSystem(system);
      const tokens = sourceTokens(resolverTree(resolverFile(system)));
      expect([...result.theme.tokens.keys()].sort()).toEqual([...tokens.keys()].sort());
      expect(themeDeclarations(result.theme).omitted).toEqual([]);
      const { compared, mismatches, types } = againstSource(result, tokens);
      expect(types).toEqual([]);
      expect(mismatches).toEqual([]);
      expect(compared).toBeGreaterThanOrEqual(tokens.size);
    });
  });

  describe.each(REFUSED)('$system', ({ system, categories }) => {
    it(`is refused (exit 1), every violation one of its export's real problems: ${categories.join(', ')}`, async () => {
      const result = cli.get(system)!;
      const r = report(result);
      expect(result.code).toBe(1);
      expect(r.ok).toBe(false);
      const judge: Judge = {
        tokens: sourceTokens(resolverTree(resolverFile(system))),
        refused: new Set(r.violations.filter((v) => v.rule !== 'alias_unresolved').map((v) => v.path)),
        unloaded: unloadedSets(system),
      };
      const used = new Map<string, number>();
      const unexplained: string[] = [];
      for (const violation of r.violations) {
        const category = categories.find((c) => CATEGORIES[c]!.matches(violation, judge));
        if (category === undefined) unexplained.push(`${violation.path} [${violation.rule}] ${violation.message}`);
        else used.set(category, (used.get(category) ?? 0) + 1);
      }
      expect(unexplained).toEqual([]);
      // each listed problem is really there (the list documents this export, it is not a blanket excuse)
      expect([...used.keys()].sort()).toEqual([...categories].sort());
      for (const code of codes(r)) expect(LENIENT_CODES.has(code), code).toBe(true);
      // the in-process reading the next test inspects refuses the same tokens for the same rules
      const inProcess = await checkSystem(system);
      const keyed = (list: Violation[]) => list.map((v) => `${v.rule} ${v.path}`).sort();
      expect(keyed(inProcess.violations)).toEqual(keyed(r.violations));
    });

    it('leaves out exactly the refused tokens and declares every other one with the value its source files give', async () => {
      const result = await checkSystem(system);
      const tokens = sourceTokens(resolverTree(resolverFile(system)));
      const refused = [
        ...new Set(result.violations.filter((v) => v.rule !== 'alias_unresolved').map((v) => v.path)),
      ].sort();
      const unresolved = [
        ...new Set(result.violations.filter((v) => v.rule === 'alias_unresolved').map((v) => v.path)),
      ].sort();
      expect([...tokens.keys()].filter((path) => !result.theme.tokens.has(path)).sort()).toEqual(refused);
      const omitted = themeDeclarations(result.theme).omitted;
      expect(omitted.map((o) => o.path).sort()).toEqual(unresolved);
      expect(omitted.every((o) => o.reason === 'unresolved')).toBe(true);
      const { compared, mismatches, types } = againstSource(result, tokens);
      expect(types).toEqual([]);
      expect(mismatches).toEqual([]);
      expect(compared).toBeGreaterThanOrEqual(tokens.size - refused.length - unresolved.length);
    });
  });

  it("figma-sds: a group's $root token is the group's property, and typography composites emit the font shorthand and its parts", async () => {
    const light = readJson(join(EXAMPLES, 'figma-sds/theme-light.tokens.json'));
    const colors = readJson(join(EXAMPLES, 'figma-sds/color.tokens.json'));
    const typography = readJson(join(EXAMPLES, 'figma-sds/typography.tokens.json'));
    const at = (tree: Node, path: string) =>
      path.split('.').reduce<unknown>((node, key) => (node as Node)[key], tree) as Node;

    const { declarations, ours } = emitted(await checkSystem('figma-sds'));
    // color.background.brand.$root = {color.brand.800}
    expect(at(light, 'color.background.brand.$root').$value).toBe('{color.brand.800}');
    const brand800 = at(colors, 'color.brand.800').$value as { hex: string };
    expect(declarations.root.get('--color-background-brand')).toMatchObject({
      path: 'color.background.brand.$root',
      value: 'var(--color-brand-800)',
    });
    expect(difference('color', ours('--color-background-brand'), brand800.hex).why).toBeNull();
    expect(declarations.root.has('--color-background-brand-$root')).toBe(false);

    // typography.titleHero: {typography.family.sans}, {typography.scale.10}, {typography.weight.bold}, 0em, 1
    const hero = at(typography, 'typography.titleHero').$value as Node;
    expect(hero).toMatchObject({
      fontFamily: '{typography.family.sans}',
      fontSize: '{typography.scale.10}',
      fontWeight: '{typography.weight.bold}',
      lineHeight: 1,
    });
    const family = at(typography, 'typography.family.sans').$value as string[];
    const size = at(typography, 'typography.scale.10').$value as { value: number; unit: string };
    const weight = at(typography, 'typography.weight.bold').$value as number;
    expect(family).toEqual(['inter', 'sans-serif']);
    expect(ours('--typography-titleHero-font-family')).toBe('"inter", sans-serif');
    expect(ours('--typography-titleHero-font-size')).toBe(`${size.value}${size.unit}`);
    expect(ours('--typography-titleHero-font-weight')).toBe(String(weight));
    expect(ours('--typography-titleHero-line-height')).toBe('1');
    expect(ours('--typography-titleHero-letter-spacing')).toBe('0em');
    expect(ours('--typography-titleHero')).toBe(`${weight} ${size.value}${size.unit}/1 "inter", sans-serif`);
  });

  it("figma-sds under --context theme=dark: accepted, and exactly the themed tokens take the dark file's values", async () => {
    const result = cli.get(DARK)!;
    expect(result.code, result.stdout.slice(0, 2000)).toBe(0);
    expect(report(result).ok).toBe(true);

    const dark = await checkSystem('figma-sds', { theme: 'dark' });
    const tokens = sourceTokens(resolverTree(resolverFile('figma-sds'), { theme: 'dark' }));
    const { mismatches } = againstSource(dark, tokens);
    expect(mismatches).toEqual([]);

    const lightFlat = toFlat((await checkSystem('figma-sds')).theme).light;
    const darkFlat = toFlat(dark.theme).light;
    const changed = Object.keys(lightFlat).filter((name) => lightFlat[name] !== darkFlat[name]);
    // brand background: {color.brand.800} in the light file; {color.white.100}, a 5% white, in the dark one
    const darkFile = sourceTokens(readJson(join(EXAMPLES, 'figma-sds/theme-dark.tokens.json')));
    expect(darkFile.get('color.background.brand.$root')!.value).toBe('{color.white.100}');
    const white100 = resolvedValue(tokens, 'color.white.100') as { components: number[]; alpha: number };
    expect(white100.alpha).toBeCloseTo(0.051, 3);
    expect(changed).toContain('--color-background-brand');
    expect(
      difference(
        'color',
        darkFlat['--color-background-brand']!,
        `color(srgb ${white100.components.join(' ')} / ${white100.alpha})`,
      ).why,
    ).toBeNull();
    expect(
      difference(
        'color',
        lightFlat['--color-background-brand']!,
        `color(srgb ${white100.components.join(' ')} / ${white100.alpha})`,
      ).why,
    ).not.toBeNull();
    // only properties of tokens the theme files define change
    const themed = new Set(
      [...darkFile.keys()].map(
        (path) =>
          `--${path
            .replace(/\.\$root$/, '')
            .split('.')
            .join('-')}`,
      ),
    );
    expect(changed.filter((name) => !themed.has(name))).toEqual([]);
    expect(changed.length).toBeGreaterThan(50);
  });

  it('refuses a --context for a modifier the resolver does not have, or a context it does not list (exit 2)', async () => {
    const modifier = await livery('check', resolverFile('figma-sds'), '--context', 'thme=dark', '--json');
    expect(modifier.code).toBe(2);
    expect(report(modifier as CliResult)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('no modifier "thme"') },
    });
    expect((await livery('check', resolverFile('figma-sds'), '--context', 'theme=drak')).code).toBe(2);
  });
});

// ---- 2. @terrazzo/tokens ---------------------------------------------------------------------------------------

/** Terrazzo's name for a token (makeCSSVar with prefix "tz"): each path segment kebab-cased, joined with "-". */
const terrazzoName = (path: string, suffix: string) =>
  `--tz-${path
    .split('.')
    .map((s) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase())
    .join('-')}${suffix}`;

describe('@terrazzo/tokens 0.1.0: tokens.json against the dist/index.css Terrazzo built from it', () => {
  const published = readJson(join(TERRAZZO, 'tokens.json'));

  /** tokens.json with its two shadows' misspelt "sperad" read as "spread" (Terrazzo's CSS writes spread 0). */
  function corrected(): Node {
    const tree = structuredClone(published);
    for (const shadow of Object.values(tree.shadow as Node)) {
      if (!isNode(shadow) || !isNode(shadow.$value)) continue;
      const { sperad, ...rest } = shadow.$value;
      shadow.$value = { ...rest, spread: sperad };
    }
    return tree;
  }

  it('refuses tokens.json as published only for the two shadows whose "spread" is misspelt "sperad"', () => {
    const shadows = published.shadow as Record<string, Node>;
    for (const name of ['100', '300']) {
      expect(Object.keys(shadows[name]!.$value as Node)).toContain('sperad');
      expect(Object.keys(shadows[name]!.$value as Node)).not.toContain('spread');
    }
    const result = checkTree(published);
    expect(result.violations.map((v) => [v.path, v.rule])).toEqual([
      ['shadow.100', 'schema'],
      ['shadow.300', 'schema'],
    ]);
    for (const v of result.violations) expect(v.message).toMatch(/lacks spread .*did you mean "sperad" for spread\?/);
  });

  it('accepts tokens.json with that typo corrected, with lenient warnings only', () => {
    const result = checkTree(corrected());
    expect(result.violations).toEqual([]);
    // fontVariationSettings in every text style; letterSpacing left out of some; a line height written as a length
    expect([...new Set(result.warnings.map((w) => w.code))].sort()).toEqual([
      'incomplete_composite',
      'non_standard_value',
      'unknown_property',
    ]);
  });

  it('declares the value of every custom property in their :root that names a token (colors ΔE2000 < 1, lengths, numbers, families, borders, shadows)', () => {
    const result = checkTree(corrected());
    const { declarations, ours } = emitted(result);
    const theirScope = rootProperties(readFileSync(join(TERRAZZO, 'dist/index.css'), 'utf8'), { first: true });
    const ourByTheirName = new Map([...declarations.root.values()].map((d) => [terrazzoName(d.path, d.suffix), d]));

    const rows: Row[] = [];
    const unmapped: string[] = [];
    for (const name of theirScope.keys()) {
      const d = ourByTheirName.get(name);
      if (!d) {
        unmapped.push(name);
        continue;
      }
      rows.push({
        name,
        kind: kindOf(result.theme.tokens.get(d.path)!.type, d.suffix),
        ours: ours(d.name),
        theirs: resolveVars(theirScope.get(name)!, theirScope),
      });
    }
    const comparison = compareRows(rows);
    expect(comparison.mismatches).toEqual([]);

    // Unmapped: only the part DTCG's typography does not have (Livery ignores fontVariationSettings, with an
    // unknown_property warning) — one per text style that sets it, an alias of one included.
    const tokens = sourceTokens(published);
    const variationSettings = [...tokens.keys()]
      .filter(
        (path) =>
          sourceType(tokens, path) === 'typography' &&
          isNode(resolvedValue(tokens, path)) &&
          'fontVariationSettings' in (resolvedValue(tokens, path) as Node),
      )
      .map((path) => terrazzoName(path, '-font-variation-settings'));
    expect(unmapped.sort()).toEqual(variationSettings.sort());
    expect(unmapped.length).toBe(10);
    expect(comparison.compared).toBe(theirScope.size - unmapped.length);
    expect(comparison.compared).toBeGreaterThan(140);
    expect(comparison.colors).toBeGreaterThan(60);
    expect(comparison.maxDeltaE).toBeLessThan(1);
  });
});

// ---- 3. @daikin-oss/dds-tokens (Tokens Studio) ------------------------------------------------------------------

describe('@daikin-oss/dds-tokens 0.3.2: the "Light" DKN theme converted from Tokens Studio, against the CSS the package ships', () => {
  let dir: string;
  let sets: string[];
  let convert: CliResult;
  let check: CliResult;
  let converted: Node;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'livery-real-daikin-'));
    const order = (readJson(join(DAIKIN_THEMES, '$metadata.json')) as { tokenSetOrder: string[] }).tokenSetOrder;
    const themes = JSON.parse(readFileSync(join(DAIKIN_THEMES, '$themes.json'), 'utf8')) as {
      name: string;
      group?: string;
      selectedTokenSets: Record<string, string>;
    }[];
    const theme = themes.find((t) => t.name === 'Light' && t.group === 'DKN');
    if (!theme)
      throw new Error(
        `$themes.json has no Light theme in the DKN group: ${themes.map((t) => `${t.group}/${t.name}`).join(', ')}`,
      );
    sets = order.filter((set) => theme.selectedTokenSets[set] === 'enabled');
    const out = join(dir, 'dkn-light.tokens.json');
    convert = await livery(
      'convert',
      DAIKIN_THEMES,
      '--from',
      'tokens-studio',
      ...sets.flatMap((set) => ['--set', set]),
      '--out',
      out,
    );
    check = await livery('check', out, '--json');
    converted = JSON.parse(await readFile(out, 'utf8')) as Node;
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('converts the sets the theme enables, in $metadata order, without violations', () => {
    expect(sets).toEqual(['reference', 'system', 'component', 'dkn/light/system', 'dkn/light/component']);
    expect(convert.code, convert.stderr).toBe(0);
    expect(convert.stderr).toContain(
      'merged the sets "reference", "system", "component", "dkn/light/system" and "dkn/light/component" in that order',
    );
  });

  it('livery check accepts the converted tree (text styles without letterSpacing are warnings)', () => {
    const r = report(check);
    expect(check.code, JSON.stringify(r.violations.slice(0, 5))).toBe(0);
    expect(codes(r)).toEqual(['incomplete_composite']);
  });

  it('declares every custom property of their CSS with the same value (colors ΔE2000 < 1, px lengths, numbers, font shorthands)', () => {
    const result = checkTree(converted);
    expect(result.ok).toBe(true);
    const { declarations, ours } = emitted(result);
    const theirScope = rootProperties(readFileSync(DAIKIN_CSS, 'utf8'));
    const byTheirName = new Map([...declarations.root.values()].map((d) => [`--dds-${d.name.slice(2)}`, d]));

    const rows: Row[] = [];
    const unmapped: string[] = [];
    for (const [name, value] of theirScope) {
      const d = byTheirName.get(name);
      if (d)
        rows.push({
          name,
          kind: kindOf(result.theme.tokens.get(d.path)!.type, d.suffix),
          ours: ours(d.name),
          theirs: resolveVars(value, theirScope),
        });
      else unmapped.push(name);
    }
    const comparison = compareRows(rows);
    expect(comparison.mismatches).toEqual([]);
    expect(unmapped).toEqual([]);
    expect(comparison.compared).toBe(180);
    expect(comparison.maxDeltaE).toBeLessThan(1);

    // What we declare and they do not: the typography parts (their CSS has only the font shorthand) and
    // color.black.shadow, a token nested inside the token color.black, which their build drops.
    const extra = [...byTheirName.keys()].filter((name) => !theirScope.has(name));
    expect(
      extra.filter((name) => !/-(font-family|font-size|font-weight|line-height|letter-spacing)$/.test(name)),
    ).toEqual(['--dds-color-black-shadow']);
  });
});

// ---- 4. dotted names in a T1 layer (Tailwind's spacing names) --------------------------------------------------

describe('a T1 layer with Tailwind-style dotted names, against plain Style Dictionary 5 on the same file', () => {
  let dir: string;
  let validate: CliResult;
  let build: CliResult;
  let sdCss: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'livery-real-tailwind-'));
    const tokens = JSON.parse(readFileSync(TAILWIND_FIXTURE, 'utf8')) as DesignTokens;
    const sd = new StyleDictionary({
      tokens: structuredClone(tokens),
      platforms: { css: { transformGroup: 'css', files: [{ format: 'css/variables', destination: 'x.css' }] } },
      log: { verbosity: 'silent' },
    });
    const [[file], validated, built] = await Promise.all([
      sd.formatPlatform('css'),
      livery('validate', TAILWIND_FIXTURE, '--json'),
      livery('build', TAILWIND_FIXTURE, '--out', join(dir, 'theme')),
    ]);
    sdCss = String(file!.output);
    validate = validated;
    build = built;
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is accepted as a T1 layer, with a dotted_name warning for each name holding a "."', () => {
    const r = report(validate);
    expect(validate.code).toBe(0);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.path]).sort()).toEqual(
      ['0.5', '1.5', '2.5', '3.5'].map((name) => ['dotted_name', `primitive.twspacing.${name}`]),
    );
  });

  it('builds a theme.css that declares every property Style Dictionary declares, with the same value', async () => {
    expect(build.code, build.stderr).toBe(0);
    const ourScope = rootProperties(await readFile(join(dir, 'theme/theme.css'), 'utf8'));
    const theirScope = rootProperties(sdCss);
    expect(theirScope.size).toBe(29);
    expect(theirScope.has('--primitive-twspacing-0-5')).toBe(true);
    const rows: Row[] = [];
    const missing: string[] = [];
    for (const [name, value] of theirScope) {
      const ours = ourScope.get(name);
      if (ours === undefined) missing.push(name);
      else
        rows.push({
          name,
          kind: name.startsWith('--primitive-twcolor-') ? 'color' : 'dimension',
          ours: resolveVars(ours, ourScope),
          theirs: resolveVars(value, theirScope),
        });
    }
    expect(missing).toEqual([]);
    const comparison = compareRows(rows);
    expect(comparison.mismatches).toEqual([]);
    expect(comparison.compared).toBe(29);
    expect(comparison.maxDeltaE).toBeLessThan(1);
  });
});
