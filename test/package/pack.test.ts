// The package as users get it: the tarball `npm pack` makes (compiled by prepack), installed into an empty directory,
// and `livery` run from somewhere else — offline commands, and `livery dev` serving a demo theme. Slow (tsc, an npm
// install, a server start), so it runs once, in the PGlite phase.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabase } from '../support/databases.ts';

const repo = join(import.meta.dirname, '../..');
// the installed bin's `#!/usr/bin/env node` finds the Node that runs the tests (>= 22) first
const env = {
  ...process.env,
  PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
  npm_config_update_notifier: 'false',
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, timeout = 300_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let work: string;
let app: string;
let elsewhere: string;
let livery: (...args: string[]) => Promise<Run>;

describeOnDatabase('pglite', 'the npm package', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'livery-pack-'));
    app = join(work, 'app');
    elsewhere = join(work, 'elsewhere');
    const packed = await run('npm', ['pack', '--pack-destination', work, '--json'], repo, 400_000);
    expect(packed.code, packed.stderr).toBe(0);
    const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string }];
    await run('mkdir', ['-p', app, elsewhere], work);
    await writeFile(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
    const installed = await run(
      'npm',
      ['install', join(work, filename), '--prefer-offline', '--no-audit', '--no-fund'],
      app,
      400_000,
    );
    expect(installed.code, installed.stderr).toBe(0);
    livery = (...args) => run(join(app, 'node_modules/.bin/livery'), args, elsewhere, 120_000);
  }, 900_000);
  afterAll(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

  it('ships the compiled CLI and its data, and no sources or tests', async () => {
    const root = join(app, 'node_modules/livery');
    expect((await readdir(root)).sort()).toEqual(expect.arrayContaining(['bin', 'dist', 'package.json']));
    expect(await readdir(root)).not.toContain('src');
    expect(await readdir(root)).not.toContain('test');
    expect((await readdir(join(root, 'dist'))).sort()).toEqual(['build', 'migrations', 'src', 'tokens']);
  });

  it('runs --version, validate, check and build from another directory', async () => {
    const { version } = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
    expect(await livery('--version')).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(await run('npx', ['--no-install', 'livery', '--version'], app)).toMatchObject({
      code: 0,
      stdout: `${version}\n`,
    });

    await writeFile(
      join(elsewhere, 'ok.json'),
      JSON.stringify({ semantic: { light: { interactive: { primary: { $value: '#1d4ed8' } } } } }),
    );
    await writeFile(
      join(elsewhere, 'low.json'),
      '{\n  "semantic": { "light": { "text": { "primary": { "$value": "#cccccc" } } } }\n}\n',
    );
    expect(await livery('validate', 'ok.json')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('no violations'),
    });
    const low = await livery('validate', 'low.json', '--json');
    expect(low.code).toBe(1);
    expect(JSON.parse(low.stdout).violations[0]).toMatchObject({ rule: 'contrast', line: 2 });

    // the bundled base, checked with its governance, as `livery check` reads any design system
    const tokens = join(app, 'node_modules/livery/dist/tokens');
    const checked = await livery('check', join(tokens, 'base'), '--governance', join(tokens, 'governance'), '--json');
    expect([checked.code, JSON.parse(checked.stdout).ok]).toEqual([0, true]);

    const built = await livery('build', 'ok.json', '--out', 'theme', '--theme', 'ocean');
    expect(built.code, built.stderr).toBe(0);
    expect((await readdir(join(elsewhere, 'theme'))).sort()).toEqual([
      'theme.css',
      'theme.flat.json',
      'theme.json',
      'theme.tailwind.css',
    ]);
    expect(
      JSON.parse(await readFile(join(elsewhere, 'theme/theme.flat.json'), 'utf8')).light['--interactive-primary'],
    ).toBe('#1d4ed8');
  });

  it('runs livery dev: migrates an embedded database in the working directory, seeds the demo, serves its themes', async () => {
    const server = spawn(join(app, 'node_modules/.bin/livery'), ['dev'], {
      cwd: elsewhere,
      env: { ...env, PORT: '0' },
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          const found = /listening on (http:\/\/\S+)/.exec(output);
          if (found) resolve(found[1]!);
        });
        server.on('exit', (code) => reject(new Error(`livery dev exited ${code}: ${output}`)));
      });
      const css = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        request(`${url}/theme.css`, { headers: { host: 'shop.acme.livery.localhost' } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString('utf8');
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on('error', reject)
          .end();
      });
      expect(css.status).toBe(200);
      expect(css.body).toMatch(/--interactive-primary:/);
      expect(await readdir(join(elsewhere, '.livery'))).toContain('pgdata');
    } finally {
      server.kill('SIGINT');
    }
  }, 300_000);
});
