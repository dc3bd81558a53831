// `livery <command> …` — dispatches to one module per command in ./commands.
// Each command module exports `run(argv: string[]): Promise<number>` and returns the exit code.
import { fileURLToPath } from 'node:url';

const commands: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  validate: { summary: 'validate an override file offline', load: () => import('./commands/validate.ts') },
  check: { summary: 'check a complete token tree on its own (a design system)', load: () => import('./commands/check.ts') },
  convert: { summary: 'convert a Tokens Studio export to DTCG 2025.10', load: () => import('./commands/convert.ts') },
  build: { summary: 'build a merged theme offline (css, json, tailwind)', load: () => import('./commands/build.ts') },
  dev: { summary: 'run the Node server on the embedded database with the demo seeded', load: () => import('./commands/dev.ts') },
  migrate: { summary: 'apply migrations/ (idempotent)', load: () => import('./commands/migrate.ts') },
  'seed-demo': { summary: 'seed the demo platform, partners and customers', load: () => import('./commands/seed-demo.ts') },
  tenant: { summary: 'tenant create --tier 1|2 --slug S --name N [--parent SLUG]', load: () => import('./commands/tenant.ts') },
  domain: { summary: 'domain add --tenant SLUG --domain D --verified', load: () => import('./commands/domain.ts') },
  key: { summary: 'key create --tenant SLUG [--role admin|editor|viewer]', load: () => import('./commands/key.ts') },
  gc: { summary: 'delete ended sessions, finished OAuth flows, abandoned anonymous users, expired domain claims', load: () => import('./commands/gc.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: livery <command> [options]',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `livery <command> --help` for a command\'s options.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`livery: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`livery: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
