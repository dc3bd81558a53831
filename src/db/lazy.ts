// A Database opened on first use. The Worker makes one per request, and a warm theme request never reaches the
// database: it should not pay for a client it does not use (nor close one).
import type { Database, DriverKind } from './core.ts';

export function lazyDatabase(kind: DriverKind, open: () => Database): Database {
  let opened: Database | undefined;
  const db = () => (opened ??= open());
  return {
    kind,
    asTenant: (tenantId, work) => db().asTenant(tenantId, work),
    asAuth: (work) => db().asAuth(work),
    asSystem: (work) => db().asSystem(work),
    resolveHost: (host) => db().resolveHost(host),
    edgeLookup: (host, request) => db().edgeLookup(host, request),
    rawTransaction: (work) => db().rawTransaction(work),
    close: async () => {
      await opened?.close();
    },
  };
}
