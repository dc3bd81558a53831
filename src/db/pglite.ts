// The embedded database (PGlite) behind the Database interface: `npm start` with nothing installed, and tests.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { createDatabase, type Database, type RawSession, type TransactionalDrizzle } from './core.ts';
import { DatabaseInUseError } from './errors.ts';
import { schema } from './schema.ts';

export interface PgliteOptions {
  dataDir: string;
  loadDataDir?: Blob;
}

export async function pgliteDatabase(options: PgliteOptions): Promise<Database> {
  const dataDir = options.dataDir;
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dirname(resolve(dataDir)), { recursive: true });
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(inMemory && options.loadDataDir ? {} : { dataDir }),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    release();
    throw error;
  }
  return wrapPglite(client, release);
}

// PGlite is one process's database: a second process opening the same directory would corrupt it. A pid file
// next to it turns that into a clear error (a lock left by a dead process is taken over).
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${resolve(dataDir)}.lock`;
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(lockFile, 'utf8').trim()) || undefined;
  } catch {
    /* no lock */
  }
  if (holder !== undefined && isAlive(holder)) {
    throw new DatabaseInUseError(
      `The embedded database ${dataDir} is in use by process ${holder}` +
        `${holder === process.pid ? ' (this one)' : ''}: stop it first, or set DATABASE_URL.`,
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** A Database over an existing PGlite instance (closing the Database closes it, then runs `afterClose` once). */
export function wrapPglite(client: PGlite, afterClose?: () => void): Database {
  const raw = async <T>(work: (session: RawSession) => Promise<T>): Promise<T> =>
    client.transaction((tx) =>
      work({
        query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
        script: async (text: string) => {
          await tx.exec(text);
        },
      }),
    );
  const closeClient = async () => {
    try {
      await client.close();
    } finally {
      afterClose?.();
    }
  };
  return createDatabase(
    'pglite',
    drizzlePglite({ client, schema }) as unknown as TransactionalDrizzle,
    raw,
    closeClient,
  );
}
