// A Livery Node server in its own process for the HTTP benchmarks: `node --expose-gc livery-server.ts <dataDir | url>`.
// Answers IPC: {cmd: 'rss'} → {rss} after a full GC.
import { openDatabase } from '../../src/db/database.ts';
import { startNodeServer } from '../../src/node-server.ts';

// The argument is a PGlite data directory or a PostgreSQL URL.
const target = process.argv[2]!;
const db = await openDatabase(/^postgres(ql)?:\/\//.test(target) ? { url: target } : { dataDir: target });
const running = await startNodeServer({
  db,
  port: 0,
  seed: false,
  log: () => {},
  env: {
    LIVERY_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
    LIVERY_PLATFORM_HOST: 'livery.localhost',
    LIVERY_PARTNER_ROOT: 'livery.localhost',
  },
});
process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'rss') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ rss: process.memoryUsage().rss, detail: process.memoryUsage() });
  }
});
process.on(
  'disconnect',
  () =>
    void running
      .close()
      .then(() => db.close())
      .then(() => process.exit(0)),
);
process.send!({ ready: running.url });
