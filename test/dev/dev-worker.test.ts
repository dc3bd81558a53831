// `npm run dev:worker` (scripts/dev-worker.ts) end to end, as a newcomer runs it: the real Worker in workerd through
// `wrangler dev`, on the embedded database the script serves as Hyperdrive's local connection string — no PostgreSQL
// server, no Cloudflare login, no network. Runs once, in the PGlite selection (it never uses a PostgreSQL server).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabase } from '../support/databases.ts';
import { freePort } from '../support/pg-cluster.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'scripts/dev-worker.ts');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with an explicit Host header (fetch would send the URL's host instead). */
function send(
  port: number,
  host: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { host, ...init.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function run(args: string[]): ChildProcess {
  // Its own process group: wrangler and workerd are in it too, so the test can see that all of them are gone.
  return spawn(process.execPath, [script, ...args], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

describeOnDatabase('pglite', 'npm run dev:worker', () => {
  let child: ChildProcess;
  let port: number;
  let dataDir: string;
  let stdout = '';
  let stderr = '';
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    port = await freePort();
    dataDir = join(mkdtempSync(join(tmpdir(), 'livery-dev-worker-')), 'pgdata');
    child = run(['--port', String(port), '--data-dir', dataDir]);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    await new Promise<void>((resolveReady, reject) => {
      const check = () => {
        if (/Ctrl-C stops the Worker/.test(stdout)) resolveReady();
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) =>
        reject(new Error(`dev-worker exited with ${code} before it was ready:\n${stdout}\n${stderr}`)),
      );
    });
    for (const [, slug, key] of stdout.matchAll(/^ {2}(\S+) +(lvk_[0-9a-f]{12}_[0-9a-f]{64})$/gm)) keys[slug!] = key!;
  }, 240_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('prints the demo hosts and a ready-to-paste curl line for this port', () => {
    expect(stdout).toContain(`curl -H 'Host: shop.acme.livery.localhost' http://127.0.0.1:${port}/theme.css`);
    expect(stdout).toMatch(/^ {2}customer {2}store\.globex\.livery\.localhost$/m);
    expect(Object.keys(keys).sort()).toEqual(['acme', 'blog', 'docs', 'globex', 'livery', 'shop', 'store']);
  });

  it('serves each demo tenant its own theme.css from its Host header', async () => {
    const shop = await send(port, 'shop.acme.livery.localhost', '/theme.css');
    const globex = await send(port, 'globex.livery.localhost', '/theme.css');

    expect(shop.status).toBe(200);
    expect(globex.status).toBe(200);
    expect(shop.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(globex.headers['content-type']).toBe('text/css; charset=utf-8');
    // Acme Shop's own override (tokens/demo), which globex's theme does not have.
    expect(shop.body).toContain('--interactive-primary: #0b5d8a;');
    expect(globex.body).toContain(':root {');
    expect(globex.body).not.toBe(shop.body);
    expect((await send(port, 'nobody.livery.localhost', '/theme.css')).status).toBe(404);
  });

  it('stores a write made through the Worker, seen by the next theme request', async () => {
    const auth = { authorization: `Bearer ${keys.blog}` };
    const current = await send(port, 'blog.acme.livery.localhost', '/api/v1/tokens/overrides', { headers: auth });
    expect(current.status).toBe(200);
    // The demo gives blog no layer (version null, no ETag): then the write has no precondition.
    const { version } = JSON.parse(current.body) as { version: number | null };
    const ifMatch: Record<string, string> = current.headers.etag ? { 'if-match': String(current.headers.etag) } : {};

    const put = await send(port, 'blog.acme.livery.localhost', '/api/v1/tokens/overrides', {
      method: 'PUT',
      headers: { ...auth, ...ifMatch, 'content-type': 'application/json' },
      body: JSON.stringify({ primitive: { radius: { md: { $value: '13px' } } } }),
    });

    expect(put.status, put.body).toBe(200);
    expect(JSON.parse(put.body).version).toBe((version ?? 0) + 1);
    expect((await send(port, 'blog.acme.livery.localhost', '/theme.css')).body).toContain(
      '--primitive-radius-md: 13px;',
    );
  });

  it('answers requests that arrive together (each opens its own database connections)', async () => {
    const hosts = ['shop.acme', 'blog.acme', 'store.globex', 'docs.globex'].map((h) => `${h}.livery.localhost`);
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const slug = hosts[i % hosts.length]!.split('.')[0]!;
        return send(port, hosts[i % hosts.length]!, '/api/v1/tokens/overrides', {
          headers: { authorization: `Bearer ${keys[slug]}` },
        });
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  });

  it('stops wrangler, workerd and the database when it is told to stop', async () => {
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    // The script alone: it must pass the stop on to wrangler (a Ctrl-C in a terminal reaches the whole group anyway).
    process.kill(child.pid!, 'SIGTERM');

    expect(await exited).toBe(0);
    await expect.poll(() => groupAlive(child.pid!), { timeout: 20_000, interval: 250 }).toBe(false);
    // The database was closed: its lock file is gone, and a new run could open the directory.
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  }, 60_000);
});

it('refuses a bad --port with exit 2, naming the option', async () => {
  const child = run(['--port', 'eighty']);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolveExit) => child.once('exit', (c) => resolveExit(c)));

  expect(code).toBe(2);
  expect(stderr).toContain('--port must be a port number');
  expect(stderr).toContain('"eighty"');
});
