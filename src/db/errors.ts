// Typed failures of the data layer. The HTTP edge maps DatabaseUnavailableError to 503 `database_unavailable`.

/** The database could not be reached (refused, dropped, shutting down, or a closed embedded instance). */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(cause: unknown) {
    super('The database is unavailable.', { cause });
  }
}

// Socket-level codes (Node and postgres.js) that mean "no usable connection", not "bad query".
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

// SQLSTATEs: class 08 connection exceptions, server shutting down / starting up, too many connections.
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

// workerd reports a database it cannot reach as plain Errors without a code: a Hyperdrive whose origin refuses, a
// socket that drops.
const unavailableMessages = new Set([
  'connection attempt failed',
  'Network connection lost.',
  'proxy request failed, cannot connect to the specified address',
]);

/** True when `error` (or anything in its `cause` chain) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (unavailableCodes.has(code) || isUnavailableSqlState(code))) return true;
    if (typeof message === 'string' && (/PGlite is closed/i.test(message) || unavailableMessages.has(message)))
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The SQLSTATE of a database error, looking through wrappers (drizzle wraps driver errors in `cause`). */
export function sqlState(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A write refused because it collides with existing data; `code` is the contract's error code. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  readonly code: 'slug_taken' | 'domain_taken' | 'version_conflict';
  constructor(code: ConflictError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** The versioned state moved on since the caller read it (If-Match): a 412 at the HTTP edge. */
export function versionConflict(what: string, current: number, expected: number | null | undefined): ConflictError {
  return new ConflictError(
    'version_conflict',
    `The ${what} moved on: the current version is ${current}, not ${expected ?? 'none'}.`,
  );
}

/** The embedded database directory is held by another process (PGlite allows one). */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
}
