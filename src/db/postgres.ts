// postgres.js behind the Database interface: Node (DATABASE_URL) and the Worker (Hyperdrive).
import postgres from 'postgres';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { createDatabase, type Database, type RawSession, type TransactionalDrizzle } from './core.ts';
import { schema } from './schema.ts';

/** A pooled postgres.js client for `url` as a Database. */
export function connectPostgres(url: string, poolSize: number): Database {
  return wrapPostgres(postgres(url, { max: poolSize, onnotice: () => {}, connect_timeout: 10 }));
}

/** A Database over an existing postgres.js client (closing the Database ends it). */
export function wrapPostgres(client: postgres.Sql): Database {
  const raw = async <T>(work: (session: RawSession) => Promise<T>): Promise<T> =>
    client.begin((tx) =>
      work({
        query: async <R>(text: string, params?: unknown[]) =>
          (await tx.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[])) as unknown as R[],
        // No parameters → postgres.js uses the simple protocol, which accepts several statements.
        script: async (text: string) => {
          await tx.unsafe(text);
        },
      }),
    ) as Promise<T>;
  return createDatabase('postgres', drizzlePostgres({ client, schema }) as unknown as TransactionalDrizzle, raw, () =>
    client.end({ timeout: 5 }),
  );
}
