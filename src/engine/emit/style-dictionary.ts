// The base build, through Style Dictionary 5: our name transform, our value transform and two
// formats (theme.css with its three blocks, and the Tailwind v4 `@theme inline` file), registered on
// the instance (never globally). Node / CLI / build script only: this module imports the full
// `style-dictionary` package; per-tenant work goes through ./overlay.ts instead.
//
// SD is given only the tokens ./declarations.ts accepted, and outputs a reference exactly where the
// declarations chose `var()`; a test holds the SD output byte-identical to the SD-free renderer.

import StyleDictionary from 'style-dictionary';
import type { Config, DesignTokens, TransformedToken } from 'style-dictionary/types';
import { createPropertyFormatter, fileHeader } from 'style-dictionary/utils';
import type { MergedTheme, TokenType } from '../types.ts';
import { themeDeclarations, type Declaration, type ThemeDeclarations } from './declarations.ts';
import { toDtcgTree, toFlat, type FlatTheme } from './json.ts';
import { declarationLine, INDENT, renderCssBlocks, renderTailwindTheme } from './layout.ts';
import { naturalCompare } from './naming.ts';
import { TAILWIND_MAPPING_COMMENT } from './tailwind.ts';
import { cssValue } from './values.ts';

export interface BaseArtifacts {
  /** theme.css of the base: `:root`, `[data-theme="dark"]` and the dark media block. */
  css: string;
  /** The Tailwind v4 file (`@theme inline`). */
  tailwind: string;
  /** The merged DTCG tree, pretty-printed JSON. */
  json: string;
  flat: FlatTheme;
}

const NAME_TRANSFORM = 'livery/name';
const VALUE_TRANSFORM = 'livery/css-value';
const CSS_FORMAT = 'livery/css-modes';
const TAILWIND_FORMAT = 'livery/tailwind';

const cache = new WeakMap<MergedTheme, Promise<BaseArtifacts>>();

/** Builds the base artifacts with Style Dictionary; memoised per theme object (built once per process). */
export function buildBaseArtifacts(base: MergedTheme): Promise<BaseArtifacts> {
  let artifacts = cache.get(base);
  if (!artifacts) {
    artifacts = build(base);
    cache.set(base, artifacts);
    artifacts.catch(() => cache.delete(base));
  }
  return artifacts;
}

async function build(base: MergedTheme): Promise<BaseArtifacts> {
  const declarations = themeDeclarations(base);
  const sd = new StyleDictionary(styleDictionaryConfig(base, declarations), { verbosity: 'silent' });
  const outputs = await sd.formatPlatform('web');
  const output = (destination: string) => {
    const file = outputs.find((o) => o.destination === destination);
    if (typeof file?.output !== 'string') throw new Error(`Style Dictionary produced no ${destination}`);
    return file.output;
  };
  return {
    css: output('theme.css'),
    tailwind: output('theme.tailwind.css'),
    json: `${JSON.stringify(toDtcgTree(base), null, 2)}\n`,
    flat: toFlat(base),
  };
}

