// livery dev — the Node server on the embedded database (or DATABASE_URL) with the demo seeded; same as `npm start`.
import { helpText, parseFlags, type CommandSpec } from '../args.ts';
import { UnusableInput } from '../input.ts';
import { unusable } from '../layers.ts';

export const spec: CommandSpec = {
  name: 'dev',
  synopsis: '',
  description: `Runs the Node server on the embedded database in ./.livery/pgdata (or DATABASE_URL), migrated and with the demo
seeded, and prints the demo hosts and admin keys. PORT, HOST, DATABASE_URL, LIVERY_MIGRATION_URL and the LIVERY_*
variables configure it. Ctrl-C stops it.`,
  flags: {},
};

export async function run(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, spec);
    if (values.help) {
      process.stdout.write(helpText(spec));
      return 0;
    }
    if (positionals.length > 0) throw new UnusableInput(`dev takes no arguments, got "${positionals[0]}"`, 'usage');
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    return unusable('dev', false, error);
  }
  const { printWelcome, startNodeServer } = await import('../../node-server.ts');
  const running = await startNodeServer();
  printWelcome(running, (line) => console.log(line));
  await new Promise<void>((resolve) => {
    const stop = () => void running.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
