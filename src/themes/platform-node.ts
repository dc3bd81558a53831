// Node only: the platform built from a tokens directory at startup (LIVERY_TOKENS_DIR), with Style Dictionary —
// what `npm run build:base` writes for the Worker, computed in-process — or the prebuilt one when none is named.
import { createHash } from 'node:crypto';
import { prepareBase } from '../engine/index.ts';
import type { PlatformTokens } from '../tokens-data.ts';
import { readTokensDir } from '../tokens-dir.ts';
import { loadPlatform, platformFrom, type Platform, type PlatformArtifacts } from './platform.ts';

/** The base built with Style Dictionary, and a hash of everything that decides a theme's bytes. */
export async function buildPlatformArtifacts(
  tokens: PlatformTokens,
): Promise<PlatformArtifacts & { json: string; flat: unknown }> {
  // Style Dictionary is loaded only here: `livery validate` on the bundled base never needs it (a third of its start-up).
  const { buildBaseArtifacts } = await import('../engine/emit/index.ts');
  const base = prepareBase(tokens.base, tokens.governance);
  const { css, tailwind, json, flat } = await buildBaseArtifacts(base.theme);
  const hash = createHash('sha256')
    .update(css)
    .update('\0')
    .update(tailwind)
    .update('\0')
    .update(JSON.stringify(tokens))
    .digest('hex');
  return { hash: `sha256-${hash}`, css, tailwind, tokens, json, flat };
}

const built = new Map<string, Promise<Platform>>();

/** The platform for `tokensDir` (built once per process), or the prebuilt bundled one when it is undefined. */
export function loadNodePlatform(tokensDir: string | undefined): Promise<Platform> {
  if (!tokensDir) return Promise.resolve(loadPlatform());
  let platform = built.get(tokensDir);
  if (!platform) {
    platform = (async () => {
      const { base, governance, catalog } = readTokensDir(tokensDir, { demo: false });
      const artifacts = await buildPlatformArtifacts({ base, governance, catalog });
      return platformFrom(artifacts);
    })();
    built.set(tokensDir, platform);
  }
  return platform;
}
