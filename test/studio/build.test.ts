// build/studio.json is what /studio/app.js serves (imported as JSON on Node and in the Worker): it must be the
// bundle of today's src/studio/client, or the browser would run yesterday's code. `npm run build:studio` rebuilds it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildStudio, STUDIO_BUILD, studioFile } from '../../scripts/build-studio.ts';

describe('the studio bundle', () => {
  it('build/studio.json is current (run `npm run build:studio` after changing src/studio/client or the engine)', async () => {
    const committed = readFileSync(STUDIO_BUILD, 'utf8');
    expect(committed === studioFile(await buildStudio()), 'build/studio.json is stale').toBe(true);
  });

  it('is one browser module with no Node built-in left to resolve', async () => {
    const { js, hash } = await buildStudio();
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(js).not.toMatch(/\bfrom\s*["'](?:node:)?(?:fs|path|crypto|url|zlib|buffer|process|module)["']/);
    expect(js).not.toMatch(/\brequire\(/);
  });
});
