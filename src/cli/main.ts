// `livery <command> …` — dispatches to one module per command in ./commands, loaded only when run (so `validate`
// never loads the server or the database). Each exports `run(argv: string[]): Promise<number>`: the exit code.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closestMatch } from 'leven';

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  validate: { summary: 'validate an override file offline', load: () => import('./commands/validate.ts') },
  check: {
    summary: 'check a complete token tree on its own (a design system)',
    load: () => import('./commands/check.ts'),
  },
  convert: { summary: 'convert a Tokens Studio export to DTCG 2025.10', load: () => import('./commands/convert.ts') },
  build: { summary: 'build a merged theme offline (css, json, tailwind)', load: () => import('./commands/build.ts') },
  push: {
    summary: 'publish an override file to a running Livery (--dry-run: validate only)',
    load: () => import('./commands/push.ts'),
  },
  pull: { summary: 'fetch the current override layer from a running Livery', load: () => import('./commands/pull.ts') },
  diff: {
    summary: 'show what publishing a file would change on a running Livery',
    load: () => import('./commands/diff.ts'),
  },
  dev: {
    summary: 'run the Node server on the embedded database with the demo seeded',
    load: () => import('./commands/dev.ts'),
  },
  migrate: { summary: 'apply the database migrations (idempotent)', load: () => import('./commands/migrate.ts') },
  'seed-demo': {
    summary: 'seed the demo platform, partners and customers',
    load: () => import('./commands/seed-demo.ts'),
  },
  tenant: {
    summary: 'tenant create --tier 1|2 --slug S --name N [--parent SLUG]',
    load: () => import('./commands/tenant.ts'),
  },
  domain: { summary: 'domain add --tenant SLUG --domain D [--verified]', load: () => import('./commands/domain.ts') },
  key: { summary: 'key create --tenant SLUG [--role admin|editor|viewer]', load: () => import('./commands/key.ts') },
  gc: {
    summary: 'delete ended sessions, finished OAuth flows, abandoned anonymous users, expired domain claims',
    load: () => import('./commands/gc.ts'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: livery <command> [options]',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    '  --version  print the version',
    '  --help     print this list',
    '',
    "Run `livery <command> --help` for a command's options.",
  ].join('\n');
}

/** The version in the package.json above this file (the repository's, or the installed package's). */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'livery' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
    dir = dirname(dir);
  }
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? process.stdout : process.stderr).write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const guess = closestMatch(name, Object.keys(commands), { maxDistance: 3 });
    const what = name.startsWith('-') ? 'option' : 'command';
    process.stderr.write(
      `livery: unknown ${what} "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}\n\n${usage()}\n`,
    );
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

/** Runs the CLI as a process: the exit code, and an unexpected failure as one line (no stack) with exit 2. */
export function runAsProcess(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`livery: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) runAsProcess(process.argv.slice(2));
