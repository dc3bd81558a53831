// Bring your own base: the service run on another design system (LIVERY_TOKENS_DIR → test/fixtures/second-base,
// "Acorn": its own paths, governance, catalog and demo), exactly as an operator would. Nothing of Livery's bundled
// base may show through: the CSS, the validation and the catalog are Acorn's.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBaseFiles } from '../../scripts/build-base.ts';
import { platformFrom, type PlatformArtifacts } from '../../src/themes/platform.ts';
import { testDatabases } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const TOKENS_DIR = join(import.meta.dirname, '../fixtures/second-base');
const run = promisify(execFile);

describe('the service on a base of its own (LIVERY_TOKENS_DIR)', () => {
  let server: TestServer;

  beforeAll(async () => {
    // The base, not the database, is under test here: the first database this run selected.
    const database = testDatabases().find((d) => d.skip === false);
    if (!database) throw new Error('no database available');
    server = await startTestServer(database.name, { env: { LIVERY_TOKENS_DIR: TOKENS_DIR } });
  });
  afterAll(() => server?.close());

  it("seeds the directory's demo and serves its tokens, none of the bundled base", async () => {
    expect(server.tenants.map((t) => t.slug)).toEqual(['acorn', 'oak', 'leaf']);
    const css = (await server.request({ host: 'leaf.oak.livery.localhost', path: '/theme.css' })).text;
    expect(css).toContain('--surface-page: var(--primitive-ink-0);');
    expect(css).toContain('--primitive-gap-1-5: 6px;');
    expect(css).not.toContain('--background-canvas');
    // the partner's catalog theme and its own layer reach its customer
    expect(css).toContain('--action-main: #1f4d29;');
    expect(css).toContain('--primitive-corner-soft: 14px;');
    const catalog = (await server.request({ host: 'oak.livery.localhost', path: '/api/v1/themes' })).json();
    expect(catalog.map((t: { name: string }) => t.name)).toEqual(['pine']);
  });

  it("governs writes with the directory's rules: its paths, its protected tokens, its contrast pairs", async () => {
    const livery = await server.api('oak', 'PUT', '/api/v1/tokens/overrides', {
      semantic: { light: { background: { canvas: { $value: '#ffffff' } } } },
    });
    expect(livery.status).toBe(422);
    expect(livery.json().error.violations.map((v: { rule: string }) => v.rule)).toEqual(['unknown_path']);
    const danger = await server.api('oak', 'PUT', '/api/v1/tokens/overrides', {
      semantic: { dark: { feedback: { danger: { $value: '#ff00ff' } } } },
    });
    expect(danger.status).toBe(403);
    // 7:1 on the page is Acorn's bar, not Livery's 4.5
    const dim = await server.api('oak', 'PUT', '/api/v1/tokens/overrides', {
      semantic: { light: { words: { body: { $value: '#5a5a5a' } } } },
    });
    expect(dim.status).toBe(422);
    expect(dim.json().error.violations[0]).toMatchObject({
      rule: 'contrast',
      pair: ['semantic.light.words.body', 'semantic.light.surface.page'],
      required: 7,
    });
  });

  it("builds the Worker's artifacts from it (npm run build:base with LIVERY_TOKENS_DIR)", async () => {
    const files = await buildBaseFiles(TOKENS_DIR);
    const artifacts = JSON.parse(files['base.artifacts.json']!) as PlatformArtifacts;
    expect(artifacts.css).toContain('--words-body: var(--primitive-ink-900);');
    expect(artifacts.css).not.toContain('--background-canvas');
    expect(artifacts.tokens.catalog.map((t) => t.name)).toEqual(['pine']);
    expect(artifacts.tokens.governance.pairs[0]).toMatchObject({ fg: 'words.body', min: 7 });
    // and a Worker platform made from them governs with Acorn's rules
    const platform = platformFrom(artifacts);
    expect(platform.base.protectedPaths).toEqual(['semantic.light.feedback.danger', 'semantic.dark.feedback.danger']);
  });

  it('validates offline against the same base from the CLI', async () => {
    const env = { ...process.env, LIVERY_TOKENS_DIR: TOKENS_DIR };
    const cli = join(import.meta.dirname, '../../src/cli/main.ts');
    const ok = await run(
      process.execPath,
      [cli, 'validate', join(TOKENS_DIR, 'demo/oak.json'), '--theme', 'pine', '--json'],
      { env },
    );
    expect(JSON.parse(ok.stdout).ok).toBe(true);
    // `-` reads the layer from stdin, as a pipeline would send it
    const child = run(process.execPath, [cli, 'validate', '-', '--json'], { env });
    child.child.stdin!.end(JSON.stringify({ semantic: { light: { words: { body: { $value: '#5a5a5a' } } } } }));
    const refused = await child.catch((e: { code: number; stdout: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect(JSON.parse((refused as { stdout: string }).stdout).violations[0]).toMatchObject({
      rule: 'contrast',
      required: 7,
    });
  });
});
