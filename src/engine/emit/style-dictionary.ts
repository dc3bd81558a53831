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
import type { MergedTheme, ShadowLayer, TokenValue, TypographyValue } from '../types.ts';
import { themeDeclarations, type Declaration, type ThemeDeclarations } from './declarations.ts';
import { toDtcgTree, toFlat, type FlatTheme } from './json.ts';
import { declarationLine, INDENT, renderCssBlocks, renderTailwindTheme } from './layout.ts';
import { naturalCompare } from './naming.ts';
import { TAILWIND_MAPPING_COMMENT } from './tailwind.ts';

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

// Style Dictionary's own composite transforms write the shorthands (box-shadow, font, border, transition, stroke
// style): they write them the way Livery names and formats its properties, so they are used rather than copied.
// The SD-free renderer (./values.ts) produces the same bytes for tenants' overlays; a test holds the two equal.
const SD_SHORTHANDS = [
  'shadow/css/shorthand',
  'typography/css/shorthand',
  'border/css/shorthand',
  'transition/css/shorthand',
  'strokeStyle/css/shorthand',
];
const SHORTHAND_TYPES: ReadonlySet<string> = new Set(['shadow', 'typography', 'border', 'transition', 'strokeStyle']);

/** The SD configuration for a theme: tokens, hooks (transforms + formats) and one platform, two files. */
function styleDictionaryConfig(theme: MergedTheme, declarations: ThemeDeclarations): Config {
  const { tokens, declarationOf } = styleDictionaryTokens(theme, declarations);
  const referenced = (token: TransformedToken) => declarationOf(token).reference !== undefined;

  return {
    tokens,
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
          filter: (token) => !SHORTHAND_TYPES.has(token.$type ?? ''),
          // The declaration's own text: SD was given it, so this only proves SD carried it through unchanged.
          transform: (token) => declarationOf(token).resolved,
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
              {
                root: light.map(property(INDENT)),
                dark: dark.map(property(INDENT)),
                media: dark.map(property(INDENT + INDENT)),
              },
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
        transforms: [NAME_TRANSFORM, ...SD_SHORTHANDS, VALUE_TRANSFORM],
        files: [
          { destination: 'theme.css', format: CSS_FORMAT },
          { destination: 'theme.tailwind.css', format: TAILWIND_FORMAT },
        ],
      },
    },
  };
}

/**
 * The tokens SD builds from: one per accepted declaration, flat under `root` / `dark` with generated keys (names
 * with escapes or dots would not survive SD's reference syntax). A composite's own property is given as the
 * normalised object, so SD's shorthand transform writes it; everything else as its CSS text; a declaration that is
 * `var()` of another as a reference to it (SD resolves it, and outputs it as var() where the declarations chose).
 */
function styleDictionaryTokens(
  theme: MergedTheme,
  declarations: ThemeDeclarations,
): { tokens: DesignTokens; declarationOf: (token: TransformedToken) => Declaration } {
  const keyOf = new Map<string, string>(); // property name → `group.key`
  const byKey = new Map<string, Declaration>();
  const groups: Record<'root' | 'dark', Record<string, unknown>> = { root: {}, dark: {} };
  const all = [...declarations.root.values(), ...declarations.dark.values()];
  all.forEach((declaration, i) => {
    const group = declaration.mode === 'dark' ? 'dark' : 'root';
    keyOf.set(`${group}:${declaration.name}`, `${group}.t${i}`);
    byKey.set(`${group}.t${i}`, declaration);
  });
  for (const [key, declaration] of byKey) {
    const [group, name] = key.split('.') as ['root' | 'dark', string];
    const token = theme.tokens.get(declaration.path)!;
    let $type: string = token.type;
    let $value: unknown = declaration.resolved;
    if (declaration.reference !== undefined) {
      const target = /^var\((--.*)\)$/.exec(declaration.value)![1]!;
      $value = `{${keyOf.get(`${group}:${target}`) ?? keyOf.get(`root:${target}`)}}`;
    } else if (declaration.suffix === '' && SHORTHAND_TYPES.has(token.type)) {
      $value = shorthandInput(token.type, token.resolvedValue!);
    } else if (declaration.suffix !== '') {
      $type = 'companion';
    }
    Object.defineProperty(groups[group], name, {
      value: { $type, $value },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const declarationOf = (token: TransformedToken): Declaration => {
    const declaration = byKey.get(token.path.join('.'));
    // unreachable: SD is given exactly the accepted declarations
    if (declaration === undefined)
      throw new Error(`Style Dictionary has a token the declarations did not accept: ${token.path.join('.')}`);
    return declaration;
  };
  return { tokens: groups as DesignTokens, declarationOf };
}

/** A composite as SD's shorthand transforms read it: the normalised parts (CSS text), without what CSS's shorthand has no place for. */
function shorthandInput(type: string, value: TokenValue): unknown {
  if (type === 'typography') {
    const { fontFamily, fontSize, fontWeight, lineHeight } = value as TypographyValue;
    return {
      fontFamily,
      fontSize,
      ...(fontWeight !== undefined && { fontWeight }),
      ...(lineHeight !== undefined && { lineHeight }),
    };
  }
  if (type === 'shadow') {
    return (value as ShadowLayer[]).map(({ color, offsetX, offsetY, blur, spread, inset }) => ({
      color,
      offsetX,
      offsetY,
      blur,
      spread,
      ...(inset && { inset }),
    }));
  }
  return value;
}
