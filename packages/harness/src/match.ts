import type { TraceEvent } from '@concurrency/trace';
import type { Trace } from './trace-file.ts';

/**
 * Which events a check is about. Every key given must match: `actor` and `event`
 * by equality (or a RegExp, or any of a list), other keys by equality with the
 * event's field of that name. A function is used as it is.
 */
export type Match =
  | ((event: TraceEvent) => boolean)
  | {
      actor?: string | RegExp | readonly string[];
      event?: string | RegExp | readonly string[];
      [field: string]: unknown;
    };

function matchesValue(expected: unknown, actual: unknown): boolean {
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (Array.isArray(expected)) return expected.includes(actual);
  return expected === actual;
}

export function matches(match: Match, event: TraceEvent): boolean {
  if (typeof match === 'function') return match(event);
  return Object.entries(match).every(([key, expected]) =>
    expected === undefined ? true : matchesValue(expected, event[key]),
  );
}

export function select(trace: Trace, match: Match): TraceEvent[] {
  return trace.filter((event) => matches(match, event));
}

/** A short human name for a Match, for failure messages. */
export function describeMatch(match: Match): string {
  if (typeof match === 'function') return match.name || 'events chosen by a function';
  return Object.entries(match)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value instanceof RegExp ? value : JSON.stringify(value)}`)
    .join(' ');
}
