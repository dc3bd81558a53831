// The graduation ladder. A user only ever moves up it; the user id never changes on the way.
import type { UserLevel } from '../db/schema.ts';

export const LEVELS: readonly UserLevel[] = ['anonymous', 'preview', 'oauth', 'full'];

export function atLeast(level: UserLevel, minimum: UserLevel): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(minimum);
}

/** The higher of two levels: graduating never demotes. */
export function higher(a: UserLevel, b: UserLevel): UserLevel {
  return atLeast(a, b) ? a : b;
}
