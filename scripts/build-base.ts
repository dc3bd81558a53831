// `npm run build:base`: builds the T0 base theme with Style Dictionary into build/ — the files the
// Worker imports (base.artifacts.json) and the ones people read. Deterministic: rebuilding from
// unchanged tokens/ gives byte-identical files (test/engine/emit-build.test.ts holds build/ to that).

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBaseArtifacts, type BaseArtifacts } from '../src/engine/emit/index.ts';
import { prepareBase } from '../src/engine/index.ts';
import { baseTree, governance } from '../src/tokens.ts';

export const BUILD_DIR = fileURLToPath(new URL('../build/', import.meta.url));

/** What the Worker imports: the two strings it serves, and a hash of them (the base's version in cache keys). */
export interface BaseArtifactsFile {
  hash: string;
  css: string;
  tailwind: string;
}

/** File name (in build/) → exact contents. */
export function baseBuildFiles(artifacts: BaseArtifacts): Record<string, string> {
  const { css, tailwind } = artifacts;
  const hash = `sha256-${createHash('sha256').update(css).update('\0').update(tailwind).digest('hex')}`;
  const importable: BaseArtifactsFile = { hash, css, tailwind };
  return {
    'base.css': css,
    'base.tailwind.css': tailwind,
    'base.json': artifacts.json,
    'base.flat.json': `${JSON.stringify(artifacts.flat, null, 2)}\n`,
    'base.artifacts.json': `${JSON.stringify(importable, null, 2)}\n`,
  };
}

/** Builds the base from tokens/ (what build/ must contain). */
export async function buildBaseFiles(): Promise<Record<string, string>> {
  return baseBuildFiles(await buildBaseArtifacts(prepareBase(baseTree, governance).theme));
}

async function main(): Promise<void> {
  const files = await buildBaseFiles();
  await mkdir(BUILD_DIR, { recursive: true });
  for (const [name, contents] of Object.entries(files)) {
    await writeFile(join(BUILD_DIR, name), contents);
    console.log(`build/${name}  ${Buffer.byteLength(contents)} bytes`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
