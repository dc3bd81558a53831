// livery dev — the Node server on the embedded database (or DATABASE_URL) with the demo seeded; same as `npm start`.
import { printWelcome, startNodeServer } from '../../node.ts';

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: livery dev   (PORT, HOST, DATABASE_URL, LIVERY_MIGRATION_URL and the LIVERY_* variables configure it)\n');
    return 0;
  }
  const running = await startNodeServer();
  printWelcome(running, (line) => console.log(line));
  await new Promise<void>((resolve) => {
    const stop = () => void running.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
