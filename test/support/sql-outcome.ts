// What a piece of database work came to, as one comparable string: 'ok', the SQLSTATE it failed with, a
// ConflictError's code, or the error's text.
import { ConflictError, sqlState } from '../../src/db/errors.ts';

export async function outcome(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return 'ok';
  } catch (error) {
    return sqlState(error) ?? (error instanceof ConflictError ? error.code : String(error));
  }
}
