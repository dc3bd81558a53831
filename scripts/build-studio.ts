// `npm run build:studio`: bundles the studio's browser code (src/studio/client/main.ts, with the engine it validates
// with) into build/studio.json `{hash, js}` — imported as JSON by src/http/routes/studio.ts, so Node and
// the Worker serve the same bytes with no file system. Deterministic: test/studio/build.test.ts rebuilds it in
// memory and fails when the committed file is stale.
import { writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const STUDIO_ENTRY = fileURLToPath(new URL('../src/studio/client/main.ts', import.meta.url));
export const STUDIO_BUILD = fileURLToPath(new URL('../build/studio.json', import.meta.url));

export interface StudioBundle {
  /** The first 16 hex digits of the bundle's SHA-256: the `?v=` that makes /studio/app.js cacheable for a year. */
  hash: string;
  js: string;
}

export async function buildStudio(): Promise<StudioBundle> {
  const result = await build({
    entryPoints: [STUDIO_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const js = result.outputFiles[0]!.text;
  const hash = createHash('sha256').update(js).digest('hex').slice(0, 16);
  return { hash, js };
}

/** The file's exact contents (one trailing newline). */
export function studioFile(bundle: StudioBundle): string {
  return `${JSON.stringify(bundle)}\n`;
}

async function main(): Promise<void> {
  const bundle = await buildStudio();
  await writeFile(STUDIO_BUILD, studioFile(bundle));
  const gzipped = gzipSync(bundle.js, { level: 9 }).length;
  console.log(
    `build/studio.json  ${Buffer.byteLength(bundle.js)} bytes of JavaScript, ${gzipped} gzipped, v=${bundle.hash}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
