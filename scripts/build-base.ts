// `npm run build:base`: builds the T0 base theme with Style Dictionary into build/ — the file the Worker imports
// (base.artifacts.json: the CSS and Tailwind it serves, the token data it governs with, and a hash of them) and
// the ones people read. It reads the bundled tokens/ or, when set, LIVERY_TOKENS_DIR. Deterministic: rebuilding
// from unchanged tokens gives byte-identical files (test/engine/emit-build.test.ts holds build/ to that).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlatformArtifacts } from '../src/themes/platform.ts';
import { buildPlatformArtifacts } from '../src/themes/platform-node.ts';
import { BUNDLED_TOKENS_DIR, readTokensDir } from '../src/tokens-dir.ts';

export const BUILD_DIR = fileURLToPath(new URL('../build/', import.meta.url));

/** Builds a tokens directory (what build/ must contain for it): file name → exact contents. */
export async function buildBaseFiles(tokensDir: string = BUNDLED_TOKENS_DIR): Promise<Record<string, string>> {
  const { base, governance, catalog } = readTokensDir(tokensDir, { demo: false });
  const { hash, css, tailwind, tokens, json, flat } = await buildPlatformArtifacts({ base, governance, catalog });
  const importable: PlatformArtifacts = { hash, css, tailwind, tokens };
  return {
    'base.css': css,
    'base.tailwind.css': tailwind,
    'base.json': json,
    'base.flat.json': `${JSON.stringify(flat, null, 2)}\n`,
    'base.artifacts.json': `${JSON.stringify(importable, null, 2)}\n`,
  };
}

async function main(): Promise<void> {
  const tokensDir = process.env.LIVERY_TOKENS_DIR || BUNDLED_TOKENS_DIR;
  const files = await buildBaseFiles(tokensDir);
  await mkdir(BUILD_DIR, { recursive: true });
  for (const [name, contents] of Object.entries(files)) {
    await writeFile(join(BUILD_DIR, name), contents);
    console.log(`build/${name}  ${Buffer.byteLength(contents)} bytes`);
  }
  console.log(`(from ${tokensDir})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
