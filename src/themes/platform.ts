// The platform's fixed inputs, prepared once per process: the parsed T0 base, its Style Dictionary build and the
// theme catalog. The Worker (and Node, by default) take them from build/base.artifacts.json — written by
// `npm run build:base` from the bundled tokens/ or LIVERY_TOKENS_DIR, bundled into the Worker as JSON; Node can
// also build them from a tokens directory at startup (./platform-node.ts).
import bundledArtifacts from '../../build/base.artifacts.json' with { type: 'json' };
import { prepareBase, type BaseTheme } from '../engine/index.ts';
import type { CatalogTheme } from '../engine/types.ts';
import { deepFreeze, type PlatformTokens } from '../tokens-data.ts';

/** Bumped when the way a theme is built changes, so every cache key (edge, memory, stored artifact) moves on. */
export const BUILD_FORMAT = 3; // 3: theme.css carries the accessibility blocks

/** What `npm run build:base` writes to build/base.artifacts.json. */
export interface PlatformArtifacts {
  /** Identifies the base build and the token data (base, governance, catalog): part of every cache key. */
  hash: string;
  css: string;
  tailwind: string;
  tokens: PlatformTokens;
}

export interface Platform {
  base: BaseTheme;
  baseCss: string;
  baseTailwind: string;
  /** Identifies the base build; part of every theme's cache key. */
  baseHash: string;
  catalog: readonly CatalogTheme[];
  findTheme(name: string): CatalogTheme | null;
  /** The raw token data (base, governance, catalog) the platform was prepared from: what the studio's browser validates with. */
  tokens: PlatformTokens;
}

/** A platform from built artifacts. Throws if the token data is broken (the build would have refused it). */
export function platformFrom(artifacts: PlatformArtifacts): Platform {
  const tokens = deepFreeze(artifacts.tokens);
  return {
    base: prepareBase(tokens.base, tokens.governance),
    baseCss: artifacts.css,
    baseTailwind: artifacts.tailwind,
    baseHash: `${artifacts.hash}:${BUILD_FORMAT}`,
    catalog: tokens.catalog,
    findTheme: (name) => tokens.catalog.find((theme) => theme.name === name) ?? null,
    tokens,
  };
}

let bundled: Platform | undefined;

/** The platform as build/base.artifacts.json describes it (prepared once per process). */
export function loadPlatform(): Platform {
  bundled ??= platformFrom(bundledArtifacts as PlatformArtifacts);
  return bundled;
}
