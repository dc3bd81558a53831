// The Worker benchmark's database when no PostgreSQL is installed: an in-memory PGlite, migrated and seeded with the
// demo, served on a PostgreSQL wire socket (as `npm run dev:worker` does), in its own process so its queries do not
// share the load generator's event loop. Sends {ready: <connection string>} over IPC; exits on disconnect.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { wrapPglite } from '../../src/db/database.ts';
import { defaultHosts, migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/ops/seed-demo.ts';
import { demo } from '../../src/tokens.ts';

const client = await PGlite.create();
const db = wrapPglite(client);
await migrate(db, { hosts: defaultHosts });
await db.asSystem((tx) => seedDemo(tx, demo, defaultHosts));
// Each Worker request opens its own connection; pglite-socket refuses connections beyond its limit (default 1).
const socket = new PGLiteSocketServer({ db: client, host: '127.0.0.1', port: 0, maxConnections: 100 });
await socket.start();
process.on('disconnect', () => void socket.stop().then(() => db.close().then(() => process.exit(0))));
// PGlite has one login (a superuser) and no password check; miniflare insists on a password in the string.
process.send!({ ready: `postgres://postgres:postgres@${socket.getServerConn()}/postgres?sslmode=disable` });
