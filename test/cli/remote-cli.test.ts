// livery push / pull / diff against a real running Livery (the Node server on a fresh seeded database), as a partner
// pipeline runs them: a real process, LIVERY_URL naming the tenant's own host, LIVERY_API_KEY its key.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const cli = join(import.meta.dirname, '../../src/cli/main.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function livery(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: dir, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

let server: TestServer;
let dir: string;
let acme: Record<string, string>;
const file = (name: string) => join(dir, name);

describeOnDatabase('pglite', 'livery push, pull and diff against a running Livery', () => {
  beforeAll(async () => {
    server = await startTestServer('pglite');
    dir = await mkdtemp(join(tmpdir(), 'livery-remote-'));
    // the tenant's own host name: *.localhost reaches this machine without any resolver set-up
    acme = {
      LIVERY_URL: `http://acme.livery.localhost:${new URL(server.url).port}`,
      LIVERY_API_KEY: server.keys.acme!,
    };
  });
  afterAll(() => server?.close());

  it('pulls the current layer and its version; diff of what was pulled finds no difference', async () => {
    const pulled = await livery(['pull', '--out', file('acme.json')], acme);
    expect(pulled.code, pulled.stderr).toBe(0);
    const current = (await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json();
    expect(JSON.parse(await readFile(file('acme.json'), 'utf8'))).toEqual(current.tokens);
    expect(pulled.stderr).toContain(`version ${current.version}`);
    const same = await livery(['diff', file('acme.json')], acme);
    expect([same.code, same.stdout]).toEqual([0, expect.stringContaining('no difference')]);
  });

  it('diff names each token that would change, and exits 1', async () => {
    const layer = JSON.parse(await readFile(file('acme.json'), 'utf8'));
    layer.semantic.light.interactive.primary.$value = '#1e3a8a';
    delete layer.primitive.radius.md;
    await writeFile(file('changed.json'), JSON.stringify(layer, null, 2));
    const result = await livery(['diff', file('changed.json'), '--json'], acme);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.same).toBe(false);
    expect(report.changes).toEqual([
      { path: 'primitive.radius.md', change: 'removed', from: expect.any(Object) },
      {
        path: 'semantic.light.interactive.primary',
        change: 'changed',
        from: expect.any(Object),
        to: expect.objectContaining({ $value: '#1e3a8a' }),
      },
    ]);
  });

  it('a dry run shows violations at their line in the file and changes nothing; a push publishes with If-Match', async () => {
    const before = (await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json();
    await writeFile(
      file('low.json'),
      '{\n  "semantic": {\n    "light": {\n      "text": { "primary": { "$value": "#cccccc" } }\n    }\n  }\n}\n',
    );
    const dry = await livery(['push', file('low.json'), '--dry-run', '--json'], acme);
    expect(dry.code).toBe(1);
    const report = JSON.parse(dry.stdout);
    expect(report.ok).toBe(false);
    expect(report.violations[0]).toMatchObject({
      rule: 'contrast',
      path: 'semantic.light.text.primary',
      line: 4,
      column: 17,
    });
    expect((await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json().version).toBe(before.version);

    const refused = await livery(['push', file('low.json')], acme);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('low.json:4:17');

    const pushed = await livery(['push', file('changed.json'), '--json'], acme);
    expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
    expect(JSON.parse(pushed.stdout)).toEqual({ ok: true, version: before.version + 1, changed: true });
    const after = (await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json();
    expect(after.tokens.semantic.light.interactive.primary.$value).toBe('#1e3a8a');
    // pushing the same file again publishes nothing
    const again = await livery(['push', file('changed.json'), '--json'], acme);
    expect(JSON.parse(again.stdout)).toEqual({ ok: true, version: after.version, changed: false });
  });

  it('refuses to overwrite a version it did not read (--if-match), exit 1', async () => {
    const current = (await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json();
    const stale = await livery(['push', file('acme.json'), '--if-match', String(current.version - 1), '--json'], acme);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout).error.code).toBe('version_conflict');
    expect((await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json().version).toBe(current.version);
  });

  it('exits 2 with one JSON document for a refused key, an unreachable server and a missing URL', async () => {
    const badKey = await livery(['pull', '--json'], { ...acme, LIVERY_API_KEY: 'lvk_000000000000_nope' });
    expect(badKey.code).toBe(2);
    expect(JSON.parse(badKey.stdout)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const down = await livery(['diff', file('acme.json'), '--json'], { ...acme, LIVERY_URL: 'http://127.0.0.1:9' });
    expect(down.code).toBe(2);
    expect(JSON.parse(down.stdout)).toMatchObject({ ok: false, error: { code: 'connection_failed' } });
    const noUrl = await livery(['pull', '--json'], { LIVERY_URL: '', LIVERY_API_KEY: 'x' });
    expect([noUrl.code, JSON.parse(noUrl.stdout).error.code]).toEqual([2, 'usage']);
  });
});
