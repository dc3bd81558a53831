// One read breaker per database (src/lib/read-breaker.ts), shared by everything that reads it (host resolution,
// themes), so one failed read spares the others the wait.
import { ReadBreaker } from '../lib/read-breaker.ts';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './errors.ts';

const perDatabase = new WeakMap<object, ReadBreaker>();

export function readBreakerOf(db: object): ReadBreaker {
  let breaker = perDatabase.get(db);
  if (!breaker) {
    breaker = new ReadBreaker({
      isOutage: isDatabaseUnavailable,
      outage: (cause) => new DatabaseUnavailableError(cause),
    });
    perDatabase.set(db, breaker);
  }
  return breaker;
}
