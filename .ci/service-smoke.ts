// CI: the service as an operator runs it on PostgreSQL — `npm start` with DATABASE_URL the least-privilege login and
// LIVERY_MIGRATION_URL the owner's — on a fresh database of the cluster whose superuser URL is argv[2]. Checks that it
// migrates and seeds through the owner URL, serves a tenant's theme, and that every connection it keeps is the
// service login's. Exit code 0 on success.
//
//   npx node .ci/service-smoke.ts <superuser URL>
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { databaseUrl } from '../test/support/database-setup.ts';
import { ensureServiceLogin, SERVICE_LOGIN } from '../test/support/pg-cluster.ts';

const adminUrl = process.argv[2];
if (!adminUrl) throw new Error('usage: service-smoke.ts <superuser URL>');
const database = `livery_smoke_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const root = fileURLToPath(new URL('..', import.meta.url));

function get(port: number, host: string, path: string): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const outgoing = request({ hostname: '127.0.0.1', port, path, headers: { host }, setHost: false }, (res) => {
      res.resume();
      res.on('end', () => resolveStatus(res.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

try {
  await admin.unsafe(`create database ${database}`);
  const ownerUrl = databaseUrl(adminUrl, database);
  // The roles exist once any database of the cluster was migrated (the test run did); the login is the README's.
  const serviceUrl = databaseUrl(await ensureServiceLogin(adminUrl), database);
  const server = spawn(process.execPath, ['src/node.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: serviceUrl, LIVERY_MIGRATION_URL: ownerUrl, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolvePort, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`npm start did not listen within 120 s:\n${out}`)), 120_000);
      server.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (found) {
          clearTimeout(timer);
          resolvePort(Number(found[1]));
        }
      });
      server.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
    });
    const theme = await get(port, 'shop.acme.livery.localhost', '/theme.css');
    const health = await get(port, 'livery.localhost', '/healthz');
    const logins = await admin<{ login: string }[]>`
      select distinct usename as login from pg_stat_activity where datname = ${database} and backend_type = 'client backend'`;
    const problems = [
      ...(theme === 200 ? [] : [`theme.css answered ${theme}`]),
      ...(health === 200 ? [] : [`/healthz answered ${health}`]),
      ...(logins.length > 0 && logins.every((l) => l.login === SERVICE_LOGIN)
        ? []
        : [`connections by ${JSON.stringify(logins)}`]),
    ];
    if (problems.length > 0) throw new Error(problems.join('; '));
    process.stdout.write(
      `the service ran as ${SERVICE_LOGIN} (migrated and seeded through LIVERY_MIGRATION_URL): theme 200, healthz 200\n`,
    );
  } finally {
    server.kill('SIGTERM');
  }
} finally {
  await admin.unsafe(`drop database if exists ${database} with (force)`).catch(() => {});
  await admin.end();
}