/** The SD configuration for a theme: tokens, hooks (transforms + formats) and one platform, two files. */
function styleDictionaryConfig(theme: MergedTheme, declarations: ThemeDeclarations): Config {
  const pathOf = (token: TransformedToken) => token.path.join('.');
  const declarationOf = (token: TransformedToken): Declaration => {
    const declaration = declarations.byPath.get(pathOf(token));
    // unreachable: SD is given exactly the accepted tokens
    if (declaration === undefined) throw new Error(`Style Dictionary has a token the declarations did not accept: ${pathOf(token)}`);
    return declaration;
  };
  const referenced = (token: TransformedToken) => declarations.byPath.get(pathOf(token))?.reference !== undefined;

  return {
    tokens: styleDictionaryTokens(theme, declarations),
    log: { verbosity: 'silent', warnings: 'disabled' },
    hooks: {
      transforms: {
        [NAME_TRANSFORM]: {
          type: 'name',
          // SD's css property formatter adds the `--`
          transform: (token) => declarationOf(token).name.slice(2),
        },
        [VALUE_TRANSFORM]: {
          type: 'value',
          transform: (token) => {
            const value = cssValue(token.$type as TokenType, String(token.$value));
            // unreachable: only values cssValue accepted are given to SD
            if (value === undefined) throw new Error(`unsafe value reached Style Dictionary at ${pathOf(token)}`);
            return value;
          },
        },
      },
      formats: {
        [CSS_FORMAT]: async ({ dictionary, file }) => {
          const property = (indentation: string) =>
            createPropertyFormatter({
              dictionary,
              format: 'css',
              usesDtcg: true,
              outputReferences: referenced,
              // descriptions are user text: never copy them into a CSS comment
              formatting: { indentation, commentStyle: 'none' },
            });
          const byName = (a: TransformedToken, b: TransformedToken) => naturalCompare(a.name, b.name);
          const light = dictionary.allTokens.filter((t) => declarationOf(t).mode !== 'dark').sort(byName);
          const dark = dictionary.allTokens.filter((t) => declarationOf(t).mode === 'dark').sort(byName);
          const header = await fileHeader({ file, commentStyle: 'long' });
          return (
            header +
            renderCssBlocks(
              { root: light.map(property(INDENT)), dark: dark.map(property(INDENT)), media: dark.map(property(INDENT + INDENT)) },
              true,
            )
          );
        },
        // The same entries the SD-free overlay uses: SD was given exactly the accepted tokens.
        [TAILWIND_FORMAT]: () => {
          const lines = [...declarations.tailwind].map(([name, value]) => declarationLine(name, value, INDENT));
          return `${TAILWIND_MAPPING_COMMENT}\n${renderTailwindTheme(lines, true)}`;
        },
      },
    },
    platforms: {
      web: {
        transforms: [NAME_TRANSFORM, VALUE_TRANSFORM],
        files: [
          { destination: 'theme.css', format: CSS_FORMAT },
          { destination: 'theme.tailwind.css', format: TAILWIND_FORMAT },
        ],
      },
    },
  };
}

/**
 * The token tree SD builds from: the accepted tokens, nested by path, `$value` the engine's normalised
 * CSS text, or the alias (`{a.b}`) when its target was accepted — SD then resolves it, and outputs it
 * as var() where the declarations chose to. Throws if the paths cannot nest (a `.` inside a name
 * whose prefix is itself a token): the base is T0's own data and must not contain that.
 */
function styleDictionaryTokens(theme: MergedTheme, declarations: ThemeDeclarations): DesignTokens {
  const tree: Record<string, unknown> = {};
  // sorted: a token is placed before any path that would nest under it
  for (const path of [...declarations.byPath.keys()].sort()) {
    const token = theme.tokens.get(path)!;
    const aliasAccepted = token.alias !== undefined && declarations.byPath.has(token.alias);
    const $value = aliasAccepted ? `{${token.alias}}` : (token.alias === undefined ? token.css : undefined) ?? token.resolved;
    const segments = path.split('.');
    let group = tree;
    for (const segment of segments.slice(0, -1)) {
      const next = Object.hasOwn(group, segment) ? group[segment] : undefined;
      if (next !== undefined && (typeof next !== 'object' || next === null || Object.hasOwn(next, '$value'))) {
        throw new Error(`cannot nest ${path} under a token for Style Dictionary`);
      }
      if (next === undefined) Object.defineProperty(group, segment, { value: {}, enumerable: true, writable: true, configurable: true });
      group = group[segment] as Record<string, unknown>;
    }
    if (Object.hasOwn(group, segments.at(-1)!)) throw new Error(`cannot place ${path} for Style Dictionary: its name is taken`);
    Object.defineProperty(group, segments.at(-1)!, {
      value: { $type: token.type, $value },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return tree as DesignTokens;
}
